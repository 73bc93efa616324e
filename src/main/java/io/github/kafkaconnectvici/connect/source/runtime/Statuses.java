package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.connect.source.records.StatusReport;
import io.github.kafkaconnectvici.vici.session.Gap;
import java.time.Instant;
import java.util.List;

/** The status reports a gateway worker writes, one factory method per kind. */
final class Statuses {

    /** A completed snapshot's total disagrees with charon's own IKE_SA count. */
    static final String SNAPSHOT_MISMATCH = "SNAPSHOT_MISMATCH";

    private Statuses() {
    }

    static StatusReport gap(Gap gap) {
        String reason = gap.reason() + ": " + gap.detail();
        return new StatusReport(StatusReport.GAP, reason, gap.since(), gap.until(), null, null, null, null, null);
    }

    /**
     * The window a task resumes into: from the watermark of the last committed offset (unknown for an
     * offset of an older release) to the moment this task's subscription was in place.
     */
    static StatusReport taskStartGap(GatewaySequence.Committed committed, Instant subscribed) {
        String reason = "TASK_START: no task followed the gateway, or records were not delivered, after the last"
                + " committed record (sequence " + committed.sequence() + "); records of the previous task may"
                + " still have been written after it" + (committed.time() == null
                        ? "; the committed offset has no time (older release), so the gap has no start" : "");
        return new StatusReport(StatusReport.GAP, reason, committed.time(), subscribed, null, null, null, null, null);
    }

    static StatusReport reconnected(String reason, String daemonVersion) {
        return new StatusReport(StatusReport.RECONNECTED, reason, null, null, null, null, null, null, daemonVersion);
    }

    static StatusReport heartbeat(String daemonVersion) {
        return new StatusReport(StatusReport.HEARTBEAT, null, null, null, null, null, null, null, daemonVersion);
    }

    static StatusReport connectionFailed(String reason) {
        return new StatusReport(StatusReport.CONNECTION_FAILED, reason, null, null, null, null, null, null, null);
    }

    static StatusReport eventUnknown(List<String> events, String daemonVersion) {
        String reason = "charon answered EVENT_UNKNOWN to " + events + "; the gateway is followed without "
                + (events.size() == 1 ? "it" : "them") + " (check vici.events against this strongSwan version)";
        return new StatusReport(StatusReport.EVENT_UNKNOWN, reason, null, null, null, null, null, List.copyOf(events), daemonVersion);
    }

    static StatusReport eventsShed(long count) {
        String reason = count + " log event(s) shed because the queue was full (log.shedding.enabled=true)";
        return new StatusReport(StatusReport.EVENTS_SHED, reason, null, null, null, null, count, List.of("log"), null);
    }

    static StatusReport snapshotStarted(String snapshotId, String reason) {
        return new StatusReport(StatusReport.SNAPSHOT_STARTED, reason, null, null, snapshotId, null, null, null, null);
    }

    static StatusReport snapshotCompleted(String snapshotId, long total) {
        return new StatusReport(StatusReport.SNAPSHOT_COMPLETED, null, null, null, snapshotId, total, null, null, null);
    }

    /** A completed snapshot whose total disagrees with charon's stats. */
    static StatusReport snapshotMismatch(String snapshotId, long total, String reason) {
        return new StatusReport(SNAPSHOT_MISMATCH, reason, null, null, snapshotId, total, null, null, null);
    }

    static StatusReport snapshotFailed(String snapshotId, long written, String reason) {
        return new StatusReport(StatusReport.SNAPSHOT_FAILED, reason + " (after " + written + " IKE_SA record(s))", null, null,
                snapshotId, null, null, null, null);
    }

    static StatusReport signalRejected(String requestId, String reason) {
        return new StatusReport(StatusReport.SIGNAL_REJECTED, "signal refused: " + reason, null, null, null, null, null, null,
                null, requestId, null);
    }

    static StatusReport inventoryCompleted(String inventoryId, long items) {
        return new StatusReport(StatusReport.INVENTORY_COMPLETED, null, null, null, inventoryId, items, null, null, null);
    }

    static StatusReport inventoryFailed(String inventoryId, String reason) {
        return new StatusReport(StatusReport.INVENTORY_FAILED, reason, null, null, inventoryId, null, null, null, null);
    }
}
