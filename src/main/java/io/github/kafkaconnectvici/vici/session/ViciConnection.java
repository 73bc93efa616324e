package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.codec.FrameReader;
import io.github.kafkaconnectvici.vici.codec.Malformation;
import io.github.kafkaconnectvici.vici.codec.Packet;
import io.github.kafkaconnectvici.vici.codec.PacketCodec;
import io.github.kafkaconnectvici.vici.codec.ViciProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One connection to charon: packets out, packets in, strictly in order. Reading and writing may
 * happen on different threads; {@link #close()} from any thread unblocks both.
 */
final class ViciConnection implements AutoCloseable {

    private final ViciUri uri;
    private final ViciTransport channel;
    private final FrameReader reader;
    private final Object writeLock = new Object();

    private ViciConnection(ViciUri uri, ViciTransport channel) {
        this.uri = uri;
        this.channel = channel;
        this.reader = new FrameReader(channel);
    }

    static ViciConnection open(ViciUri uri, ViciTls tls, Duration connectTimeout) {
        return new ViciConnection(uri, uri.open(connectTimeout, tls));
    }

    ViciUri uri() {
        return uri;
    }

    void send(Packet packet) {
        byte[] frame = PacketCodec.encodeFrame(packet);
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        synchronized (writeLock) {
            try {
                channel.writeFully(buffer);
            } catch (IOException e) {
                close();
                throw new ViciConnectionException("sending " + describe(packet) + " to charon at " + uri + " failed: " + e
                        + channel.explain(e), e);
            }
        }
    }

    /**
     * The next packet. Malformed input raises {@link io.github.kafkaconnectvici.vici.codec.ViciProtocolException}
     * and the end of the stream a {@link ViciConnectionException}; either way the caller must
     * discard the connection, as the stream can no longer be trusted to be in step.
     */
    Packet receive() {
        return PacketCodec.decodeOwned(receiveBody());
    }

    /**
     * The next segment's body, not decoded, for a reader that may not need the packet; the same
     * failures as {@link #receive()} except malformed packets, which only decoding finds.
     */
    byte[] receiveBody() {
        byte[] body;
        try {
            body = reader.next();
        } catch (IOException e) {
            throw readFailed(e);
        }
        if (body == null) {
            throw ended();
        }
        return body;
    }

    /** Closes the connection and says why reading it failed. */
    ViciConnectionException readFailed(IOException e) {
        close();
        return new ViciConnectionException("reading from charon at " + uri + " failed: " + e + channel.explain(e), e);
    }

    /** Closes the connection, which charon ended. */
    ViciConnectionException ended() {
        close();
        return new ViciConnectionException("charon at " + uri + " closed the connection" + channel.explainEnd());
    }

    /** The channel a selector watches for this connection. */
    SocketChannel selectable() {
        return channel.selectable();
    }

    /** Reads what has arrived (decrypted, for TLS) into {@code target}, without waiting once the channel is non-blocking. */
    int readAvailable(ByteBuffer target) throws IOException {
        return channel.read(target);
    }

    /** Whether the last {@link #readAvailable} left bytes in the transport that a selector cannot see. */
    boolean hasMore() {
        return channel.hasMore();
    }

    /** Whether segment bytes were already read ahead by the blocking reader. */
    boolean hasBuffered() {
        return reader.hasBuffered();
    }

    /**
     * Reads until charon confirms (true) or refuses (false) an event (de)registration. Events that
     * arrive meanwhile go to {@code onEvent}; anything else breaks the protocol.
     */
    boolean awaitConfirmation(Consumer<Packet> onEvent, String awaited) {
        while (true) {
            Packet packet = receive();
            switch (packet.type()) {
                case EVENT_CONFIRM -> {
                    return true;
                }
                case EVENT_UNKNOWN -> {
                    return false;
                }
                case EVENT -> onEvent.accept(packet);
                default -> throw unexpected(packet, awaited);
            }
        }
    }

    /** The error for a packet the protocol does not allow where {@code expected} was due. */
    ViciProtocolException unexpected(Packet packet, String expected) {
        return new ViciProtocolException(Malformation.UNEXPECTED_PACKET,
                "charon at " + uri + " sent " + describe(packet) + " where the protocol allows " + expected);
    }

    /**
     * Whether an idle connection can carry another command: still open, nothing unread, and not
     * at end of stream (charon restarted since it was last used).
     */
    boolean isReusable() {
        if (!channel.isOpen() || reader.hasBuffered()) {
            return false;
        }
        synchronized (writeLock) {
            try {
                return !channel.hasPendingInput();
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** Releases read-ahead memory of a connection going idle. */
    void trim() {
        reader.trim();
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        channel.close();
    }

    static String describe(Packet packet) {
        return packet.name() == null ? packet.type().toString() : packet.type() + " '" + packet.name() + "'";
    }
}
