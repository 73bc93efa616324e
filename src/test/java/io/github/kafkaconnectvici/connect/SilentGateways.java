package io.github.kafkaconnectvici.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unix sockets that accept a VICI client and never answer, like a hung charon: every probe of them runs
 * into its timeout. Counts how many clients are connected at once, which shows whether probes run in
 * parallel without timing anything.
 */
public final class SilentGateways implements AutoCloseable {

    private final List<ServerSocketChannel> servers = new ArrayList<>();
    private final List<Path> sockets = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpenAtOnce = new AtomicInteger();

    public SilentGateways(Path dir, int count) {
        try {
            for (int i = 0; i < count; i++) {
                Path socket = dir.resolve("silent-" + i + ".vici");
                ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                server.bind(UnixDomainSocketAddress.of(socket));
                servers.add(server);
                sockets.add(socket);
                Thread acceptor = new Thread(() -> accept(server), "silent-gateway-" + i);
                acceptor.setDaemon(true);
                acceptor.start();
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /** {@code vici.endpoints}: silent0=unix://...,silent1=... */
    public String endpoints() {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < sockets.size(); i++) {
            entries.add("silent" + i + "=unix://" + sockets.get(i));
        }
        return String.join(",", entries);
    }

    public int mostConnectedAtOnce() {
        return mostOpenAtOnce.get();
    }

    private void accept(ServerSocketChannel server) {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                mostOpenAtOnce.accumulateAndGet(open.incrementAndGet(), Math::max);
                Thread reader = new Thread(() -> drainUntilClosed(client), "silent-gateway-client");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Reads and ignores the client's request until it gives up and closes. */
    private void drainUntilClosed(SocketChannel client) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try (client) {
            while (client.read(buffer.clear()) >= 0) {
                // never answers
            }
        } catch (IOException e) {
            // the client reset the connection: gone all the same
        } finally {
            open.decrementAndGet();
        }
    }

    @Override
    public void close() {
        for (ServerSocketChannel server : servers) {
            try {
                server.close();
            } catch (IOException e) {
                // best effort in a test
            }
        }
    }
}
