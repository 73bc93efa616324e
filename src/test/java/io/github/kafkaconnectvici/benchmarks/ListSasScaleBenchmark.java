package io.github.kafkaconnectvici.benchmarks;

import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.MessageEncoder;
import io.github.kafkaconnectvici.vici.codec.Packet;
import io.github.kafkaconnectvici.vici.codec.PacketCodec;
import io.github.kafkaconnectvici.vici.codec.PacketType;
import io.github.kafkaconnectvici.vici.session.CharonCommands;
import io.github.kafkaconnectvici.vici.session.Delivery;
import io.github.kafkaconnectvici.vici.session.Event;
import io.github.kafkaconnectvici.vici.session.EventSubscription;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * {@code list-sas} at scale against real charon: brings up {@code bench.sas} IKE_SAs (default 5,000)
 * between the rig's two daemons, then times the same snapshot of daemon A read three ways, round
 * after round: (a) through {@link ViciClient#stream} (framing, decoding, one call per event),
 * (b) {@code swanctl --list-sas --raw} (strongSwan's C client, a process per run, output counted and
 * discarded), (c) a raw VICI read that only splits frames (what charon can deliver at all).
 *
 * <p>Set-up as charon-test-rig.md "Many SAs" prescribes: the initiator has {@code bench.connections}
 * connections with distinct local ids, each initiated N/connections times ({@code reuse_ikesa = no},
 * so every initiate makes a new IKE_SA), no CHILD_SAs (a share {@code bench.children} gets CHILD_SA "c"),
 * {@code rekey_time = 0}; the responder one
 * {@code %any} connection with {@code unique = never}; one PSK without ids; strongswan.conf with 32
 * threads, a 16384-row IKE_SA table and no DoS protection. Initiation is asynchronous
 * ({@code initiate ike=... timeout=-1}) with at most {@code bench.window} IKE_SAs unconfirmed,
 * confirmed by {@code ike-updown} events.
 *
 * <p>Run: {@code mvn -q -B test-compile exec:exec@list-sas-scale [-Dbench.sas=5000 -Dbench.runs=5]}
 * (root and strongSwan, as for the integration tests). See BENCHMARKS.md.
 */
public final class ListSasScaleBenchmark {

    private static final int SAS = Integer.getInteger("bench.sas", 5_000);
    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    private static final int WINDOW = Integer.getInteger("bench.window", 200);
    private static final int CONNECTIONS = Math.min(SAS, Integer.getInteger("bench.connections", 1_000));
    private static final int INITIATORS = Integer.getInteger("bench.initiators", 4);
    /** x25519 through the openssl plugin (Debian 12 has no curve25519 plugin); checked before use. */
    private static final String PROPOSAL = System.getProperty("bench.proposal", "aes128-sha256-x25519");
    /** The share of IKE_SAs initiated with a CHILD_SA (0 to 1): those list a child each. */
    static final double CHILD_SHARE = Math.max(0, Math.min(1, Double.parseDouble(System.getProperty("bench.children", "0"))));
    private static final String CHILD = "c";
    private static final Duration LIST_TIMEOUT = Duration.ofMinutes(2);

    // Appended to both daemons' strongswan.conf (charon-test-rig.md, "Many SAs"). reuse_ikesa matters
    // on the initiator only. The file log drops to level 0: the rig's "ike = 2" would write ~20 lines
    // per IKE_SA and side, flushed line by line.
    static final String SCALE_SETTINGS = """
            charon {
            	threads = 32
            	install_routes = no
            	dos_protection = no
            	ikesa_table_size = 16384
            	ikesa_table_segments = 16
            	reuse_ikesa = no
            	filelog {
            		main {
            			default = 0
            			ike = 0
            		}
            	}
            }
            """;

    private static final String PSK = "bench-psk-0123456789";

    private ListSasScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "list-sas scale benchmark, %s: %d IKE_SAs over %d connections, %d rounds, window %d,"
                        + " proposal %s; %d CPUs, JVM %s, max heap %d MiB%n",
                LocalDate.now(), SAS, CONNECTIONS, RUNS, WINDOW, PROPOSAL, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"), Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("load average before: " + loadAverage());
        try (CharonPair pair = CharonPair.start(SCALE_SETTINGS)) {
            run(pair);
        }
        System.out.println("load average after: " + loadAverage());
    }

    private static void run(CharonPair pair) throws Exception {
        CharonNode a = pair.a();
        CharonNode b = pair.b();
        try (ViciClient viciA = connect(a, INITIATORS); ViciClient viciB = connect(b, 1)) {
            requireProposal(viciA);
            configure(viciA, viciB, a, b);
            bringUp(viciA, viciB);

            long rssBefore = rssKiB(a.pid());
            Path swanctl = swanctl();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

            // A first, cold read: the JIT has not seen the decoder yet (what a connector's first snapshot costs).
            Measured cold = clientRun(viciA);
            System.out.printf(Locale.ROOT, "%nclient, first (cold JVM) run: %d events in %.1f ms%n", cold.events, cold.millis());

            // The snapshot's size, from a separate untimed pass: every event re-encoded as a frame.
            AtomicLong wireBytes = new AtomicLong();
            AtomicLong events = new AtomicLong();
            viciA.stream("list-sas", Message.EMPTY, "list-sa", sa -> {
                events.incrementAndGet();
                wireBytes.addAndGet(4 + 1 + 1 + "list-sa".length() + MessageEncoder.encodedLength(sa));
            }, LIST_TIMEOUT);
            long frameBytes = wireBytes.get();
            System.out.printf(Locale.ROOT, "snapshot: %d list-sa events, %.2f MB in frames (%.0f bytes per IKE_SA)%n",
                    events.get(), frameBytes / 1e6, (double) frameBytes / events.get());

            List<Measured> client = new ArrayList<>();
            List<Measured> swan = new ArrayList<>();
            List<Measured> raw = new ArrayList<>();
            for (int round = 1; round <= RUNS; round++) {
                client.add(clientRun(viciA));
                swan.add(swanctlRun(swanctl, a));
                raw.add(rawRun(a.socket()));
                System.out.printf(Locale.ROOT, "round %d: client %.1f ms, swanctl %.1f ms, raw %.1f ms%n", round,
                        client.get(round - 1).millis(), swan.get(round - 1).millis(), raw.get(round - 1).millis());
            }
            for (List<Measured> runs : List.of(client, swan, raw)) {
                for (Measured m : runs) {
                    if (m.events != SAS) {
                        throw new IllegalStateException(m.what + " listed " + m.events + " of " + SAS + " IKE_SAs");
                    }
                }
            }

            System.out.printf(Locale.ROOT, "%n%-34s %10s %10s %12s %9s%n", "list-sas of " + SAS + " IKE_SAs on A", "median ms",
                    "min ms", "SAs/s", "MB/s");
            for (List<Measured> runs : List.of(client, swan, raw)) {
                double median = median(runs);
                double min = runs.stream().mapToDouble(Measured::millis).min().orElseThrow();
                System.out.printf(Locale.ROOT, "%-34s %10.1f %10.1f %12.0f %9.1f%n", runs.get(0).what, median, min,
                        SAS / (median / 1e3), frameBytes / 1e6 / (median / 1e3));
            }
            System.out.printf(Locale.ROOT, "swanctl --raw printed %.2f MB of text per run%n", swan.get(0).bytes / 1e6);
            System.out.printf(Locale.ROOT, "raw read counted %.2f MB of frames per run%n", raw.get(0).bytes / 1e6);

            // Memory of the client: allocation while streaming, the heap's peak while streaming, and what a
            // snapshot held in memory (CharonCommands.listSas()) retains.
            long allocated = client.stream().mapToLong(m -> m.allocated).sum() / client.size();
            System.out.printf(Locale.ROOT, "%nclient allocation while streaming: %.1f MB per run, %.0f bytes per IKE_SA%n",
                    allocated / 1e6, (double) allocated / SAS);
            long baseline = usedAfterGc(memory);
            HeapSampler sampler = new HeapSampler(memory);
            sampler.start();
            clientRun(viciA);
            long peak = sampler.finish();
            System.out.printf(Locale.ROOT, "client heap while streaming (G1, sampled every 1 ms): baseline %.1f MB,"
                    + " peak %.1f MB (+%.1f MB)%n", baseline / 1e6, peak / 1e6, (peak - baseline) / 1e6);
            baseline = usedAfterGc(memory);
            List<Message> held = new CharonCommands(viciA).listSas();
            long holding = usedAfterGc(memory);
            System.out.printf(Locale.ROOT, "client heap retained by a held snapshot (List<Message> of %d): %.1f MB,"
                    + " %.0f bytes per IKE_SA%n", held.size(), (holding - baseline) / 1e6, (double) (holding - baseline) / held.size());
            held = null;

            long rssAfter = rssKiB(a.pid());
            System.out.printf(Locale.ROOT, "charon A RSS: %.1f MB before the listings, %.1f MB after %d of them%n",
                    rssBefore / 1024.0, rssAfter / 1024.0, 3 * RUNS + 4);
        }
        System.out.println("stopping both daemons (charon needs a while to exit with thousands of SAs)");
    }

    // ---------------------------------------------------------------------------------------------
    // Configuration and bring-up

    static ViciClient connect(CharonNode node, int connections) {
        return ViciClient.builder().uri(node.viciUri().toString()).maxConnections(connections)
                .commandTimeout(Duration.ofSeconds(30)).connect();
    }

    /** The proposal's key exchange must come from a loaded plugin, or every IKE_SA would fail. */
    static void requireProposal(ViciClient vici) {
        Message algorithms = vici.call("get-algorithms");
        // 5.9.x names the section "dh", 6.x "ke"; values name the plugin that provides each method.
        Message ke = algorithms.section("dh").or(() -> algorithms.section("ke")).orElse(Message.EMPTY);
        List<String> methods = new ArrayList<>();
        ke.keys().forEach(k -> methods.add(k + "(" + ke.text(k).orElse("?") + ")"));
        System.out.println("key exchange methods of charon A: " + String.join(" ", methods));
        String group = PROPOSAL.substring(PROPOSAL.lastIndexOf('-') + 1);
        String needed = switch (group) {
            case "x25519", "curve25519" -> "CURVE_25519";
            case "ecp256" -> "ECP_256";
            case "modp2048" -> "MODP_2048";
            default -> null;
        };
        if (needed != null && !ke.contains(needed)) {
            throw new IllegalStateException("proposal " + PROPOSAL + " needs " + needed + ", which no loaded plugin provides;"
                    + " choose another with -Dbench.proposal=aes128-sha256-ecp256");
        }
    }

    static void configure(ViciClient viciA, ViciClient viciB, CharonNode a, CharonNode b) {
        Message psk = Message.builder().put("id", "bench").put("type", "IKE").put("data", PSK).build();
        viciA.call("load-shared", psk);
        viciB.call("load-shared", psk);
        viciB.call("load-conn", Message.builder().section("any", conn -> conn
                .put("version", "2")
                .list("local_addrs", b.address())
                .list("proposals", PROPOSAL)
                .put("unique", "never")
                .put("rekey_time", "0")
                .section("local", local -> local.put("auth", "psk").put("id", b.id()))
                .section("remote", remote -> remote.put("auth", "psk").put("id", "%any"))
                .section("children", children -> child(children, b))).build());
        long start = System.nanoTime();
        for (int i = 0; i < CONNECTIONS; i++) {
            String name = connection(i);
            viciA.call("load-conn", Message.builder().section(name, conn -> conn
                    .put("version", "2")
                    .list("local_addrs", a.address())
                    .list("remote_addrs", b.address())
                    .list("proposals", PROPOSAL)
                    .put("unique", "never")
                    .put("rekey_time", "0")
                    .section("local", local -> local.put("auth", "psk").put("id", name + ".a.test"))
                    .section("remote", remote -> remote.put("auth", "psk").put("id", b.id()))
                    .section("children", children -> child(children, a))).build());
        }
        System.out.printf(Locale.ROOT, "loaded %d connections on A in %.0f ms%n", CONNECTIONS, (System.nanoTime() - start) / 1e6);
    }

    /**
     * CHILD_SA "c" (the rig's traffic selectors, so kernel-libipsec installs it; every child has the same
     * selectors, which charon refcounts), started only by the initiates that name it.
     */
    private static void child(Message.Builder children, CharonNode node) {
        children.section(CHILD, child -> child
                .put("mode", "tunnel")
                .list("local_ts", node.localTs())
                .list("remote_ts", node.remoteTs())
                .list("esp_proposals", "aes128gcm16")
                .put("rekey_time", "0")
                .put("start_action", "none"));
    }

    private static String connection(int i) {
        return "s" + i;
    }

    /** Whether the i-th IKE_SA is initiated with a CHILD_SA: CHILD_SHARE of them, spread evenly. */
    static boolean withChild(int i) {
        return Math.floor((i + 1) * CHILD_SHARE) > Math.floor(i * CHILD_SHARE);
    }

    /** How many of the SAS IKE_SAs carry a CHILD_SA. */
    static int children() {
        return (int) Math.floor(SAS * CHILD_SHARE);
    }

    /** Initiates SAS IKE_SAs with at most WINDOW unconfirmed; returns when both daemons count SAS. */
    static void bringUp(ViciClient viciA, ViciClient viciB) throws Exception {
        Semaphore window = new Semaphore(WINDOW);
        AtomicInteger up = new AtomicInteger();
        AtomicInteger childrenUp = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger stalls = new AtomicInteger();
        long start = System.nanoTime();
        try (EventSubscription updown = viciA.subscription("ike-updown", "child-updown").capacity(8 * WINDOW).open()) {
            Thread confirmer = new Thread(() -> {
                try {
                    while (up.get() < SAS || childrenUp.get() < children()) {
                        Delivery d = updown.poll(Duration.ofMillis(200));
                        if (d instanceof Event e && e.name().equals("child-updown") && e.message().contains("up")) {
                            childrenUp.incrementAndGet();
                        } else if (d instanceof Event e && e.message().contains("up")) {
                            up.incrementAndGet();
                            window.release();
                        } else if (d != null && !(d instanceof Event)) {
                            System.out.println("ike-updown: " + d);
                        }
                    }
                } catch (InterruptedException ignored) {
                    // done
                }
            }, "bench-ike-updown");
            confirmer.setDaemon(true);
            confirmer.start();

            ExecutorService initiators = Executors.newFixedThreadPool(INITIATORS);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < INITIATORS; t++) {
                work.add(initiators.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < SAS) {
                        // An IKE_SA that fails never confirms: after 10 s go on rather than wait forever.
                        if (!window.tryAcquire(10, TimeUnit.SECONDS)) {
                            stalls.incrementAndGet();
                        }
                        Message.Builder initiate = Message.builder().put("ike", connection(i % CONNECTIONS)).put("timeout", "-1");
                        viciA.call("initiate", (withChild(i) ? initiate.put("child", CHILD) : initiate).build());
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            initiators.shutdown();
            long initiated = System.nanoTime();

            Duration limit = Duration.ofSeconds(60 + SAS / 50);
            long deadline = System.nanoTime() + limit.toNanos();
            long[] totalA;
            long[] totalB;
            while (true) {
                totalA = ikeSas(viciA);
                totalB = ikeSas(viciB);
                if (totalA[0] == SAS && totalB[0] == SAS && totalA[1] == 0 && totalB[1] == 0 && childrenUp.get() >= children()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("after " + limit.toSeconds() + " s: A has " + totalA[0] + " IKE_SAs ("
                            + totalA[1] + " half-open), B " + totalB[0] + " (" + totalB[1] + " half-open), "
                            + up.get() + " ike-updown up events, " + childrenUp.get() + " child-updown up; wanted " + SAS
                            + " and " + children());
                }
                Thread.sleep(100);
            }
            confirmer.interrupt();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "brought up %d IKE_SAs, %d of them with a CHILD_SA, in %.1f s (%.0f SAs/s; initiates"
                            + " sent in %.1f s; %d ike-updown up events on A; %d window stalls)%n", SAS, childrenUp.get(), seconds,
                    SAS / seconds, (initiated - start) / 1e9, up.get(), stalls.get());
        }
    }

    /** {total, half-open} from {@code stats}. */
    private static long[] ikeSas(ViciClient vici) {
        Message ikesas = vici.call("stats").section("ikesas").orElse(Message.EMPTY);
        return new long[] {ikesas.number("total").orElse(-1), ikesas.number("half-open").orElse(-1)};
    }

    // ---------------------------------------------------------------------------------------------
    // The three readers

    record Measured(String what, long nanos, long events, long bytes, long allocated) {
        double millis() {
            return nanos / 1e6;
        }
    }

    private static Measured clientRun(ViciClient vici) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        LongSupplier allocated = () -> threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        AtomicLong events = new AtomicLong();
        long allocatedBefore = allocated.getAsLong();
        long start = System.nanoTime();
        vici.stream("list-sas", Message.EMPTY, "list-sa", sa -> events.incrementAndGet(), LIST_TIMEOUT);
        long nanos = System.nanoTime() - start;
        return new Measured("(a) ViciClient.stream", nanos, events.get(), 0, allocated.getAsLong() - allocatedBefore);
    }

    private static Measured swanctlRun(Path swanctl, CharonNode node) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(swanctl.toString(), "--list-sas", "--raw")
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("STRONGSWAN_CONF", node.dir().resolve("strongswan.conf").toString());
        builder.environment().put("SWANCTL_DIR", node.dir().toString());
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        long bytes = 0;
        long lines = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream out = process.getInputStream()) {
            int n;
            while ((n = out.read(buf)) > 0) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("swanctl --list-sas --raw failed");
        }
        long nanos = System.nanoTime() - start;
        // --raw prints one line per event ("list-sa event {...}") and one for the response.
        return new Measured("(b) swanctl --list-sas --raw", nanos, lines - 1, bytes, 0);
    }

    /** register, list-sas, unregister on a plain socket, with nothing done per frame but skipping it. */
    static Measured rawRun(Path socket) throws IOException {
        long start = System.nanoTime();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            RawFrames frames = new RawFrames(channel);
            frames.send(Packet.register("list-sa"));
            frames.expect(PacketType.EVENT_CONFIRM);
            frames.send(Packet.request("list-sas", Message.EMPTY));
            long events = 0;
            int type;
            while ((type = frames.nextType()) == PacketType.EVENT.code()) {
                events++;
            }
            if (type != PacketType.CMD_RESPONSE.code()) {
                throw new IllegalStateException("raw read: packet type " + type + " after " + events + " events");
            }
            long bytes = frames.bytes;
            frames.send(Packet.unregister("list-sa"));
            frames.expect(PacketType.EVENT_CONFIRM);
            return new Measured("(c) raw VICI read, frames skipped", System.nanoTime() - start, events, bytes, 0);
        }
    }

    /** Reads frame headers and type bytes only, skipping every body. */
    private static final class RawFrames {
        private final SocketChannel channel;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 20).flip();
        long bytes;

        RawFrames(SocketChannel channel) {
            this.channel = channel;
        }

        void send(Packet packet) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(PacketCodec.encodeFrame(packet));
            while (out.hasRemaining()) {
                channel.write(out);
            }
        }

        void expect(PacketType type) throws IOException {
            int got = nextType();
            if (got != type.code()) {
                throw new IllegalStateException("raw read: expected " + type + ", got type " + got);
            }
        }

        int nextType() throws IOException {
            fill(5);
            int length = buf.getInt();
            int type = buf.get() & 0xFF;
            bytes += 4 + length;
            long skip = length - 1;
            while (skip > buf.remaining()) {
                skip -= buf.remaining();
                buf.clear();
                if (channel.read(buf) < 0) {
                    throw new IOException("charon closed the connection inside a frame");
                }
                buf.flip();
            }
            buf.position(buf.position() + (int) skip);
            return type;
        }

        private void fill(int n) throws IOException {
            if (buf.remaining() >= n) {
                return;
            }
            buf.compact();
            while (buf.position() < n) {
                if (channel.read(buf) < 0) {
                    throw new IOException("charon closed the connection");
                }
            }
            buf.flip();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    private static double median(List<Measured> runs) {
        double[] ms = runs.stream().mapToDouble(Measured::millis).sorted().toArray();
        return ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
    }

    static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Samples the used heap every interval (1 ms by default) on a thread of its own; {@link #finish()} returns the highest. */
    static final class HeapSampler extends Thread {
        private final MemoryMXBean memory;
        private volatile boolean running = true;
        private volatile long peak;
        private final long intervalMillis;

        HeapSampler(MemoryMXBean memory) {
            this(memory, 1);
        }

        HeapSampler(MemoryMXBean memory, long intervalMillis) {
            super("bench-heap-sampler");
            this.memory = memory;
            this.intervalMillis = intervalMillis;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long finish() throws InterruptedException {
            running = false;
            join();
            return Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        }
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Path swanctl() {
        return Stream.concat(Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                        Stream.of("/usr/sbin", "/sbin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "swanctl"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("swanctl not found"));
    }
}
