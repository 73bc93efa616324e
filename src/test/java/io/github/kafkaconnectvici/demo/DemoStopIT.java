package io.github.kafkaconnectvici.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ./demo} stops when asked, as a user at a terminal asks: the script runs in a process group of its
 * own (a terminal's foreground job), and once its connectors run, SIGINT goes to the whole group again and
 * again (an impatient Ctrl-C) until nothing of it is left. Then no process of the group, none of its network
 * namespaces and no listener on its broker's port remain. The bound is generous (the demo needs a few
 * seconds); what it catches is the JVM that stayed 30 s retrying a broker already gone.
 */
@ExtendWith(CharonRigExtension.class)
class DemoStopIT {

    private static final Duration START = Duration.ofMinutes(6);
    private static final Duration STOP_BOUND = Duration.ofSeconds(20);
    private static final Pattern NETNS = Pattern.compile("netns (\\S+)\\)");
    private static final Pattern BROKER = Pattern.compile("Kafka broker at (?:PLAINTEXT://)?([\\w.-]+):(\\d+)");

    @Test
    void repeatedCtrlCStopsTheWholeDemoPromptly() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "demo-stop-it").toAbsolutePath());
        Path stderr = dir.resolve("stderr.log");
        // SIGINT at its default, as in a terminal: a build started in the background of a non-interactive
        // shell (nohup ... &) inherits SIGINT ignored, which the JVM honours, and the demo would then
        // ignore this test's Ctrl-C (seen: the whole suite run that way failed here, alone it passed).
        Process demo = new ProcessBuilder("setsid", "env", "--default-signal=INT", "./demo")
                .redirectOutput(dir.resolve("stdout.log").toFile()).redirectError(stderr.toFile()).start();
        demo.getOutputStream().close();
        long group = demo.pid(); // setsid from a non-leader execs in place: the script's pid leads the new group
        try {
            await("./demo's connectors running; its stderr: " + stderr).atMost(START).pollInterval(Duration.ofSeconds(1))
                    .failFast("./demo exited; its stderr: " + stderr, () -> !demo.isAlive())
                    .until(() -> read(stderr).contains("connectors running"));
            String started = read(stderr);
            List<String> namespaces = all(NETNS, started, 1);
            assertThat(namespaces).as("the demo's network namespaces, from its stderr").hasSize(2)
                    .allSatisfy(ns -> assertThat(Path.of("/run/netns", ns)).exists());
            Matcher broker = BROKER.matcher(started);
            assertThat(broker.find()).as("the broker's address in\n" + started).isTrue();
            InetSocketAddress brokerAddress = new InetSocketAddress(broker.group(1), Integer.parseInt(broker.group(2)));
            assertThat(listening(brokerAddress)).isTrue();
            assertThat(processesIn(group)).as("the demo's JVM and charon daemons").isNotEmpty();

            AtomicInteger signals = new AtomicInteger();
            long firstSignal = System.nanoTime();
            await("every process of the group gone after SIGINTs").atMost(STOP_BOUND).pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        if (processesIn(group).isEmpty()) {
                            return true;
                        }
                        signals.incrementAndGet();
                        new ProcessBuilder("kill", "-INT", "--", "-" + group).start().waitFor(5, TimeUnit.SECONDS);
                        return false;
                    });
            assertThat(signals.get()).as("SIGINTs sent").isPositive();
            System.out.printf("DemoStopIT: %d SIGINT(s) to the group; all of it gone %d ms after the first%n",
                    signals.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstSignal));
            assertThat(demo.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(demo.exitValue()).as("exit status of a SIGINT stop").isEqualTo(130);
            assertThat(read(stderr)).contains("stopped; nothing left running").doesNotContain("could not stop");
            assertThat(namespaces).allSatisfy(ns -> assertThat(Path.of("/run/netns", ns)).doesNotExist());
            assertThat(listening(brokerAddress)).as("the broker's port").isFalse();
        } finally {
            if (!processesIn(group).isEmpty()) {
                new ProcessBuilder("kill", "-KILL", "--", "-" + group).start().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** The pids whose process group is {@code group} (/proc/<pid>/stat, the field after the state). */
    private static List<Long> processesIn(long group) {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String stat;
                try {
                    stat = Files.readString(proc.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // fields: state ppid pgrp ...; a zombie has exited already
                if (!fields[0].equals("Z") && Long.parseLong(fields[2]) == group) {
                    pids.add(Long.parseLong(proc.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    private static boolean listening(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static List<String> all(Pattern pattern, String text, int group) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(group));
        }
        return found;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
