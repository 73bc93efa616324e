package io.github.kafkaconnectvici.connect.source.runtime;

import java.time.Duration;
import java.time.Instant;

/**
 * When a follower's next heartbeat and periodic snapshot are due, and how long it may wait for an
 * event before something else is due. Single-threaded, the follower's.
 */
final class FollowerTimers {

    // Upper bound of one wait for an event, so heartbeats, snapshots and stop() are never late by more.
    static final Duration TICK = Duration.ofMillis(200);

    private final Duration heartbeatInterval;
    private final Duration snapshotInterval;
    private final SnapshotPacing pacing;
    private Instant nextHeartbeat;
    private Instant nextSnapshot;

    FollowerTimers(Duration heartbeatInterval, Duration snapshotInterval, SnapshotPacing pacing) {
        this.heartbeatInterval = heartbeatInterval;
        this.snapshotInterval = snapshotInterval;
        this.pacing = pacing;
    }

    void start(Instant now) {
        nextHeartbeat = plus(now, heartbeatInterval);
        nextSnapshot = pacing.nextDue(now, snapshotInterval);
    }

    /** True once a heartbeat is due, and the next one is scheduled. */
    boolean heartbeatDue(Instant now) {
        if (nextHeartbeat == null || now.isBefore(nextHeartbeat)) {
            return false;
        }
        nextHeartbeat = plus(now, heartbeatInterval);
        return true;
    }

    boolean snapshotDue(Instant now) {
        return nextSnapshot != null && !now.isBefore(nextSnapshot);
    }

    /** Any snapshot started: the next periodic one is an interval (less jitter) away. */
    void snapshotStarted(Instant now) {
        nextSnapshot = pacing.nextDue(now, snapshotInterval);
    }

    /** At most {@link #TICK}, less if a timer, the resync retry or the inventory is due sooner. */
    Duration untilNextDue(Instant now, Duration resyncIn, Instant inventoryAt) {
        Duration wait = TICK;
        Instant resyncDue = resyncIn == null ? null : now.plus(resyncIn);
        for (Instant due : new Instant[] {nextHeartbeat, nextSnapshot, resyncDue, inventoryAt}) {
            if (due != null) {
                Duration left = Duration.between(now, due);
                if (left.compareTo(wait) < 0) {
                    wait = left.isNegative() ? Duration.ZERO : left;
                }
            }
        }
        return wait;
    }

    private static Instant plus(Instant now, Duration interval) {
        return interval.isZero() ? null : now.plus(interval);
    }
}
