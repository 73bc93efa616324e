package io.github.kafkaconnectvici.connect.source.runtime;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record the gateway worker queued, read back for the records derived from it (current state,
 * sessions): its type, value and envelope. Its structs are never changed: poll() may be converting
 * them on another thread.
 */
record OriginRecord(SourceRecord record, String event, Struct value) {

    static OriginRecord of(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("event") == null) {
            return null;
        }
        return new OriginRecord(record, value.getString("event"), value);
    }

    long sequence() {
        return value.getInt64("sequence");
    }

    Instant receivedAt() {
        return ((Date) value.get("received_at")).toInstant();
    }

    Struct struct(String field) {
        return value.schema().field(field) == null ? null : value.getStruct(field);
    }

    String text(String field) {
        return value.schema().field(field) == null ? null : value.getString(field);
    }

    boolean up() {
        return Boolean.TRUE.equals(value.getBoolean("up"));
    }

    /** The CHILD_SAs an IkeSa struct lists (none if it has no child_sas). */
    static List<Struct> children(Struct ikeSa) {
        if (ikeSa == null) {
            return List.of();
        }
        List<Struct> children = ikeSa.getArray("child_sas");
        return children == null ? List.of() : children;
    }
}
