package io.github.kafkaconnectvici.connect.source.records;

import io.github.kafkaconnectvici.vici.codec.Node;
import java.util.Date;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/** The typed fields of one kind of VICI section: their schema, and how to fill them from the section. */
final class TypedFields {

    /** The most struct schemas whose fields are kept resolved (the project has a handful); others look up by name. */
    private static final int MAX_RESOLVED = 8;

    private final List<ViciField> fields;
    /**
     * The fields' keys by hash, open addressing (at most a quarter full): a lookup per VICI value of every
     * event, so no HashMap node or boxed index to chase. {@code positions} holds each key's index in
     * {@link #fields}. A slot adopts the equal String a lookup brings: the decoder hands out one shared
     * String per name, so from then on its keys match by identity, without comparing their bytes. Slots are
     * written without locks: any thread sees one of two equal, immutable Strings.
     */
    private final String[] keys;
    private final int[] positions;
    /**
     * Per struct schema, its {@link StructSlots slots} for {@link #fields} (field, then absolute-time companion),
     * so that each put skips the lookup by name. Copy-on-write; a lost race only costs a lookup again.
     */
    private volatile Resolved[] resolved = new Resolved[0];

    private record Resolved(Schema schema, Field[] fields) {
    }

    TypedFields(List<ViciField> fields) {
        this.fields = List.copyOf(fields);
        int size = Integer.highestOneBit(Math.max(4, 4 * this.fields.size()) - 1) << 1;
        this.keys = new String[size];
        this.positions = new int[size];
        for (int i = 0; i < this.fields.size(); i++) {
            String key = this.fields.get(i).key();
            if (indexOf(key) >= 0) {
                throw new IllegalArgumentException("key listed twice: " + key);
            }
            int slot = key.hashCode() & (size - 1);
            while (keys[slot] != null) {
                slot = (slot + 1) & (size - 1);
            }
            keys[slot] = key;
            positions[slot] = i;
        }
    }

    /** The index in {@link #fields} of {@code key}, or -1. */
    private int indexOf(String key) {
        int mask = keys.length - 1;
        int hash = key.hashCode();
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            String k = keys[slot];
            if (k == null) {
                return -1;
            }
            if (k == key) {
                return positions[slot];
            }
            if (k.hashCode() == hash && k.equals(key)) {
                keys[slot] = key;
                return positions[slot];
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
        int index = indexOf(key);
        if (index < 0) {
            return false;
        }
        ViciField field = fields.get(index);
        Object value = field.type().read(node);
        if (value == null) {
            return false;
        }
        Field[] resolvedFields = resolve(target.schema());
        put(target, resolvedFields == null ? null : resolvedFields[2 * index], field.field(), value);
        if (field.at() != null) {
            Date at = offset(receivedAtMillis, field.at().sign(), (Long) value);
            if (at != null) {
                put(target, resolvedFields == null ? null : resolvedFields[2 * index + 1], field.at().field(), at);
            }
        }
        return true;
    }

    // A resolved slot came from the target's own schema; without one, the name is looked up (and the put
    // throws if the schema has no such field).
    private static void put(Struct target, Field slot, String name, Object value) {
        if (slot != null) {
            StructSlots.put(target, slot, name, value);
        } else {
            StructSlots.put(target, name, value);
        }
    }

    /** {@code schema}'s Fields for these fields, or null if too many schemas are resolved already. */
    private Field[] resolve(Schema schema) {
        Resolved[] known = resolved;
        for (Resolved r : known) {
            if (r.schema == schema) {
                return r.fields;
            }
        }
        if (known.length >= MAX_RESOLVED) {
            return null;
        }
        Field[] resolvedFields = new Field[2 * fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            ViciField field = fields.get(i);
            resolvedFields[2 * i] = StructSlots.slot(schema.field(field.field()));
            resolvedFields[2 * i + 1] = field.at() == null ? null : StructSlots.slot(schema.field(field.at().field()));
        }
        Resolved[] grown = java.util.Arrays.copyOf(known, known.length + 1);
        grown[known.length] = new Resolved(schema, resolvedFields);
        resolved = grown;
        return resolvedFields;
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
