package io.github.kafkaconnectvici.connect.source.records;

import java.util.Objects;

/**
 * Where one IKE_SA stands in a {@code list-sas} snapshot. The total is only known once charon has
 * finished streaming, so only the last entry carries it; a consumer holds a whole snapshot once it
 * has seen positions 0 to {@code total - 1} of one {@code snapshotId}.
 */
public record SnapshotPosition(String snapshotId, long position, boolean last, Long total) {

    public SnapshotPosition {
        Objects.requireNonNull(snapshotId, "snapshotId");
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        if (total != null && !last) {
            throw new IllegalArgumentException("only the last entry of a snapshot knows the total");
        }
        if (total != null && total <= position) {
            throw new IllegalArgumentException("total " + total + " must exceed position " + position);
        }
    }
}
