package io.github.kafkaconnectvici.vici.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Where charon's vici plugin listens, in charon's own notation: {@code unix:///var/run/charon.vici}
 * or {@code tcp://host:port}; or {@code tls://host:port}, a TLS terminator (stunnel) in front of
 * charon's socket, reached with the {@link ViciTls} settings. UNIX sockets use the JDK's own support
 * (Java 16+), no JNI.
 */
public final class ViciUri {

    /** charon's default socket. */
    public static final ViciUri DEFAULT = parse("unix:///var/run/charon.vici");

    private final URI uri;

    private ViciUri(URI uri) {
        this.uri = uri;
    }

    public static ViciUri parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a VICI URI: '" + text + "' (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        switch (scheme) {
            case "unix" -> {
                if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getHost() != null) {
                    throw new IllegalArgumentException("a unix VICI URI names a socket path: unix:///path/to/charon.vici, not '" + text + "'");
                }
            }
            case "tcp", "tls" -> {
                if (uri.getHost() == null || uri.getPort() < 0) {
                    throw new IllegalArgumentException("a " + scheme + " VICI URI names a host and a port: " + scheme
                            + "://host:port, not '" + text + "'");
                }
            }
            default -> throw new IllegalArgumentException(
                    "unsupported VICI URI '" + text + "': the scheme must be unix, tcp or tls");
        }
        return new ViciUri(uri);
    }

    public boolean isUnix() {
        return "unix".equals(uri.getScheme());
    }

    public boolean isTls() {
        return "tls".equals(uri.getScheme());
    }

    /** The host of a tcp or tls URI (without an IPv6 literal's brackets); null for unix. */
    public String host() {
        String host = uri.getHost();
        return host != null && host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** The port of a tcp or tls URI; -1 for unix. */
    public int port() {
        return uri.getPort();
    }

    /** Opens a blocking transport to charon; {@code tls} applies to tls URIs (null: {@link ViciTls#defaults()}). */
    ViciTransport open(Duration timeout, ViciTls tls) {
        if (isTls()) {
            return TlsTransport.open(this, tls == null ? ViciTls.defaults() : tls, timeout);
        }
        return new ChannelTransport(connect(timeout));
    }

    /** Opens a blocking channel to charon. */
    private SocketChannel connect(Duration timeout) {
        SocketChannel channel = null;
        try {
            if (isUnix()) {
                channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                UnixConnect.connect(channel, UnixDomainSocketAddress.of(uri.getPath()), timeout);
            } else {
                channel = SocketChannel.open();
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.socket().connect(new InetSocketAddress(uri.getHost(), uri.getPort()),
                        (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
            }
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            String hint = isUnix() ? " (is charon running, and may this user open the socket? charon creates it 0770 root:root)" : "";
            throw new ViciConnectionException("cannot connect to charon at " + this + ": " + e.getMessage() + hint, e);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the connect error is the one worth reporting
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ViciUri other && uri.equals(other.uri);
    }

    @Override
    public int hashCode() {
        return uri.hashCode();
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
