package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.connect.source.records.StatusReport;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which SAs the snapshot under way has listed, to tell, when it completes, which known SAs it no
 * longer lists. Only a whole snapshot says that: a failed one says nothing, and a filtered one (asked
 * for by a signal) leaves out SAs that are still up.
 */
final class SnapshotListing {

    private String snapshotId;
    private final Set<SaId> listed = new HashSet<>();

    /** A list-sa entry: {@code id} is listed if the entry belongs to the snapshot under way. */
    void entry(OriginRecord entry, SaId id) {
        String snapshot = entry.text("snapshot_id");
        if (snapshot != null && snapshot.equals(snapshotId)) {
            listed.add(id);
        }
    }

    /**
     * A status record: for a completed whole snapshot, the ones of {@code known} it did not list
     * (all of them for a snapshot of no SA, which completes without starting); otherwise none.
     */
    List<SaId> vanished(OriginRecord status, Collection<SaId> known) {
        String kind = status.text("kind");
        String id = status.text("snapshot_id");
        if (StatusReport.SNAPSHOT_STARTED.equals(kind)) {
            snapshotId = id;
            listed.clear();
            return List.of();
        }
        if (!StatusReport.SNAPSHOT_COMPLETED.equals(kind) && !StatusReport.SNAPSHOT_FAILED.equals(kind)) {
            return List.of();
        }
        boolean whole = StatusReport.SNAPSHOT_COMPLETED.equals(kind) && status.text("snapshot_filter") == null;
        Set<SaId> seen = id != null && id.equals(snapshotId) ? Set.copyOf(listed) : Set.of();
        snapshotId = null;
        listed.clear();
        return whole ? known.stream().filter(sa -> !seen.contains(sa)).toList() : List.of();
    }
}
