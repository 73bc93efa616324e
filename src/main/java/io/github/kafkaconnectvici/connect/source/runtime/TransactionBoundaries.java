package io.github.kafkaconnectvici.connect.source.runtime;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders a task's records for transactions it defines itself (exactly-once source support) so that a
 * read_committed consumer sees every snapshot whole or not at all, and transactions still commit at
 * a bounded interval however many gateways the task follows.
 *
 * <p>A transaction can end only where no snapshot is half written. Were the records passed on as
 * queued, the overlapping snapshots of a large fleet would leave no such point for as long as any
 * snapshot is open anywhere in the task. So at most one gateway's open snapshot is passed on as it
 * streams; a gateway whose snapshot opens meanwhile has all its records (its snapshot and whatever
 * follows, so that its own order is kept) held back here until that snapshot streams out. A
 * transaction then waits for one snapshot at most (bounded by {@code snapshot.timeout.ms}); what is
 * held is what the other snapshotting gateways write meanwhile ({@code snapshot.max.concurrent} bounds
 * how many snapshot at once).
 */
final class TransactionBoundaries {

    /** What to return from poll(), in order, and the index after which to commit (-1: none). */
    record Arranged(List<QueuedRecord> records, int commitPoint) {
    }

    /** A gateway held back: its records in order, and whether its last snapshot is still open. */
    private static final class Held {
        final List<QueuedRecord> records = new ArrayList<>();
        boolean open = true;
    }

    private final Map<Object, Held> held = new LinkedHashMap<>();
    private Object streaming; // the gateway whose open snapshot is being passed on, or null

    Arranged arrange(List<QueuedRecord> batch) {
        List<QueuedRecord> out = new ArrayList<>(batch.size());
        int point = -1;
        for (QueuedRecord record : batch) {
            Object gateway = record.record().sourcePartition().get(GatewaySequence.PARTITION_KEY);
            Held waiting = held.get(gateway);
            if (waiting != null) {
                waiting.records.add(record);
                waiting.open = opens(record) || (waiting.open && !closes(record));
            } else if (gateway.equals(streaming)) {
                out.add(record);
                if (closes(record)) {
                    streaming = null;
                    point = release(out);
                }
            } else if (opens(record) && streaming != null) {
                Held h = new Held();
                h.records.add(record);
                held.put(gateway, h);
            } else {
                out.add(record);
                if (opens(record)) {
                    streaming = gateway;
                } else if (streaming == null) {
                    point = out.size() - 1;
                }
            }
        }
        return new Arranged(out, point);
    }

    /** Gateways whose snapshots were held back and are now passed on; one still open streams next. */
    int openSnapshots() {
        return held.size() + (streaming == null ? 0 : 1);
    }

    /**
     * Passes on held gateways in the order their snapshots opened: each closed one whole, up to the
     * first still open, which becomes the streaming one. Returns the last commit point in {@code out}.
     */
    private int release(List<QueuedRecord> out) {
        int point = out.size() - 1;
        for (Iterator<Map.Entry<Object, Held>> it = held.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Object, Held> next = it.next();
            it.remove();
            out.addAll(next.getValue().records);
            if (next.getValue().open) {
                streaming = next.getKey();
                return point;
            }
            point = out.size() - 1;
        }
        return point;
    }

    private static boolean opens(QueuedRecord record) {
        return record.boundary() == QueuedRecord.Boundary.SNAPSHOT_OPENS;
    }

    private static boolean closes(QueuedRecord record) {
        return record.boundary() == QueuedRecord.Boundary.SNAPSHOT_CLOSES;
    }
}
