package io.github.kafkaconnectvici.testkit.kafka;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Packet;
import io.github.kafkaconnectvici.vici.codec.PacketCodec;
import io.github.kafkaconnectvici.vici.codec.PacketType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fleet of simulated charon daemons for scale tests and benchmarks: N VICI endpoints (unix sockets
 * {@code gw-<i>.vici} in one directory) served by one selector thread. Each answers {@code version},
 * answers {@code list-sas} with K {@code list-sa} events (a real frame captured from charon 5.9.8),
 * confirms every event registration, and replays captured charon 5.9.8 events to the connections
 * registered for them. It counts each endpoint's subscribers (connections registered for at least one
 * event other than a command's stream event) now and at most at once.
 *
 * <p>A protocol-level fake for scale only: real charon pairs stay the proof of behaviour.
 * {@link #main} runs it as a process of its own, so that a benchmark measures the client alone.
 */
public final class FleetSimulator implements AutoCloseable {

    /** Events a command streams through; a connection registered only for these is not a subscriber. */
    private static final Set<String> STREAM_EVENTS = Set.of("list-sa", "list-conn", "list-policy", "list-cert",
            "list-authority", "control-log");
    private static final int READ_BUFFER = 4 * 1024;
    private static final int MAX_FRAME = 512 * 1024;

    private final Path dir;
    private final int gateways;
    private final int sas;
    private final byte[] listSaFrame;
    private final Map<String, List<byte[]>> replay;
    private final Selector selector;
    private final List<ServerSocketChannel> servers = new ArrayList<>();
    private final List<Set<Connection>> connections = new ArrayList<>();
    private final AtomicIntegerArray subscribers;
    private final AtomicIntegerArray peakSubscribers;
    private final AtomicLong eventsSent = new AtomicLong();
    private final Instant[] unfollowedSince;
    private final List<List<Unfollowed>> unfollowed = new ArrayList<>();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread loop;
    private volatile boolean open = true;

    private FleetSimulator(Path dir, int gateways, int sas, byte[] listSaFrame, Map<String, List<byte[]>> replay)
            throws IOException {
        this.dir = dir;
        this.gateways = gateways;
        this.sas = sas;
        this.listSaFrame = listSaFrame;
        this.replay = replay;
        this.subscribers = new AtomicIntegerArray(gateways);
        this.peakSubscribers = new AtomicIntegerArray(gateways);
        this.unfollowedSince = new Instant[gateways];
        this.selector = Selector.open();
        Files.createDirectories(dir);
        for (int i = 0; i < gateways; i++) {
            Path socket = socket(i);
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket), 64);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT, i);
            servers.add(server);
            connections.add(new HashSet<>());
            unfollowed.add(new ArrayList<>());
        }
        this.loop = new Thread(this::run, "fleet-simulator");
        this.loop.setDaemon(true);
        this.loop.start();
    }

    /**
     * Starts {@code gateways} endpoints in {@code dir}. {@code listSaFrame} is one whole list-sa
     * event frame (K of them answer list-sas); {@code replay} maps event names to whole event frames,
     * sent in turn by {@link #replayRound()}.
     */
    public static FleetSimulator start(Path dir, int gateways, int sas, byte[] listSaFrame,
                                       Map<String, List<byte[]>> replay) throws IOException {
        if (gateways < 1 || gateways > 100_000 || sas < 0 || sas > 1_000_000) {
            throw new IllegalArgumentException("1..100000 gateways and 0..1000000 SAs each, not " + gateways + " and " + sas);
        }
        return new FleetSimulator(dir, gateways, sas, listSaFrame, replay);
    }

    public Path socket(int gateway) {
        return dir.resolve("gw-" + gateway + ".vici");
    }

    public String uri(int gateway) {
        return "unix://" + socket(gateway);
    }

    /** {@code gw-0=unix:///...,gw-1=...}: every endpoint, named, as vici.endpoints takes them. */
    public String endpoints() {
        List<String> all = new ArrayList<>(gateways);
        for (int i = 0; i < gateways; i++) {
            all.add("gw-" + i + "=" + uri(i));
        }
        return String.join(",", all);
    }

    public int gateways() {
        return gateways;
    }

    public int subscribers(int gateway) {
        return subscribers.get(gateway);
    }

    public int peakSubscribers(int gateway) {
        return peakSubscribers.get(gateway);
    }

    /** How many endpoints have at least one subscriber now. */
    public int endpointsWithSubscribers() {
        int n = 0;
        for (int i = 0; i < gateways; i++) {
            n += subscribers.get(i) > 0 ? 1 : 0;
        }
        return n;
    }

    /** The most subscribers any one endpoint ever had at once. */
    public int maxPeakSubscribers() {
        int max = 0;
        for (int i = 0; i < gateways; i++) {
            max = Math.max(max, peakSubscribers.get(i));
        }
        return max;
    }

    /**
     * A window in which an endpoint that had a subscriber had none: from the instant its last
     * subscriber left (unregistered or disconnected) to the instant the next one registered.
     */
    public record Unfollowed(int gateway, Instant from, Instant to) {
    }

    /** The closed unfollowed windows of {@code gateway}, oldest first. */
    public List<Unfollowed> unfollowed(int gateway) {
        List<Unfollowed> windows = unfollowed.get(gateway);
        synchronized (windows) {
            return List.copyOf(windows);
        }
    }

    public long eventsSent() {
        return eventsSent.get();
    }

    /** Sends each replay event name's next captured frame to every connection registered for it. */
    public void replayRound() {
        submit(() -> {
            for (Set<Connection> perGateway : connections) {
                for (Connection c : List.copyOf(perGateway)) { // a failed send closes and removes c
                    for (Map.Entry<String, List<byte[]>> entry : replay.entrySet()) {
                        if (c.registered.contains(entry.getKey())) {
                            List<byte[]> frames = entry.getValue();
                            c.send(frames.get((int) (c.replayed++ % frames.size())));
                            eventsSent.incrementAndGet();
                        }
                    }
                }
            }
        });
    }

    private void submit(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void run() {
        try {
            while (open) {
                selector.select();
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept(key);
                    } else {
                        Connection c = (Connection) key.attachment();
                        try {
                            if (key.isReadable()) {
                                c.read();
                            }
                            if (key.isValid() && key.isWritable()) {
                                c.flush();
                            }
                        } catch (IOException | RuntimeException e) {
                            c.close();
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (open) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void accept(SelectionKey key) throws IOException {
        int gateway = (Integer) key.attachment();
        SocketChannel channel = ((ServerSocketChannel) key.channel()).accept();
        if (channel == null) {
            return;
        }
        channel.configureBlocking(false);
        Connection c = new Connection(gateway, channel);
        c.key = channel.register(selector, SelectionKey.OP_READ, c);
        connections.get(gateway).add(c);
    }

    @Override
    public void close() throws IOException {
        open = false;
        selector.wakeup();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Set<Connection> perGateway : connections) {
            for (Connection c : List.copyOf(perGateway)) {
                c.close();
            }
        }
        for (int i = 0; i < servers.size(); i++) {
            servers.get(i).close();
            Files.deleteIfExists(socket(i));
        }
        selector.close();
    }

    /** Opens an unfollowed window when the count drops to 0, closes it when it rises to 1 (loop thread only). */
    private void followed(int gateway, int count) {
        Instant now = Instant.now();
        if (count == 0) {
            unfollowedSince[gateway] = now;
        } else if (count == 1 && unfollowedSince[gateway] != null) {
            List<Unfollowed> windows = unfollowed.get(gateway);
            synchronized (windows) {
                windows.add(new Unfollowed(gateway, unfollowedSince[gateway], now));
            }
            unfollowedSince[gateway] = null;
        }
    }

    /** One client connection: frames in, replies and events out, without blocking the loop. */
    private final class Connection {
        private final int gateway;
        private final SocketChannel channel;
        private final Set<String> registered = new HashSet<>();
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        private ByteBuffer in = ByteBuffer.allocate(READ_BUFFER);
        private SelectionKey key;
        private boolean subscriber;
        private long replayed;

        Connection(int gateway, SocketChannel channel) {
            this.gateway = gateway;
            this.channel = channel;
        }

        void read() throws IOException {
            if (channel.read(in) < 0) {
                close();
                return;
            }
            in.flip();
            while (in.remaining() >= 4) {
                int length = in.getInt(in.position());
                if (length < 0 || length > MAX_FRAME) {
                    throw new IOException("frame of " + length + " bytes");
                }
                if (in.remaining() < 4 + length) {
                    break;
                }
                in.getInt();
                byte[] body = new byte[length];
                in.get(body);
                handle(PacketCodec.decode(body));
            }
            in.compact();
            if (!in.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
                in.flip();
                bigger.put(in);
                in = bigger;
            }
        }

        private void handle(Packet packet) {
            switch (packet.type()) {
                // counted (and the instant taken) before the confirmation goes out, as events flow from here
                case EVENT_REGISTER -> {
                    registered.add(packet.name());
                    updateSubscriber();
                    reply(Packet.bare(PacketType.EVENT_CONFIRM));
                }
                case EVENT_UNREGISTER -> {
                    registered.remove(packet.name());
                    updateSubscriber();
                    reply(Packet.bare(PacketType.EVENT_CONFIRM));
                }
                case CMD_REQUEST -> command(packet.name());
                default -> throw new IllegalStateException("unexpected " + packet.type());
            }
        }

        private void command(String name) {
            switch (name) {
                case "version" -> reply(Packet.response(Message.builder().put("daemon", "charon-fleet-simulator")
                        .put("version", "5.9.8").put("sysname", "Linux").put("release", "simulated")
                        .put("machine", "x86_64").build()));
                case "list-sas" -> {
                    if (registered.contains("list-sa")) {
                        for (int i = 0; i < sas; i++) {
                            send(listSaFrame);
                        }
                    }
                    reply(Packet.response(Message.EMPTY));
                }
                default -> reply(Packet.bare(PacketType.CMD_UNKNOWN));
            }
        }

        private void updateSubscriber() {
            boolean now = registered.stream().anyMatch(e -> !STREAM_EVENTS.contains(e));
            if (now != subscriber) {
                subscriber = now;
                int count = now ? subscribers.incrementAndGet(gateway) : subscribers.decrementAndGet(gateway);
                peakSubscribers.accumulateAndGet(gateway, count, Math::max);
                followed(gateway, count);
            }
        }

        private void reply(Packet packet) {
            send(PacketCodec.encodeFrame(packet));
        }

        void send(byte[] frame) {
            out.add(ByteBuffer.wrap(frame));
            try {
                flush();
            } catch (IOException e) {
                close();
            }
        }

        void flush() throws IOException {
            while (!out.isEmpty()) {
                ByteBuffer head = out.peek();
                channel.write(head);
                if (head.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                out.poll();
            }
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void close() {
            registered.clear();
            if (subscriber) {
                subscriber = false;
                followed(gateway, subscribers.decrementAndGet(gateway));
            }
            connections.get(gateway).remove(this);
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /**
     * Runs the simulator as a process: {@code FleetSimulator DIR GATEWAYS SAS [EVENTS_PER_SECOND_PER_GATEWAY]}
     * with the captured frames read from the test resources. Prints {@code ready} once listening; each
     * line on stdin ({@code stats}) prints {@code subscribed=<endpoints with a subscriber>
     * peak=<most subscribers of one endpoint at once> events=<sent>}; end of stdin stops it.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int gateways = Integer.parseInt(args[1]);
        int sas = Integer.parseInt(args[2]);
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        try (FleetSimulator fleet = start(dir, gateways, sas, FleetFrames.listSaFrame(), FleetFrames.replay())) {
            if (rate > 0) {
                Thread pacer = new Thread(() -> {
                    long periodNanos = (long) (1_000_000_000L / rate);
                    long next = System.nanoTime();
                    while (true) {
                        next += periodNanos;
                        java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                        fleet.replayRound();
                    }
                }, "fleet-simulator-pacer");
                pacer.setDaemon(true);
                pacer.start();
            }
            System.out.println("ready");
            System.out.flush();
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (stdin.readLine() != null) {
                System.out.println("subscribed=" + fleet.endpointsWithSubscribers() + " peak=" + fleet.maxPeakSubscribers()
                        + " events=" + fleet.eventsSent());
                System.out.flush();
            }
        }
    }
}
