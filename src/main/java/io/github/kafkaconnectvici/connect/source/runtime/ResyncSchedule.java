package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.vici.session.Backoff;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a gateway owes its consumers a snapshot: one is owed at the start of a task and after every
 * gap, and stays owed until a snapshot completes. A failed one is retried with backoff, independent
 * of snapshot.interval.ms (which may be 0), so that a gap is always followed by a whole snapshot.
 */
final class ResyncSchedule {

    private final Backoff backoff;
    private String reason;
    private int failures;
    private Instant retryAt;

    ResyncSchedule(Backoff backoff) {
        this.backoff = backoff;
    }

    /** A snapshot is owed for {@code why}; the first reason owed is kept until one completes. */
    void owe(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    boolean owed() {
        return reason != null;
    }

    /** Owed and not waiting out the backoff after a failure. */
    boolean due(Instant now) {
        return reason != null && (retryAt == null || !now.isBefore(retryAt));
    }

    /** Why the owed snapshot is taken (with the attempt, once one failed); null if none is owed. */
    String reason() {
        if (reason == null || failures == 0) {
            return reason;
        }
        return reason + " (attempt " + (failures + 1) + ")";
    }

    /** A snapshot completed: nothing is owed any more. */
    void completed() {
        reason = null;
        failures = 0;
        retryAt = null;
    }

    /** A snapshot failed at {@code now}: the owed one is retried after the next backoff delay. */
    void failed(Instant now, String why) {
        owe(why);
        retryAt = now.plus(backoff.delay(failures));
        failures = Math.min(failures + 1, 1_000);
    }

    /** Time until a retry is due; null when none is owed. */
    Duration untilDue(Instant now) {
        if (reason == null) {
            return null;
        }
        if (retryAt == null || !now.isBefore(retryAt)) {
            return Duration.ZERO;
        }
        return Duration.between(now, retryAt);
    }

    int failures() {
        return failures;
    }
}
