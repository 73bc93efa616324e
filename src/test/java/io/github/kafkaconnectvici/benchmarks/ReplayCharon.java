package io.github.kafkaconnectvici.benchmarks;

import io.github.kafkaconnectvici.vici.codec.FrameReader;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Packet;
import io.github.kafkaconnectvici.vici.codec.PacketCodec;
import io.github.kafkaconnectvici.vici.codec.PacketType;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A VICI socket that replays captured charon events at full speed or at a set rate, as load for the
 * source task benchmark (charon itself cannot be made to raise tens of thousands of events a
 * second). It answers what the connector asks: event (de)registrations, {@code version}, and an
 * empty {@code list-sas}. The events go to the connection that registered all of {@code events}.
 */
final class ReplayCharon implements AutoCloseable {

    private final Path socket;
    private final List<byte[]> frames;
    private final Set<String> events;
    private final ServerSocketChannel server;
    private volatile Connection eventConnection;
    // IKE_SAs a list-sas streams (copies of the captured list-sa event), for the soak.
    private volatile int snapshotSas;
    private final byte[] listSaFrame = Samples.listSaFrame();

    private ReplayCharon(Path socket, List<byte[]> frames, Set<String> events) throws IOException {
        this.socket = socket;
        this.frames = frames;
        this.events = events;
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(this::acceptLoop, "replay-charon-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code frames} are whole VICI event frames, sent round-robin. */
    static ReplayCharon start(Path socket, List<byte[]> frames, Set<String> events) throws IOException {
        return new ReplayCharon(socket, frames, events);
    }

    /** From now on, list-sas streams {@code sas} copies of the captured list-sa event (and stats counts them). */
    void snapshotSas(int sas) {
        this.snapshotSas = sas;
    }

    String uri() {
        return "unix://" + socket;
    }

    /** Waits until a subscriber has registered every event. */
    void awaitSubscriber(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (eventConnection == null || !eventConnection.channel.isOpen()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no subscriber registered " + events + " within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Sends {@code count} events as fast as the socket takes them, in writes of up to 64 frames. */
    void flood(long count) throws IOException {
        Connection c = eventConnection;
        int frame = 0;
        ByteBuffer batch = ByteBuffer.allocate(64 * 2048);
        for (long sent = 0; sent < count; ) {
            batch.clear();
            for (int i = 0; i < 64 && sent < count; i++, sent++) {
                byte[] next = frames.get(frame++ % frames.size());
                if (batch.remaining() < next.length) {
                    break;
                }
                batch.put(next);
            }
            batch.flip();
            c.write(batch);
        }
    }

    /** Sends {@code perSecond} events a second for {@code duration}, spread over each millisecond. */
    void paced(int perSecond, Duration duration) throws IOException {
        Connection c = eventConnection;
        long start = System.nanoTime();
        long total = perSecond * duration.toMillis() / 1000;
        int frame = 0;
        for (long sent = 0; sent < total; sent++) {
            long due = start + sent * TimeUnit.SECONDS.toNanos(1) / perSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            c.write(ByteBuffer.wrap(frames.get(frame++ % frames.size())));
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                Connection c = new Connection(server.accept());
                Thread t = new Thread(c::serve, "replay-charon-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }

    private final class Connection {
        private final SocketChannel channel;
        private final Set<String> registered = ConcurrentHashMap.newKeySet();

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void serve() {
            try (channel) {
                FrameReader reader = new FrameReader(channel);
                for (byte[] body = reader.next(); body != null; body = reader.next()) {
                    Packet packet = PacketCodec.decode(body);
                    switch (packet.type()) {
                        case EVENT_REGISTER -> {
                            reply(Packet.bare(PacketType.EVENT_CONFIRM));
                            registered.add(packet.name());
                            if (registered.containsAll(events)) {
                                eventConnection = this;
                            }
                        }
                        case EVENT_UNREGISTER -> reply(Packet.bare(PacketType.EVENT_CONFIRM));
                        case CMD_REQUEST -> {
                            if (packet.name().equals("list-sas") && registered.contains("list-sa")) {
                                for (int i = 0; i < snapshotSas; i++) {
                                    write(ByteBuffer.wrap(listSaFrame));
                                }
                            }
                            reply(Packet.response(answer(packet.name())));
                        }
                        default -> throw new IllegalStateException("unexpected " + packet.type());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the client went away
            }
        }

        private Message answer(String command) {
            return switch (command) {
                case "version" -> Message.builder().put("daemon", "charon-replay").put("version", "5.9.8")
                        .put("sysname", "Linux").put("release", "bench").put("machine", "x86_64").build();
                case "stats" -> Message.builder().section("ikesas", Message.builder()
                        .put("total", Integer.toString(snapshotSas)).put("half-open", "0").build()).build();
                default -> Message.EMPTY; // list-sas: an empty snapshot
            };
        }

        private void reply(Packet packet) throws IOException {
            write(ByteBuffer.wrap(PacketCodec.encodeFrame(packet)));
        }

        synchronized void write(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    static byte[] frame(String event, Message message) {
        return PacketCodec.encodeFrame(Packet.event(event, message));
    }
}
