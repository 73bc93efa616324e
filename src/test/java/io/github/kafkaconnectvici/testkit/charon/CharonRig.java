package io.github.kafkaconnectvici.testkit.charon;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Decides whether this machine can run the charon rig, and where its tools are.
 *
 * <p>On a developer laptop a missing prerequisite aborts (skips) the test; when the environment
 * variable {@code CI} is set it fails the test, so that a misconfigured build agent can never pass
 * by silently skipping every integration test.
 */
public final class CharonRig {

    static final Path CHARON_SYSTEMD = CharonDaemon.CHARON_SYSTEMD;
    /** Debian's plugin directory; on other layouts the plugin check is left to charon ('!' in the load list). */
    static final Path PLUGIN_DIR = Path.of("/usr/lib/ipsec/plugins");

    // Plugins the rig relies on that come from packages beyond charon-systemd's own dependencies.
    private static final List<Plugin> PLUGINS = List.of(
            new Plugin("vici", "strongswan-swanctl"),
            new Plugin("kernel-libipsec", "libcharon-extra-plugins"),
            new Plugin("counters", "strongswan-libcharon"),
            new Plugin("updown", "strongswan-libcharon"));

    // Root's tools live in sbin, which is often missing from a non-login PATH.
    private static final List<Path> SBIN = List.of(Path.of("/usr/sbin"), Path.of("/sbin"));

    private record Plugin(String name, String debianPackage) {
    }

    private CharonRig() {
    }

    /** Aborts the calling test (laptop) or fails it (CI) unless the rig can run here. */
    public static void requireAvailable() {
        requireAvailable(CharonDaemon.STRONGSWAN_5);
    }

    /** As {@link #requireAvailable()}, also for the daemons given (the 6.x root, if one of them runs 6.x). */
    public static void requireAvailable(CharonDaemon... daemons) {
        List<String> missing = missingPrerequisites();
        for (CharonDaemon daemon : EnumSet.copyOf(List.of(daemons))) {
            missing.addAll(daemon.missingPrerequisites());
        }
        decide(missing, System.getenv("CI") != null);
    }

    static void decide(List<String> missing, boolean ci) {
        if (missing.isEmpty()) {
            return;
        }
        String what = "the charon test rig cannot run here:\n  - " + String.join("\n  - ", missing);
        if (ci) {
            throw new AssertionFailedError(what
                    + "\nCI is set, so this is a failure, not a skip: install what is missing on the build agent.");
        }
        throw new TestAbortedException(what + "\nSkipping (CI is not set, so this looks like a developer machine).");
    }

    static List<String> missingPrerequisites() {
        List<String> missing = new ArrayList<>();
        rootProblem().ifPresent(missing::add);
        if (!Files.isExecutable(CHARON_SYSTEMD)) {
            missing.add(CHARON_SYSTEMD + " (Debian package charon-systemd)");
        }
        if (findTool("swanctl").isEmpty()) {
            missing.add("swanctl on PATH or in /usr/sbin (Debian package strongswan-swanctl)");
        }
        if (findTool("ip").isEmpty()) {
            missing.add("ip on PATH or in /usr/sbin (Debian package iproute2)");
        }
        if (Files.isDirectory(PLUGIN_DIR)) {
            for (Plugin plugin : PLUGINS) {
                Path library = PLUGIN_DIR.resolve("libstrongswan-" + plugin.name() + ".so");
                if (!Files.exists(library)) {
                    missing.add("charon plugin " + plugin.name() + ": " + library
                            + " (Debian package " + plugin.debianPackage() + ")");
                }
            }
        }
        return missing;
    }

    static Path swanctl() {
        return findTool("swanctl").orElseThrow(() -> new IllegalStateException("swanctl not found"));
    }

    static Path ip() {
        return findTool("ip").orElseThrow(() -> new IllegalStateException("ip not found"));
    }

    private static Optional<String> rootProblem() {
        try {
            // /proc/self belongs to the effective uid of the process looking at it.
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid == 0 ? Optional.empty()
                    : Optional.of("root (uid 0) to create network namespaces; running as uid " + uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.of("Linux with /proc to check for root (" + e + ")");
        }
    }

    static Optional<Path> findTool(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty()).map(Path::of),
                        SBIN.stream())
                .map(dir -> dir.resolve(name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
