package io.github.kafkaconnectvici.connect.source.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * One gateway's headers: its gateway and record type headers built once per type and copied into
     * each record (a header is immutable, so records share them); a record then makes only its sequence's.
     */
    static final class Maker {

        private final String gateway;
        private final Map<String, ConnectHeaders> byEvent = new ConcurrentHashMap<>();

        Maker(String gateway) {
            this.gateway = gateway;
        }

        /** The same headers as {@link RecordHeaders#of}. */
        Headers of(String event, long sequence, String snapshotId) {
            ConnectHeaders common = byEvent.get(event);
            if (common == null) {
                common = byEvent.computeIfAbsent(event, e -> {
                    ConnectHeaders headers = new ConnectHeaders();
                    headers.addString(GATEWAY, gateway);
                    headers.addString(EVENT, e);
                    return headers;
                });
            }
            ConnectHeaders headers = new ConnectHeaders(common);
            headers.addString(SEQUENCE, Long.toString(sequence));
            if (snapshotId != null) {
                headers.addString(SNAPSHOT_ID, snapshotId);
            }
            return headers;
        }
    }
}
