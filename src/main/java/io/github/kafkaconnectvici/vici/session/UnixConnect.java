package io.github.kafkaconnectvici.vici.session;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A unix-socket connect with a deadline. The JDK has no connect timeout for unix sockets, and a
 * hung charon whose listen backlog is full blocks {@code connect()} for ever; past the deadline a
 * shared timer closes the channel, which ends the blocked call.
 */
final class UnixConnect {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vici-unix-connect-deadline");
        t.setDaemon(true);
        return t;
    });

    private UnixConnect() {
    }

    static void connect(SocketChannel channel, UnixDomainSocketAddress address, Duration timeout) throws IOException {
        long millis = Math.max(1, timeout.toMillis());
        ScheduledFuture<?> deadline = TIMER.schedule(() -> closeQuietly(channel), millis, TimeUnit.MILLISECONDS);
        try {
            channel.connect(address);
        } catch (AsynchronousCloseException e) {
            // Only the deadline closes the channel while connect() runs.
            throw new SocketTimeoutException("connect timed out after " + millis + " ms (charon accepts no connection)");
        } finally {
            deadline.cancel(false);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the blocked connect reports the timeout
        }
    }
}
