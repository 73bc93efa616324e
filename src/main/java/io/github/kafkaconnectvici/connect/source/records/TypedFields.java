package io.github.kafkaconnectvici.connect.source.records;

import io.github.kafkaconnectvici.vici.codec.Node;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/** The typed fields of one kind of VICI section: their schema, and how to fill them from the section. */
final class TypedFields {

    private final List<ViciField> fields;
    private final Map<String, ViciField> byKey = new HashMap<>();

    TypedFields(List<ViciField> fields) {
        this.fields = List.copyOf(fields);
        for (ViciField field : fields) {
            if (byKey.put(field.key(), field) != null) {
                throw new IllegalArgumentException("key listed twice: " + field.key());
            }
        }
    }

    List<ViciField> fields() {
        return fields;
    }

    /** Adds every field as optional, each absolute-time companion right after its source. */
    SchemaBuilder addTo(SchemaBuilder struct) {
        for (ViciField field : fields) {
            struct.field(field.field(), field.type().schema().optional().doc(field.doc()).build());
            if (field.at() != null) {
                struct.field(field.at().field(), Timestamp.builder().optional().doc(field.at().doc()).build());
            }
        }
        return struct;
    }

    /**
     * Puts the typed value of {@code key} into {@code target}. False when the key is not one of these
     * fields or its value does not fit the field's type: the caller keeps it elsewhere.
     */
    boolean read(String key, Node node, Struct target, long receivedAtMillis) {
        ViciField field = byKey.get(key);
        if (field == null) {
            return false;
        }
        Object value = field.type().read(node);
        if (value == null) {
            return false;
        }
        target.put(field.field(), value);
        if (field.at() != null) {
            Date at = offset(receivedAtMillis, field.at().sign(), (Long) value);
            if (at != null) {
                target.put(field.at().field(), at);
            }
        }
        return true;
    }

    // Null when the instant would not fit a long of milliseconds: the seconds are typed all the same.
    private static Date offset(long millis, int sign, long seconds) {
        try {
            return new Date(Math.addExact(millis, Math.multiplyExact(seconds, sign * 1000L)));
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
