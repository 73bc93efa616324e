package io.github.kafkaconnectvici.connect.source;

import java.util.List;

/**
 * Where the task may end a transaction when it defines the boundaries (exactly-once source
 * support): only where no snapshot of any of its gateways is half written, so a read_committed
 * consumer sees every snapshot whole or not at all. Events between snapshots are committed at the
 * end of each batch, so they are not held back.
 */
final class TransactionBoundaries {

    private int openSnapshots;

    /**
     * The index of the last record of {@code batch} after which no snapshot is open, or -1 if there
     * is none (a snapshot is still being written at the end of the batch and was all along).
     */
    int lastCommitPoint(List<QueuedRecord> batch) {
        int point = -1;
        for (int i = 0; i < batch.size(); i++) {
            switch (batch.get(i).boundary()) {
                case SNAPSHOT_OPENS -> openSnapshots++;
                case SNAPSHOT_CLOSES -> openSnapshots = Math.max(0, openSnapshots - 1);
                case NONE -> { }
            }
            if (openSnapshots == 0) {
                point = i;
            }
        }
        return point;
    }

    int openSnapshots() {
        return openSnapshots;
    }
}
