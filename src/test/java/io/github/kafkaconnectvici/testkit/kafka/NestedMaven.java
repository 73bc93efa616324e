package io.github.kafkaconnectvici.testkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Maven build of its own (a pom under src/test) run from the root build or a test, output inherited. */
final class NestedMaven {

    private NestedMaven() {
    }

    /** Runs {@code mvn -B -q -f pom args...} in {@code project}; fails on a non-zero exit or after the timeout. */
    static void run(Path project, Path pom, List<String> args, String what, long timeoutMinutes) {
        List<String> command = new ArrayList<>(List.of(executable(), "-B", "-q", "-f", pom.toString()));
        command.addAll(args);
        try {
            Process maven = new ProcessBuilder(command).directory(project.toFile()).inheritIO().start();
            if (!maven.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                maven.descendants().forEach(ProcessHandle::destroyForcibly);
                maven.destroyForcibly();
                throw new IllegalStateException(what + " took over " + timeoutMinutes + " minutes: "
                        + String.join(" ", command));
            }
            if (maven.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + maven.exitValue() + "): "
                        + String.join(" ", command));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        }
    }

    /** The Maven running this build (maven.home is set inside Maven's JVM), else mvn from the PATH. */
    private static String executable() {
        String home = System.getProperty("maven.home");
        if (home != null) {
            Path mvn = Path.of(home, "bin", "mvn");
            if (Files.isExecutable(mvn)) {
                return mvn.toString();
            }
        }
        return "mvn";
    }
}
