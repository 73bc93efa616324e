package io.github.kafkaconnectvici.vici.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A {@code tls://host:port} connection: the JDK's TLS over a plain TCP socket, typically to a TLS
 * terminator (stunnel) in front of charon's unix socket. The handshake completes before the
 * connection is handed out; with TLS 1.3 a server that refuses the client's certificate says so only
 * on the first read, which {@link #explain} then names.
 */
final class TlsTransport implements ViciTransport {

    private final Socket raw;
    private final InputStream in;
    private final OutputStream out;
    private final InputStream rawIn;
    /** Whether the gateway sent any data yet: a TLS 1.3 server refuses a client certificate only after the handshake. */
    private volatile boolean answered;

    private TlsTransport(Socket raw, SSLSocket tls) throws IOException {
        this.raw = raw;
        this.in = tls.getInputStream();
        this.out = tls.getOutputStream();
        this.rawIn = raw.getInputStream();
    }

    static TlsTransport open(ViciUri uri, ViciTls settings, Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            raw.setKeepAlive(true); // an event connection may idle for hours: let the kernel find a dead peer
            raw.connect(new InetSocketAddress(uri.host(), uri.port()), millis);
        } catch (IOException e) {
            closeQuietly(raw);
            throw new ViciConnectionException("cannot connect to charon at " + uri + ": " + e.getMessage(), e);
        }
        try {
            SSLSocket tls = (SSLSocket) settings.context().getSocketFactory()
                    .createSocket(raw, uri.host(), uri.port(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm(settings.endpointIdentificationAlgorithm());
            tls.setSSLParameters(parameters);
            tls.setUseClientMode(true);
            raw.setSoTimeout(millis); // bounds the handshake; reads after it block until data or close()
            tls.startHandshake();
            raw.setSoTimeout(0);
            return new TlsTransport(raw, tls);
        } catch (IOException e) {
            closeQuietly(raw);
            throw new ViciConnectionException("TLS handshake with charon at " + uri + " failed: " + e.getMessage()
                    + hint(e), e);
        }
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        if (target.hasArray()) {
            int n = in.read(target.array(), target.arrayOffset() + target.position(), target.remaining());
            if (n > 0) {
                answered = true;
                target.position(target.position() + n);
            }
            return n;
        }
        byte[] chunk = new byte[target.remaining()];
        int n = in.read(chunk);
        if (n > 0) {
            answered = true;
            target.put(chunk, 0, n);
        }
        return n;
    }

    @Override
    public void writeFully(ByteBuffer buffer) throws IOException {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        out.write(bytes);
        out.flush();
    }

    /**
     * Decrypted bytes waiting, or a record that is not just TLS housekeeping. A TLS 1.3 server sends
     * its session tickets after the handshake, so raw bytes often wait on a healthy idle connection:
     * they are handed to the TLS layer with a 1 ms read, which takes in tickets and key updates and
     * times out (the connection stays usable); data, an alert or the end of the stream count as input.
     * A peer that closed without close_notify goes unnoticed until the next command.
     */
    @Override
    public boolean hasPendingInput() throws IOException {
        if (in.available() > 0) {
            return true;
        }
        if (rawIn.available() == 0) {
            return false;
        }
        int timeout = raw.getSoTimeout();
        raw.setSoTimeout(1);
        try {
            in.read(); // a byte or the end of the stream: either way this connection is out of step
            return true;
        } catch (SocketTimeoutException housekeepingOnly) {
            return in.available() > 0;
        } finally {
            raw.setSoTimeout(timeout);
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
        return !raw.isClosed();
    }

    /** Closes the TCP socket itself: that unblocks a reader at once, where a TLS close could wait for it. */
    @Override
    public void close() {
        closeQuietly(raw);
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

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already failing; the first error is the one worth reporting
        }
    }
}
