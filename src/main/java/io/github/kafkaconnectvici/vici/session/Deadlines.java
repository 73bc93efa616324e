package io.github.kafkaconnectvici.vici.session;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Client-side deadlines. A blocking channel read has no timeout of its own, so a deadline closes
 * the connection under the reader, which both unblocks it and guarantees the connection is never
 * reused.
 */
final class Deadlines implements AutoCloseable {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "vici-deadlines");
        t.setDaemon(true);
        return t;
    });

    Deadlines() {
        // Almost every deadline is cancelled: without this they would pile up until they expire.
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code onExpiry} after {@code timeout} unless the returned handle is cancelled first. */
    ScheduledFuture<?> arm(Duration timeout, Runnable onExpiry) {
        return timer.schedule(onExpiry, Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
