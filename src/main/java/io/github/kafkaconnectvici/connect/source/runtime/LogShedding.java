package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.session.Event;

/**
 * charon's log events: those above the configured level are filtered (counted, never queued);
 * with shedding on, a log event that finds the task's queue full is shed rather than waited for,
 * and one EVENTS_SHED status record reports how many before the next record of the gateway.
 * Single-threaded, the follower's.
 */
final class LogShedding {

    private final int level;
    private final boolean shedding;
    private final GatewayOutput out;
    private final GatewayMetrics metrics;
    private long shedPending;

    LogShedding(int level, boolean shedding, GatewayOutput out, GatewayMetrics metrics) {
        this.level = level;
        this.shedding = shedding;
        this.out = out;
        this.metrics = metrics;
    }

    /** True if {@code event} was dealt with here: a log event filtered, or queued or shed under shedding. */
    boolean handled(Event event) throws InterruptedException {
        if (!event.name().equals(SourceEvents.LOG)) {
            return false;
        }
        if (!levelWanted(event.message())) {
            metrics.logEventFiltered();
            return true;
        }
        if (!shedding) {
            return false;
        }
        if (shedPending > 0) {
            tryFlush();
        }
        if (shedPending > 0 || !out.offerEvent(event)) {
            shedPending++;
            metrics.logEventShed();
        }
        return true;
    }

    private boolean levelWanted(Message log) {
        String text = log.text("level").orElse(null);
        if (text == null) {
            return true; // nothing to filter on: keep it rather than lose it
        }
        try {
            return Integer.parseInt(text.trim()) <= level;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** While shedding, the report goes out as soon as there is room, before the next log event. */
    private void tryFlush() throws InterruptedException {
        if (out.offerStatus(Statuses.eventsShed(shedPending))) {
            shedPending = 0;
        }
    }

    /** Writes the report of shed events, if any, waiting for room: before any other record of the gateway. */
    void flush() throws InterruptedException {
        if (shedPending > 0) {
            long count = shedPending;
            shedPending = 0;
            out.put(Statuses.eventsShed(count));
        }
    }
}
