package io.github.kafkaconnectvici.connect.source.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * Keeps a task's gateways from snapshotting all at once: periodic snapshots are due after the
 * interval shortened by a random part of up to {@link #JITTER} of it (never later than the interval,
 * and gateways that started together drift apart within a few intervals), and at most
 * {@code snapshot.max.concurrent} of the task's gateways run list-sas at the same time; the others
 * wait their turn while their subscriptions go on buffering events.
 */
public final class SnapshotPacing {

    public static final String MAX_CONCURRENT = "snapshot.max.concurrent";
    public static final int MAX_CONCURRENT_DEFAULT = 4;
    public static final int MAX_CONCURRENT_LIMIT = 1_000;
    /** The largest share of the interval a periodic snapshot may come early by. */
    static final double JITTER = 0.25;

    private final Semaphore permits;
    private final int limit;
    private final DoubleSupplier random;

    SnapshotPacing(int limit, DoubleSupplier random) {
        if (limit < 1 || limit > MAX_CONCURRENT_LIMIT) {
            throw new IllegalArgumentException(MAX_CONCURRENT + " must be 1.." + MAX_CONCURRENT_LIMIT + ", not " + limit);
        }
        this.limit = limit;
        this.permits = new Semaphore(limit, true);
        this.random = random;
    }

    /** A pacing of {@code limit} concurrent snapshots with uniformly random jitter. */
    public static SnapshotPacing of(int limit) {
        return new SnapshotPacing(limit, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The jitter in words, for the setting's documentation. */
    public static String jitterText() {
        return Math.round(100 * (1 - JITTER)) + " to 100%";
    }

    /** When the next periodic snapshot is due, or null if periodic snapshots are off (interval 0). */
    Instant nextDue(Instant now, Duration interval) {
        if (interval.isZero()) {
            return null;
        }
        double early = JITTER * Math.min(Math.max(random.getAsDouble(), 0), 1);
        return now.plusNanos(Math.round(interval.toNanos() * (1 - early)));
    }

    /**
     * Waits for a turn to snapshot, in arrival order; false if {@code running} turned false first.
     * Checks {@code running} every {@code tick}.
     */
    boolean acquire(BooleanSupplier running, Duration tick) throws InterruptedException {
        while (running.getAsBoolean()) {
            if (permits.tryAcquire(tick.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** A turn to snapshot if one is free now, without waiting (a follower without a thread of its own retries later). */
    boolean tryAcquire() {
        return permits.tryAcquire();
    }

    void release() {
        permits.release();
    }

    /** Snapshots running now. */
    int running() {
        return limit - permits.availablePermits();
    }

    public int limit() {
        return limit;
    }
}
