package io.github.kafkaconnectvici.vici.session;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Client-side deadlines. A blocking channel read has no timeout of its own, so a deadline closes
 * the connection under the reader, which both unblocks it and guarantees the connection is never
 * reused.
 *
 * <p>Every client of the JVM shares one timer thread: an expiry only closes a socket, and a task
 * following a thousand gateways (a client each) would otherwise keep a thousand idle timer threads.
 */
final class Deadlines implements AutoCloseable {

    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "vici-deadlines");
        t.setDaemon(true);
        return t;
    });

    static {
        // Almost every deadline is cancelled: without this they would pile up until they expire.
        TIMER.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code onExpiry} after {@code timeout} unless the returned handle is cancelled first. */
    ScheduledFuture<?> arm(Duration timeout, Runnable onExpiry) {
        return TIMER.schedule(onExpiry, Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    /**
     * Nothing to release: closing a client closes its connections, which ends the commands whose
     * deadlines are still armed, and each command cancels its own deadline on the way out.
     */
    @Override
    public void close() {
    }
}
