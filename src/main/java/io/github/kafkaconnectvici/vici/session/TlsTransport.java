package io.github.kafkaconnectvici.vici.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;

/**
 * A {@code tls://host:port} connection: the JDK's TLS ({@link SSLEngine}) over a plain TCP
 * {@link SocketChannel}, typically to a TLS terminator (stunnel) in front of charon's unix socket.
 * The handshake completes, on the opener's thread and within the connect timeout, before the
 * connection is handed out; with TLS 1.3 a server that refuses the client's certificate says so only
 * on the first read, which {@link #explain} then names.
 *
 * <p>Reads work on a blocking channel (commands, registration) and on a non-blocking one (an event
 * connection the {@link EventLoop} reads, so that following a gateway over TLS holds no thread).
 * Delegated tasks (certificate checks) run inline: they come with the handshake, which happens on
 * the opener's thread, not on the loop.
 */
final class TlsTransport implements ViciTransport {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    /** Wrapping and writing TLS records: commands or deregistrations, and the reader answering the TLS layer. */
    private final Object writeLock = new Object();
    /**
     * Ciphertext read but not yet unwrapped, and plaintext unwrapped but not yet handed out; both kept
     * ready to fill. Null while empty on a connection the loop reads, so that an idle one holds neither.
     */
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private boolean inboundDone;
    /** Whether the last read stopped because the target was full, so that more may wait here without the socket showing it. */
    private boolean more;
    /** Whether the gateway sent any data yet: a TLS 1.3 server refuses a client certificate only after the handshake. */
    private volatile boolean answered;

    private TlsTransport(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
    }

    private ByteBuffer netIn() {
        if (netIn == null) {
            netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        }
        return netIn;
    }

    private ByteBuffer appIn() {
        if (appIn == null) {
            appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        }
        return appIn;
    }

    static TlsTransport open(ViciUri uri, ViciTls settings, Duration timeout) {
        long millis = Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        long deadline = System.nanoTime() + Duration.ofMillis(millis).toNanos();
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            // an event connection may idle for hours: let the kernel find a dead peer
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            channel.socket().connect(new InetSocketAddress(uri.host(), uri.port()), (int) millis);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ViciConnectionException("cannot connect to charon at " + uri + ": " + e.getMessage(), e);
        }
        try {
            SSLEngine engine = settings.context().createSSLEngine(uri.host(), uri.port());
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm(settings.endpointIdentificationAlgorithm());
            engine.setSSLParameters(parameters);
            engine.setUseClientMode(true);
            TlsTransport transport = new TlsTransport(channel, engine);
            transport.handshake(deadline);
            return transport;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new ViciConnectionException("TLS handshake with charon at " + uri + " failed: " + e.getMessage()
                    + hint(e), e);
        }
    }

    /** Runs the handshake on a non-blocking channel, waiting on a selector of its own until {@code deadline}. */
    private void handshake(long deadline) throws IOException {
        try (Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, 0);
            engine.beginHandshake();
            for (HandshakeStatus status = engine.getHandshakeStatus(); status != HandshakeStatus.NOT_HANDSHAKING
                    && status != HandshakeStatus.FINISHED; status = engine.getHandshakeStatus()) {
                switch (status) {
                    case NEED_TASK -> runDelegatedTasks();
                    case NEED_WRAP -> wrapAndWrite(EMPTY);
                    default -> {
                        if (!unwrap(appIn())) {
                            await(selector, key, deadline);
                            if (channel.read(netIn()) < 0) {
                                throw new SSLHandshakeException("the gateway closed the connection during the TLS handshake");
                            }
                        }
                    }
                }
            }
        }
        channel.configureBlocking(true); // the selector, closed, no longer holds the channel
    }

    private void await(Selector selector, SelectionKey key, long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("the TLS handshake did not complete within the connect timeout");
        }
        key.interestOps(SelectionKey.OP_READ);
        selector.select(Math.max(1, left / 1_000_000));
        selector.selectedKeys().clear();
    }

    private void runDelegatedTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }

    /**
     * Unwraps what {@link #netIn} holds into {@code plain} (the reader's target or {@link #appIn});
     * false when a whole record is still missing (more must be read), true when it made progress or
     * the peer closed the session.
     */
    private boolean unwrap(ByteBuffer plain) throws IOException {
        if (netIn == null || netIn.position() == 0) {
            return false;
        }
        netIn.flip();
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, plain);
        } finally {
            netIn.compact();
        }
        switch (result.getStatus()) {
            case BUFFER_OVERFLOW -> {
                if (plain != appIn) {
                    return unwrap(appIn());
                }
                if (appIn.position() > 0) {
                    return true; // hand out what is there first
                }
                appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                return true;
            }
            case BUFFER_UNDERFLOW -> {
                if (!netIn.hasRemaining()) {
                    netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                }
                return false;
            }
            case CLOSED -> {
                inboundDone = true; // close_notify: the end of the stream; the connection is closed, not answered
                return true;
            }
            default -> {
                HandshakeStatus status = result.getHandshakeStatus();
                if (status == HandshakeStatus.NEED_TASK) {
                    runDelegatedTasks();
                } else if (status == HandshakeStatus.NEED_WRAP && !engine.isOutboundDone()) {
                    wrapAndWrite(EMPTY); // e.g. a TLS 1.3 key update
                }
                return result.bytesConsumed() > 0 || result.bytesProduced() > 0;
            }
        }
    }

    private static ByteBuffer grow(ByteBuffer buffer, int size) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(size, buffer.capacity() * 2));
        buffer.flip();
        bigger.put(buffer);
        return bigger;
    }

    /**
     * Plaintext into {@code target}: on a blocking channel waits for at least one byte; on a
     * non-blocking one (read by the {@link EventLoop}) returns 0 when nothing is there yet.
     */
    @Override
    public int read(ByteBuffer target) throws IOException {
        int start = target.position();
        boolean blocking = channel.isBlocking();
        while (target.hasRemaining()) {
            if (appIn != null && appIn.position() > 0) {
                handOut(target);
                continue;
            }
            if (inboundDone) {
                break;
            }
            // straight into the target when a whole record's plaintext fits (the loop's buffer always has room)
            if (unwrap(target.remaining() >= engine.getSession().getApplicationBufferSize() ? target : appIn())) {
                continue;
            }
            if (target.position() > start && blocking) {
                break; // what is there is enough; waiting for more would hold the caller
            }
            int n = channel.read(netIn());
            if (n < 0) {
                endOfStream();
                break;
            }
            if (n == 0) {
                break;
            }
        }
        more = !target.hasRemaining();
        if (!blocking) {
            release();
        }
        int produced = target.position() - start;
        if (produced > 0) {
            answered = true;
            return produced;
        }
        return inboundDone ? -1 : 0;
    }

    /** Lets go of empty buffers: an idle connection the loop reads holds none. */
    private void release() {
        if (netIn != null && netIn.position() == 0) {
            netIn = null;
        }
        if (appIn != null && appIn.position() == 0) {
            appIn = null;
        }
    }

    private int handOut(ByteBuffer target) {
        appIn.flip();
        int n = Math.min(appIn.remaining(), target.remaining());
        ByteBuffer slice = appIn.slice(appIn.position(), n);
        target.put(slice);
        appIn.position(appIn.position() + n);
        appIn.compact();
        return n;
    }

    private void endOfStream() {
        inboundDone = true;
        try {
            engine.closeInbound();
        } catch (SSLException truncated) {
            // the gateway closed without close_notify: to VICI, the end of the stream all the same
        }
    }

    @Override
    public boolean hasMore() {
        return more;
    }

    @Override
    public void writeFully(ByteBuffer buffer) throws IOException {
        wrapAndWrite(buffer);
    }

    /** Wraps all of {@code plain} (or one handshake message when it is empty) and writes the records out. */
    private void wrapAndWrite(ByteBuffer plain) throws IOException {
        synchronized (writeLock) {
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            do {
                out.clear();
                SSLEngineResult result = engine.wrap(plain, out);
                switch (result.getStatus()) {
                    case BUFFER_OVERFLOW -> {
                        out = ByteBuffer.allocate(out.capacity() * 2);
                        continue;
                    }
                    case CLOSED -> throw new SSLException("the TLS session is closed");
                    default -> {
                        if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                            runDelegatedTasks();
                        }
                    }
                }
                out.flip();
                while (out.hasRemaining()) {
                    if (channel.write(out) == 0) {
                        Thread.onSpinWait(); // a non-blocking channel (handshake, or read by the loop); records are small
                    }
                }
            } while (plain.hasRemaining());
        }
    }

    @Override
    public SocketChannel selectable() {
        return channel;
    }

    /**
     * Decrypted bytes waiting, or a record that is not just TLS housekeeping. A TLS 1.3 server sends
     * its session tickets after the handshake, so raw bytes often wait on a healthy idle connection:
     * a non-blocking read takes in tickets and key updates (the connection stays usable); data, an
     * alert or the end of the stream count as input. A peer that closed without close_notify goes
     * unnoticed until the next command.
     */
    @Override
    public boolean hasPendingInput() throws IOException {
        if ((appIn != null && appIn.position() > 0) || inboundDone) {
            return true;
        }
        channel.configureBlocking(false);
        try {
            return read(ByteBuffer.allocate(1)) != 0;
        } finally {
            channel.configureBlocking(true);
        }
    }

    @Override
    public String explain(IOException failure) {
        String hint = hint(failure);
        return hint.isEmpty() ? explainEnd() : hint;
    }

    @Override
    public String explainEnd() {
        return answered ? "" : REFUSED;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Closes the TCP channel itself: that unblocks a reader at once, where a TLS close could wait for it. */
    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static final String REFUSED = " (the gateway refused the TLS session before answering, most likely this"
            + " client's certificate: none was configured, or it is not issued by a CA the gateway trusts)";

    /** What a TLS failure most likely means; never includes key material or passwords, which it never sees. */
    static String hint(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof CertPathValidatorException || message.contains("pkix path")
                    || message.contains("unable to find valid certification path")) {
                return " (the gateway's certificate is not issued by a CA in the trust store)";
            }
            if (t instanceof CertificateException && (message.contains("no subject alternative")
                    || message.contains("no name matching"))) {
                return " (the gateway's certificate does not name the host of the URI: connect by a name or address"
                        + " the certificate carries, or issue one that carries it)";
            }
            if (t instanceof SSLException && message.contains("received fatal alert")) {
                return REFUSED;
            }
        }
        return "";
    }

    private static void closeQuietly(SocketChannel socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already failing; the first error is the one worth reporting
        }
    }
}
