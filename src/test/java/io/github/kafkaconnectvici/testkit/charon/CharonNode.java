package io.github.kafkaconnectvici.testkit.charon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * One charon-systemd daemon of a {@link CharonPair}, running inside its own network namespace.
 *
 * <p>Everything it uses lives in {@link #dir()}: {@code strongswan.conf} (read by charon and swanctl
 * through {@code STRONGSWAN_CONF}), {@code swanctl.conf}, {@code charon.log}, {@code stdout.log} and the
 * vici socket {@code charon.vici}. The socket is a plain file, so the JVM reaches the daemon from the host
 * namespace.
 */
public final class CharonNode {

    static final String PSK = "test-psk-0123456789";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READY_POLL = Duration.ofMillis(20);
    // An idle charon exits ~20 ms after SIGTERM; with thousands of SAs it can take seconds.
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SWANCTL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final int TAIL_LINES = 30;

    private final NodeSpec spec;
    private final CharonDaemon daemon;
    private final Path dir;
    private final String swanctlConf;
    private Process process;

    private CharonNode(NodeSpec spec, CharonDaemon daemon, Path dir, String swanctlConf) {
        this.spec = spec;
        this.daemon = daemon;
        this.dir = dir;
        this.swanctlConf = swanctlConf;
    }

    /** Creates the node's directory and configuration files; does not start the daemon. */
    static CharonNode create(NodeSpec spec, Path dir) {
        return create(spec, CharonDaemon.STRONGSWAN_5, dir, "");
    }

    /**
     * As {@link #create(NodeSpec, Path)}, running {@code daemon}, with {@code extraSettings} appended to
     * the node's strongswan.conf (see {@link #strongswanConf(Path, String)}).
     */
    static CharonNode create(NodeSpec spec, CharonDaemon daemon, Path dir, String extraSettings) {
        String strongswanConf = strongswanConf(dir, extraSettings);
        String swanctlConf = Templates.render("swanctl.conf.template", spec.swanctlValues(PSK));
        try {
            Files.createDirectory(dir);
            Files.writeString(dir.resolve("strongswan.conf"), strongswanConf);
            Files.writeString(dir.resolve("swanctl.conf"), swanctlConf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration of charon " + spec.name() + " in " + dir, e);
        }
        return new CharonNode(spec, daemon, dir, swanctlConf);
    }

    /**
     * The rig's strongswan.conf for a node living in {@code dir}, followed by {@code extraSettings}.
     * strongswan.conf merges a section defined twice and the last value of a key wins, so the extra
     * text can add settings ({@code charon { threads = 32 }}) or override the template's.
     */
    static String strongswanConf(Path dir, String extraSettings) {
        String conf = Templates.render("strongswan.conf.template", Map.of("DIR", dir.toString()));
        if (extraSettings.isBlank()) {
            return conf;
        }
        return conf + "# Added by CharonPair.start(extraSettings): overrides what is above.\n" + extraSettings
                + (extraSettings.endsWith("\n") ? "" : "\n");
    }

    /** "A" or "B". */
    public String name() {
        return spec.name();
    }

    /** Which strongSwan this node runs. */
    public CharonDaemon daemon() {
        return daemon;
    }

    public String netns() {
        return spec.netns();
    }

    /** The IKE endpoint address on the veth, "10.99.0.1" or "10.99.0.2". */
    public String address() {
        return spec.address();
    }

    /** The peer's IKE endpoint address. */
    public String peerAddress() {
        return spec.peerAddress();
    }

    /** This node's IKE identity, "a.test" or "b.test". */
    public String id() {
        return spec.id();
    }

    public String peerId() {
        return spec.peerId();
    }

    /** The CHILD_SA's local traffic selector, e.g. "10.98.1.0/24". */
    public String localTs() {
        return spec.localTs();
    }

    public String remoteTs() {
        return spec.remoteTs();
    }

    public Path dir() {
        return dir;
    }

    public Path socket() {
        return dir.resolve("charon.vici");
    }

    /** {@code unix:///.../charon.vici}, the form used in strongswan.conf. */
    public URI viciUri() {
        return URI.create("unix://" + socket());
    }

    /** charon's own file log ({@code charon.filelog}: default 1, ike 2). */
    public Path log() {
        return dir.resolve("charon.log");
    }

    /** The text of this node's swanctl.conf: connection "ab" with CHILD_SA "net" and its PSK secret. */
    public String swanctlConf() {
        return swanctlConf;
    }

    public String psk() {
        return PSK;
    }

    /**
     * Runs swanctl against this node and returns its stdout.
     *
     * <p>SWANCTL_DIR points at {@link #dir()} too, so that {@code --load-all} without {@code --file}
     * reads this node's swanctl.conf and never the host's /etc/swanctl.
     *
     * @throws IllegalStateException with stdout and stderr if swanctl fails or runs longer than 30 s
     */
    public String swanctl(String... args) {
        return Exec.check(SWANCTL_TIMEOUT, swanctlEnv(), swanctlCommand(args));
    }

    /** This node's address inside its CHILD_SA's local traffic selector (on lo). */
    public String innerAddress() {
        return spec.innerAddress();
    }

    /**
     * Sends {@code datagrams} small UDP datagrams from inside this node's namespace to {@code address}
     * (bash's /dev/udp, so no tool beyond bash is needed). Sent to the peer's inner address they go
     * through the tunnel and count in both ends' CHILD_SA byte and packet counters; nothing needs to
     * listen.
     */
    public void sendUdp(String address, int datagrams) {
        if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}") || datagrams < 1 || datagrams > 10_000) {
            throw new IllegalArgumentException("an IPv4 address and 1-10000 datagrams, not " + address + ", " + datagrams);
        }
        String loop = "for i in $(seq " + datagrams + "); do echo vici-rig > /dev/udp/" + address + "/9; done";
        Exec.check(SWANCTL_TIMEOUT, Map.of(), List.of(CharonRig.ip().toString(), "netns", "exec", netns(), "bash", "-c", loop));
    }

    /** The daemon's own pid (the last one, if it has stopped). */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("charon " + name() + " was never started");
        }
        return process.pid();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no IKE DELETE is sent, the socket file stays behind. Waits until the process is gone. */
    public synchronized void kill() {
        if (!isRunning()) {
            return;
        }
        process.destroyForcibly();
        if (!waitForExit(KILL_TIMEOUT)) {
            throw new IllegalStateException("charon " + name() + " (pid " + process.pid() + ") survived SIGKILL for "
                    + KILL_TIMEOUT.toSeconds() + " s");
        }
    }

    /** SIGTERM (charon sends IKE DELETEs), then waits until the process is gone; seconds with many SAs. */
    public synchronized void stop() {
        signalStop();
        awaitExit();
    }

    /**
     * Starts charon-systemd in the node's namespace and waits until it answers on its socket.
     *
     * @throws IllegalStateException with the tails of stdout.log and charon.log if it is not ready in 10 s
     */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("charon " + name() + " is already running (pid " + process.pid() + ")");
        }
        try {
            // A socket file left by a killed daemon would only confuse readiness and diagnostics.
            Files.deleteIfExists(socket());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale socket " + socket(), e);
        }
        // ip netns exec, env (and for 6.x sh and chroot) all exec(), so the Process is the daemon itself: its pid is charon's.
        List<String> command = new ArrayList<>(List.of(CharonRig.ip().toString(), "netns", "exec", netns(),
                "env", "STRONGSWAN_CONF=" + strongswanConf()));
        command.addAll(daemon.daemonCommand(dir));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutLog().toFile()));
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start charon " + name() + ": " + e.getMessage(), e);
        }
        awaitReady();
        requireDaemonIsTheProcess();
    }

    /** {@link #stop()} then {@link #start()}. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Sends SIGTERM without waiting, so that a pair can stop both daemons at once. */
    synchronized void signalStop() {
        if (isRunning()) {
            process.destroy();
        }
    }

    /** Waits for a stopping daemon; SIGKILLs it and throws if it ignores SIGTERM for 30 s. */
    synchronized void awaitExit() {
        if (process == null || waitForExit(STOP_TIMEOUT)) {
            return;
        }
        process.destroyForcibly();
        waitForExit(KILL_TIMEOUT);
        throw new IllegalStateException("charon " + name() + " (pid " + process.pid() + ") did not exit within "
                + STOP_TIMEOUT.toSeconds() + " s of SIGTERM and was killed\n" + diagnostics());
    }

    private void awaitReady() {
        try {
            Awaitility.await("charon " + name() + " answering on " + socket())
                    .atMost(READY_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(READY_POLL)
                    .pollInSameThread()
                    .failFast("charon " + name() + " exited", () -> !process.isAlive())
                    .until(this::answers);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            String reason = process.isAlive()
                    ? "did not answer on " + socket() + " within " + READY_TIMEOUT.toSeconds() + " s"
                    : "exited with " + process.exitValue() + " before answering on " + socket();
            process.destroyForcibly();
            waitForExit(KILL_TIMEOUT);
            throw new IllegalStateException("charon " + name() + " in " + netns() + " " + reason + "\n" + diagnostics(), e);
        }
    }

    // The socket file appears when the vici plugin binds; swanctl --stats proves charon processes commands.
    private boolean answers() {
        return Files.exists(socket())
                && Exec.run(PROBE_TIMEOUT, swanctlEnv(), swanctlCommand("--stats")).succeeded();
    }

    private void requireDaemonIsTheProcess() {
        Optional<String> command = process.info().command();
        if (command.isPresent() && !command.get().equals(daemon.hostExecutable().toString())) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException("pid " + process.pid() + " runs " + command.get() + ", not "
                    + daemon.hostExecutable() + ": ip netns exec, env, sh or chroot forked instead of exec()ing,"
                    + " so the rig could not stop the daemon by its pid");
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for charon " + name() + " to exit", e);
        }
    }

    private String diagnostics() {
        return "--- tail of " + stdoutLog() + " ---\n" + tail(stdoutLog())
                + "--- tail of " + log() + " ---\n" + tail(log());
    }

    private static String tail(Path file) {
        if (!Files.exists(file)) {
            return "(missing)\n";
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
            return last.isEmpty() ? "(empty)\n" : String.join("\n", last) + "\n";
        } catch (IOException e) {
            return "(unreadable: " + e + ")\n";
        }
    }

    private Path strongswanConf() {
        return dir.resolve("strongswan.conf");
    }

    private Path stdoutLog() {
        return dir.resolve("stdout.log");
    }

    private Map<String, String> swanctlEnv() {
        return Map.of("STRONGSWAN_CONF", strongswanConf().toString(), "SWANCTL_DIR", dir.toString());
    }

    // A 6.x daemon's swanctl runs in the daemon's mount namespace (see CharonDaemon): it needs the daemon's pid.
    private synchronized List<String> swanctlCommand(String... args) {
        if (daemon.chrooted() && process == null) {
            throw new IllegalStateException("charon " + name() + " was never started: its swanctl runs beside it");
        }
        List<String> command = new ArrayList<>(daemon.swanctlCommand(daemon.chrooted() ? process.pid() : 0));
        command.addAll(List.of(args));
        return command;
    }

    @Override
    public String toString() {
        return "charon " + name() + " (" + daemon + ") in " + netns() + " at " + address();
    }
}
