package io.github.kafkaconnectvici.testkit.charon;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Two real charon-systemd daemons joined by a veth pair, each in its own network namespace.
 *
 * <pre>
 *   netns kcvA-xxxx                                  netns kcvB-xxxx
 *   charon A  10.99.0.1 (veth kcvA-xxxx) &lt;----&gt; 10.99.0.2 (veth kcvB-xxxx)  charon B
 *   lo 10.98.1.1/32, id a.test, 10.98.1.0/24         lo 10.98.2.1/32, id b.test, 10.98.2.0/24
 * </pre>
 *
 * Every run gets a random suffix ({@code xxxx}) shared by its namespaces, veth devices and the
 * directory {@code /tmp/kcv-xxxx}, and {@link #close()} removes only what carries that suffix.
 * Set the system property {@code charon.rig.keep=true} to keep the directory (configs and charon
 * logs) after close for debugging.
 *
 * <p>Use {@link CharonRigExtension} for one pair per test class, or try-with-resources for a pair of
 * your own.
 */
public final class CharonPair implements AutoCloseable {

    static final String KEEP_PROPERTY = "charon.rig.keep";

    private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SUFFIX_LENGTH = 4;
    private static final int CLAIM_ATTEMPTS = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path runDir;
    private final CharonNode a;
    private final CharonNode b;
    private final RigNetwork network = new RigNetwork();
    private final AtomicBoolean closed = new AtomicBoolean();

    private CharonPair(Path runDir, CharonNode a, CharonNode b) {
        this.runDir = runDir;
        this.a = a;
        this.b = b;
    }

    /**
     * Creates the namespaces and the veth pair, starts both daemons and waits until both answer.
     * Aborts or fails the calling test (see {@link CharonRig#requireAvailable()}) if the machine
     * cannot run the rig; on any other failure cleans up what it created and throws.
     */
    public static CharonPair start() {
        return start("");
    }

    /**
     * As {@link #start()}, with {@code extraSettings} appended to both daemons' strongswan.conf,
     * e.g. {@code charon { threads = 32 \n dos_protection = no }} for a scale benchmark. A section
     * given again is merged with the rig's and its keys override the rig's values.
     */
    public static CharonPair start(String extraSettings) {
        return start(CharonDaemon.STRONGSWAN_5, CharonDaemon.STRONGSWAN_5, extraSettings);
    }

    /** As {@link #start()}, both nodes running {@code daemon}. */
    public static CharonPair start(CharonDaemon daemon) {
        return start(daemon, daemon, "");
    }

    /**
     * As {@link #start(String)}, node A running {@code daemonA} and node B {@code daemonB}: a pair may mix
     * versions, e.g. a 5.9 initiator with a 6.x responder.
     */
    public static CharonPair start(CharonDaemon daemonA, CharonDaemon daemonB, String extraSettings) {
        CharonRig.requireAvailable(daemonA, daemonB);
        String suffix = claimSuffix();
        Path runDir = runDir(suffix);
        CharonPair pair;
        try {
            pair = new CharonPair(runDir,
                    CharonNode.create(NodeSpec.a(suffix), daemonA, runDir.resolve("A"), extraSettings),
                    CharonNode.create(NodeSpec.b(suffix), daemonB, runDir.resolve("B"), extraSettings));
        } catch (RuntimeException e) {
            deleteTree(runDir);
            throw e;
        }
        RigShutdownHook.register(pair);
        try {
            pair.network.create(NodeSpec.a(suffix), NodeSpec.b(suffix));
            pair.a.start();
            pair.b.start();
        } catch (RuntimeException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    /** The initiator side: 10.99.0.1, id a.test, local_ts 10.98.1.0/24. */
    public CharonNode a() {
        return a;
    }

    /** The responder side: 10.99.0.2, id b.test, local_ts 10.98.2.0/24. */
    public CharonNode b() {
        return b;
    }

    /** Loads connection "ab" (CHILD_SA "net", start_action none) and its PSK on both nodes. */
    public void loadDefaultConfig() {
        for (CharonNode node : List.of(a, b)) {
            node.swanctl("--load-all", "--file", node.dir().resolve("swanctl.conf").toString());
        }
    }

    /**
     * Stops both daemons by pid, deletes the namespaces and the run directory. Idempotent; never
     * throws: whatever cannot be cleaned up is reported on stderr.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<String> problems = new ArrayList<>();
        // SIGTERM both before waiting: with many SAs each daemon takes seconds to exit.
        attempt(problems, "stop charon A", a::signalStop);
        attempt(problems, "stop charon B", b::signalStop);
        attempt(problems, "stop charon A", a::awaitExit);
        attempt(problems, "stop charon B", b::awaitExit);
        if (!a.isRunning() && !b.isRunning()) {
            attempt(problems, "delete the namespaces", () -> problems.addAll(network.delete()));
        } else {
            problems.add("namespaces kept because a daemon is still running in them");
        }
        if (Boolean.getBoolean(KEEP_PROPERTY)) {
            System.err.println("charon rig: kept " + runDir + " (" + KEEP_PROPERTY + "=true)");
        } else {
            attempt(problems, "delete " + runDir, () -> deleteTree(runDir));
        }
        RigShutdownHook.unregister(this);
        if (!problems.isEmpty()) {
            System.err.println("charon rig: incomplete cleanup of " + this + ":\n  " + String.join("\n  ", problems));
        }
    }

    @Override
    public String toString() {
        return "CharonPair[" + a.netns() + ", " + b.netns() + ", " + runDir + "]";
    }

    // The run directory is created atomically, so two rigs on one machine can never share a suffix;
    // a suffix whose namespaces survive from a crashed run is skipped rather than reused.
    private static String claimSuffix() {
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            String suffix = randomSuffix();
            if (RigNetwork.namespaceExists(NodeSpec.a(suffix).netns())
                    || RigNetwork.namespaceExists(NodeSpec.b(suffix).netns())) {
                continue;
            }
            try {
                Files.createDirectory(runDir(suffix),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                return suffix;
            } catch (FileAlreadyExistsException e) {
                // taken by another run: draw again
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the rig directory " + runDir(suffix), e);
            }
        }
        throw new IllegalStateException("no free rig suffix after " + CLAIM_ATTEMPTS + " attempts; look for leftover"
                + " /tmp/kcv-* directories and kcvA-*/kcvB-* namespaces");
    }

    // Under /tmp and short, because the vici socket path inside must stay below 108 bytes.
    private static Path runDir(String suffix) {
        return Path.of("/tmp", "kcv-" + suffix);
    }

    private static String randomSuffix() {
        StringBuilder suffix = new StringBuilder(SUFFIX_LENGTH);
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            suffix.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
        }
        return suffix.toString();
    }

    private static void attempt(List<String> problems, String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            problems.add("could not " + what + ": " + e.getMessage());
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + root + ": " + e, e);
        }
    }
}
