package io.github.kafkaconnectvici.connect.source.runtime;

import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;

/**
 * The headers on every source record, so that routers, filters and SMTs can act on a record
 * without decoding its value: the gateway, the record type (the VICI event name, list-sa, status,
 * sa-state, session), the gateway's sequence number, and the snapshot id where the record belongs
 * to one. Values are strings (sequence too), which every header converter passes on unchanged.
 */
public final class RecordHeaders {

    public static final String GATEWAY = "vici.gateway";
    public static final String EVENT = "vici.event";
    public static final String SEQUENCE = "vici.sequence";
    public static final String SNAPSHOT_ID = "vici.snapshot.id";

    private RecordHeaders() {
    }

    /** {@code snapshotId} may be null: the header is then left out rather than written empty. */
    static Headers of(String gateway, String event, long sequence, String snapshotId) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(GATEWAY, gateway);
        headers.addString(EVENT, event);
        headers.addString(SEQUENCE, Long.toString(sequence));
        if (snapshotId != null) {
            headers.addString(SNAPSHOT_ID, snapshotId);
        }
        return headers;
    }
}
