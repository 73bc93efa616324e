package io.github.kafkaconnectvici.vici.session;

import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.awaitility.core.ConditionFactory;

/**
 * A protocol-level stand-in for charon's vici socket, for the failure modes and precise timings a
 * real charon cannot be made to produce (malformed frames, silence, dying mid-stream). It proves
 * nothing about real charon: that is the integration tests' job.
 *
 * <p>Each accepted connection runs the {@link Script} on a thread of its own. When the script
 * returns, the connection stays open, recording whatever the client still sends, until the client
 * closes it (as charon never hangs up on its own). Scripts that want to hang up call
 * {@link Conn#close()}.
 */
final class FakeCharon implements AutoCloseable {

    /** What the fake does on one connection. */
    @FunctionalInterface
    interface Script {
        void run(Conn conn) throws Exception;
    }

    /** A packet the client sent, and on which connection (numbered from 1 in accept order). */
    record Received(int connection, Packet packet) {
    }

    private final Path socket;
    private final Script script;
    private final List<Conn> connections = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Throwable> scriptErrors = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private volatile ServerSocketChannel server;

    private FakeCharon(Path socket, Script script) {
        this.socket = socket;
        this.script = script;
    }

    /** Listens on {@code dir/charon.vici}; {@code dir} should be a {@code @TempDir}. */
    static FakeCharon start(Path dir, Script script) throws IOException {
        FakeCharon fake = new FakeCharon(dir.resolve("charon.vici"), script);
        fake.listen();
        return fake;
    }

    /** A wait for a condition, polling often enough not to slow the tests down. */
    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5));
    }

    String uri() {
        return "unix://" + socket;
    }

    /** Stops accepting and removes the socket, as a stopped charon does; open connections stay. */
    void stopListening() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }

    /** Listens again on the same path, as a restarted charon does. */
    void listen() throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket));
        server = s;
        Thread acceptor = new Thread(() -> acceptLoop(s), "fake-charon-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop(ServerSocketChannel s) {
        while (s.isOpen()) {
            SocketChannel channel;
            try {
                channel = s.accept();
            } catch (IOException e) {
                return; // closed by stopListening() or close()
            }
            Conn conn;
            synchronized (connections) {
                conn = new Conn(connections.size() + 1, channel, System.nanoTime());
                connections.add(conn);
            }
            maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            Thread t = new Thread(() -> runScript(conn), "fake-charon-conn-" + conn.index);
            t.setDaemon(true);
            t.start();
        }
    }

    private void runScript(Conn conn) {
        try {
            script.run(conn);
            conn.awaitClientClose();
        } catch (Exception | AssertionError e) {
            if (conn.channel.isOpen()) {
                scriptErrors.add(e);
            }
        } finally {
            conn.close();
        }
    }

    /** Connections accepted so far. */
    int connectionCount() {
        return connections.size();
    }

    /**
     * The most connections that were open at the same time, as the fake sees it: a connection
     * counts from its accept until the fake reads its end of stream or hangs up itself.
     */
    int maxOpenConnections() {
        return maxOpen.get();
    }

    /** Connection {@code index} (from 1), waiting for the client to open it. */
    Conn connection(int index) {
        eventually().until(() -> connections.size() >= index);
        return connections.get(index - 1);
    }

    /** Every packet received, in the order the fake read them. */
    List<Received> received() {
        return List.copyOf(received);
    }

    /** The packets received on one connection, in order. */
    List<Packet> receivedOn(int connection) {
        return received.stream().filter(r -> r.connection() == connection).map(Received::packet).toList();
    }

    /** Exceptions the scripts threw while their connection was still open (a broken script). */
    List<Throwable> scriptErrors() {
        return List.copyOf(scriptErrors);
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.forEach(Conn::close);
        Files.deleteIfExists(socket);
    }

    /** A VICI transport segment around {@code body}: the 32-bit length header, then the bytes. */
    static byte[] frame(byte... body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    /** A CMD_RESPONSE with the given key/value pairs. */
    static Packet response(String... keysAndValues) {
        return Packet.response(message(keysAndValues));
    }

    /** An EVENT with the given key/value pairs. */
    static Packet event(String name, String... keysAndValues) {
        return Packet.event(name, message(keysAndValues));
    }

    static Message message(String... keysAndValues) {
        Message.Builder b = Message.builder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            b.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return b.build();
    }

    static final Packet CONFIRM = Packet.bare(PacketType.EVENT_CONFIRM);
    static final Packet EVENT_UNKNOWN = Packet.bare(PacketType.EVENT_UNKNOWN);
    static final Packet CMD_UNKNOWN = Packet.bare(PacketType.CMD_UNKNOWN);

    /** One accepted connection, as the fake charon sees it. */
    final class Conn {

        private final int index;
        private final SocketChannel channel;
        private final FrameReader reader;
        private final long acceptedAtNanos;
        private final AtomicBoolean counted = new AtomicBoolean(true);
        private volatile boolean clientClosed;

        private Conn(int index, SocketChannel channel, long acceptedAtNanos) {
            this.index = index;
            this.channel = channel;
            this.reader = new FrameReader(channel);
            this.acceptedAtNanos = acceptedAtNanos;
        }

        int index() {
            return index;
        }

        /** {@link System#nanoTime()} when the fake accepted this connection. */
        long acceptedAtNanos() {
            return acceptedAtNanos;
        }

        /**
         * Whether the client hung up: the fake read the end of the stream, or a read or write
         * failed because the client had closed (a client that closes with bytes of ours unread
         * makes the read fail with "connection reset" rather than end the stream).
         */
        boolean clientClosed() {
            return clientClosed;
        }

        /** Whether the fake's end is still open (false once it hung up or saw the client go). */
        boolean isOpen() {
            return channel.isOpen();
        }

        /** The next packet the client sent, or null once it closed the connection. */
        Packet read() throws IOException {
            byte[] body;
            try {
                body = reader.next();
            } catch (IOException e) {
                if (!channel.isOpen()) {
                    throw e; // the fake hung up itself
                }
                body = null; // connection reset: the client closed without reading everything
            }
            if (body == null) {
                clientClosed = true;
                return null;
            }
            Packet packet = PacketCodec.decode(body);
            received.add(new Received(index, packet));
            return packet;
        }

        /** The next packet, which must be of {@code type}. */
        Packet expect(PacketType type) throws IOException {
            Packet packet = read();
            if (packet == null || packet.type() != type) {
                throw new AssertionError("fake charon expected " + type + " on connection " + index + " but got " + packet);
            }
            return packet;
        }

        /** Answers every packet with {@code answer}'s result (nothing for null) until the client closes. */
        void serve(Function<Packet, Packet> answer) throws IOException {
            for (Packet p = read(); p != null; p = read()) {
                Packet reply = answer.apply(p);
                if (reply != null) {
                    write(reply);
                }
            }
        }

        /** Confirms every (de)registration and answers every command with an empty response. */
        void actLikeCharon() throws IOException {
            serve(p -> switch (p.type()) {
                case EVENT_REGISTER, EVENT_UNREGISTER -> CONFIRM;
                case CMD_REQUEST -> Packet.response(Message.EMPTY);
                default -> throw new AssertionError("a client sent " + p);
            });
        }

        /** Reads (and records) whatever the client still sends, until it closes the connection. */
        void awaitClientClose() throws IOException {
            while (read() != null) {
                // recorded by read()
            }
        }

        void write(Packet... packets) throws IOException {
            for (Packet packet : packets) {
                writeRaw(PacketCodec.encodeFrame(packet));
            }
        }

        /** Writes bytes; fails (broken pipe) if the client hung up, which is then recorded. */
        synchronized void writeRaw(byte[] bytes) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                if (channel.isOpen()) {
                    clientClosed = true;
                }
                throw e;
            }
        }

        /** Hangs up, as a dying charon does. */
        void close() {
            if (counted.compareAndSet(true, false)) {
                open.decrementAndGet();
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
