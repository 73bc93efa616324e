package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.vici.session.Gap;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a gap costs: every gap is written where it happened and makes a resync snapshot owed. A lost
 * connection is resynchronised at once; an overflow only once the event buffer has drained to half,
 * so that a lasting overload, which brings a gap every few events, costs charon one snapshot rather
 * than one per gap. Single-threaded, the follower's.
 */
final class GapPolicy {

    private static final Logger log = LoggerFactory.getLogger(GapPolicy.class);

    private final String gateway;
    private final GatewayOutput out;
    private final GatewayMetrics metrics;
    private final ResyncSchedule resync;

    GapPolicy(String gateway, GatewayOutput out, GatewayMetrics metrics, ResyncSchedule resync) {
        this.gateway = gateway;
        this.out = out;
        this.metrics = metrics;
        this.resync = resync;
    }

    /** Writes the gap and owes a resync; true if the resync must be taken at once (the connection was lost). */
    boolean onGap(Gap gap, GatewaySession session) throws InterruptedException {
        metrics.gap();
        out.put(Statuses.gap(gap));
        if (gap.reason() == Gap.Reason.CONNECTION_LOST) {
            log.warn("gap in the events of gateway '{}': {}", gateway, gap.detail());
            metrics.reconnected();
            session.refreshVersion();
            out.put(Statuses.reconnected(gap.detail(), session.daemonVersion()));
            session.reportLostEvents();
            resync.owe("resync after a lost connection");
            return true;
        }
        if (!resync.owed()) {
            log.warn("gap in the events of gateway '{}': {}; a resync snapshot follows once the event buffer has"
                    + " drained", gateway, gap.detail());
        } else {
            log.debug("gap in the events of gateway '{}': {}", gateway, gap.detail());
        }
        resync.owe("resync after the event buffer overflowed");
        return false;
    }

    /**
     * A task that resumes after a committed offset cannot know what happened between the watermark
     * of that offset and its own subscription: records its predecessor had queued but not delivered,
     * and events no task was subscribed to. That window is a gap like any other; the start snapshot
     * follows it.
     */
    void taskStarted(Instant subscribed) throws InterruptedException {
        GatewaySequence.Committed committed = out.sequence().committed();
        if (committed != null) {
            metrics.gap();
            out.put(Statuses.taskStartGap(committed, subscribed));
        }
        resync.owe("start of the task");
    }
}
