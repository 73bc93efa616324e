package io.github.kafkaconnectvici.connect.source.runtime;

import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record waiting for poll(), with what it means for transaction boundaries: the record that opens
 * a snapshot and the one that closes it (completed or failed), so that a snapshot is never split
 * across transactions.
 */
record QueuedRecord(SourceRecord record, Boundary boundary) {

    enum Boundary { NONE, SNAPSHOT_OPENS, SNAPSHOT_CLOSES }

    static QueuedRecord plain(SourceRecord record) {
        return new QueuedRecord(record, Boundary.NONE);
    }
}
