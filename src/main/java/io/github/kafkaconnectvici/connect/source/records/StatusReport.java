package io.github.kafkaconnectvici.connect.source.records;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the connector itself has to say about a gateway, for the status topic. Only {@code kind} is
 * required; each kind fills the fields that apply to it.
 *
 * @param kind one of {@link #GAP}, {@link #RECONNECTED}, {@link #HEARTBEAT}, {@link #SNAPSHOT_STARTED},
 *     {@link #SNAPSHOT_COMPLETED}, {@link #SNAPSHOT_FAILED}, {@link #EVENT_UNKNOWN},
 *     {@link #EVENTS_SHED}, {@link #CONNECTION_FAILED}, {@link #SIGNAL_REJECTED},
 *     {@link #INVENTORY_COMPLETED}, {@link #INVENTORY_FAILED}
 * @param reason human-readable cause (never a secret)
 * @param gapStart first instant events may have been missed
 * @param gapEnd instant the stream was whole again
 * @param snapshotId the snapshot this report is about
 * @param snapshotTotal IKE_SAs in a completed snapshot
 * @param eventsShed events dropped under overload since the last report
 * @param events event names concerned (e.g. those charon answered EVENT_UNKNOWN to)
 * @param daemonVersion charon's version as its {@code version} command reports it
 * @param requestId the id of the signal that asked for this snapshot
 * @param snapshotFilter the filter of a requested snapshot (e.g. {@code ike=ab}); a filtered snapshot
 *     lists only some SAs, so no consumer may conclude from it that the others are gone
 */
public record StatusReport(String kind, String reason, Instant gapStart, Instant gapEnd, String snapshotId,
        Long snapshotTotal, Long eventsShed, List<String> events, String daemonVersion, String requestId,
        String snapshotFilter) {

    public static final String GAP = "GAP";
    public static final String RECONNECTED = "RECONNECTED";
    public static final String HEARTBEAT = "HEARTBEAT";
    public static final String SNAPSHOT_STARTED = "SNAPSHOT_STARTED";
    public static final String SNAPSHOT_COMPLETED = "SNAPSHOT_COMPLETED";
    public static final String SNAPSHOT_FAILED = "SNAPSHOT_FAILED";
    public static final String EVENT_UNKNOWN = "EVENT_UNKNOWN";
    public static final String EVENTS_SHED = "EVENTS_SHED";
    public static final String CONNECTION_FAILED = "CONNECTION_FAILED";
    public static final String SIGNAL_REJECTED = "SIGNAL_REJECTED";
    /** An inventory was written whole: snapshotId is its inventory id, snapshotTotal its item count. */
    public static final String INVENTORY_COMPLETED = "INVENTORY_COMPLETED";
    public static final String INVENTORY_FAILED = "INVENTORY_FAILED";

    public StatusReport {
        Objects.requireNonNull(kind, "kind");
        events = events == null ? null : List.copyOf(events);
    }

    public StatusReport(String kind, String reason, Instant gapStart, Instant gapEnd, String snapshotId,
            Long snapshotTotal, Long eventsShed, List<String> events, String daemonVersion) {
        this(kind, reason, gapStart, gapEnd, snapshotId, snapshotTotal, eventsShed, events, daemonVersion, null, null);
    }

    /** This report, on behalf of the signal {@code requestId} (with the snapshot filter it asked for, if any). */
    public StatusReport withRequest(String requestId, String snapshotFilter) {
        return new StatusReport(kind, reason, gapStart, gapEnd, snapshotId, snapshotTotal, eventsShed, events,
                daemonVersion, requestId, snapshotFilter);
    }

    /** A report of {@code kind} with nothing else. */
    public static StatusReport of(String kind) {
        return new StatusReport(kind, null, null, null, null, null, null, null, null);
    }
}
