package io.github.kafkaconnectvici.testkit.charon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which strongSwan a node of the rig runs: Debian 12's charon 5.9.8 installed on the host, or
 * strongSwan 6.x from the Debian root that {@code .ci/charon6-root} builds once per machine (unstable's
 * 6.1.x by default, the first Debian release with the {@code alert} event).
 *
 * <p>A 6.x daemon is started with {@code chroot} into that root, inside the node's network namespace. The
 * mount namespace {@code ip netns exec} creates (a slave of the host's) gets the root's {@code /dev},
 * {@code /proc}, {@code /sys}, a private {@code /tmp} and the node's directory bind-mounted at the same
 * path, so the node's strongswan.conf, swanctl.conf, log and vici socket are the same files inside and
 * out, and everything mounted goes away with the daemon: the cached root is never written to. Its
 * swanctl is the root's own, run with {@code nsenter} in the daemon's mount namespace.
 */
public enum CharonDaemon {

    /** Debian 12's charon-systemd 5.9.8 and swanctl, from {@code .ci/install}. */
    STRONGSWAN_5(Path.of("/")),
    /** strongSwan 6.x's charon-systemd and swanctl from the Debian root of {@code .ci/charon6-root}. */
    STRONGSWAN_6(Path.of(System.getProperty("charon6.root",
            System.getenv().getOrDefault("CHARON6_ROOT", "/var/cache/kafka-connect-vici/charon6-sid"))));

    static final Path CHARON_SYSTEMD = Path.of("/usr/sbin/charon-systemd");
    private static final Path SWANCTL = Path.of("/usr/sbin/swanctl");
    private static final String VERSION_FILE = ".kafka-connect-vici-version";

    // Run by sh as $0 = root, $1 = the node's directory; every step exec()s, so the pid stays charon's.
    private static final String CHROOT_SCRIPT = String.join("\n",
            "set -e",
            "mount --rbind /dev \"$0/dev\"",
            "mount -t proc proc \"$0/proc\"",
            "mount --rbind /sys \"$0/sys\"",
            "mount -t tmpfs -o mode=1777 tmpfs \"$0/tmp\"",
            "mkdir -p \"$0$1\"",
            "mount --bind \"$1\" \"$0$1\"",
            "exec chroot \"$0\" " + CHARON_SYSTEMD);

    private final Path root;

    CharonDaemon(Path root) {
        this.root = root;
    }

    /** "/" for the host's charon, the Debian root's directory for 6.x. */
    public Path root() {
        return root;
    }

    public boolean chrooted() {
        return this != STRONGSWAN_5;
    }

    /** Where the host sees the daemon's executable: what {@code /proc/<pid>/exe} of the running daemon names. */
    Path hostExecutable() {
        return inRoot(CHARON_SYSTEMD);
    }

    /** The Debian package version of the root's charon-systemd, e.g. "6.1.0-2"; "host" for the host's daemon. */
    public String packageVersion() {
        if (!chrooted()) {
            return "host";
        }
        try {
            return Files.readString(root.resolve(VERSION_FILE), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "unbuilt";
        }
    }

    /** What the machine lacks to run this daemon (beyond root, ip and the host's own charon). */
    List<String> missingPrerequisites() {
        List<String> missing = new ArrayList<>();
        if (!chrooted()) {
            return missing;
        }
        missingRoot(root).ifPresent(missing::add);
        if (CharonRig.findTool("nsenter").isEmpty()) {
            missing.add("nsenter on PATH (Debian package util-linux)");
        }
        return missing;
    }

    /** Why {@code root} cannot serve as the 6.x root, if it cannot. */
    static Optional<String> missingRoot(Path root) {
        if (Files.isExecutable(inRoot(root, CHARON_SYSTEMD)) && Files.isExecutable(inRoot(root, SWANCTL))) {
            return Optional.empty();
        }
        return Optional.of("the strongSwan 6 Debian root in " + root + " (build it with .ci/charon6-root,"
                + " which .ci/install runs; another location: -Dcharon6.root or CHARON6_ROOT)");
    }

    /** The command that, run inside the node's network namespace, exec()s into charon-systemd. */
    List<String> daemonCommand(Path nodeDir) {
        if (!chrooted()) {
            return List.of(CHARON_SYSTEMD.toString());
        }
        return List.of("/bin/sh", "-c", CHROOT_SCRIPT, root.toString(), nodeDir.toString());
    }

    /** The command prefix that runs this daemon's swanctl; {@code daemonPid} is the running daemon's. */
    List<String> swanctlCommand(long daemonPid) {
        if (!chrooted()) {
            return List.of(CharonRig.swanctl().toString());
        }
        return List.of(CharonRig.findTool("nsenter").orElseThrow().toString(), "--target", Long.toString(daemonPid),
                "--mount", "chroot", root.toString(), SWANCTL.toString());
    }

    private Path inRoot(Path absolute) {
        return inRoot(root, absolute);
    }

    private static Path inRoot(Path root, Path absolute) {
        return root.resolve(absolute.toString().substring(1));
    }

    @Override
    public String toString() {
        return chrooted() ? "strongSwan 6 (" + packageVersion() + ")" : "strongSwan 5.9 (host)";
    }
}
