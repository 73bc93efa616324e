package io.github.kafkaconnectvici.connect.source.records;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Puts into Connect Structs, validated exactly as {@code Struct.put} validates, without a text Connect builds
 * for nothing. Every {@code Struct.put(Field, value)} of Kafka 3.9 to 4.4 calls
 * {@code ConnectSchema.validateValue(field.name(), ...)}, which first builds {@code field: "<name>"} for the
 * error it raises only when the value is wrong: on every put, right or wrong. Those texts were three fifths
 * of the mapper's allocation per record: 6,576 of a child-updown's bytes fell to 2,680 without them
 * (RecordMapperBenchmark, BENCHMARKS.md).
 *
 * <p>A slot is a {@link Field} without a name but with the index and schema of the struct schema's own
 * field: {@code Struct.put} validates its value by the same code, with the constant text {@code value},
 * and stores it at the same index. That {@code Struct} does so is checked once against the worker's Connect
 * ({@link #UNNAMED}); where it does not, the slots are the named fields themselves. An error from a put
 * through a slot names the field all the same.
 */
public final class StructSlots {

    /** Whether this Connect stores and validates a put through an unnamed Field as through the named one. */
    static final boolean UNNAMED = unnamedPutsWork();

    /** The project has about twenty struct schemas; beyond this many, puts look fields up by name. */
    private static final int MAX_SCHEMAS = 64;

    /** Copy-on-write and compared by identity: a Schema's own hashCode and equals walk all its fields. */
    private static volatile StructSlots[] known = new StructSlots[0];

    private final Schema schema;
    private final Map<String, Field> slots;

    private StructSlots(Schema schema) {
        this.schema = schema;
        this.slots = new HashMap<>();
        for (Field field : schema.fields()) {
            slots.put(field.name(), slot(field));
        }
    }

    /** The slot of {@code field}, a field of a struct schema. */
    static Field slot(Field field) {
        return UNNAMED ? new Field(null, field.index(), field.schema()) : field;
    }

    /** Puts {@code value} into {@code target}'s field {@code name}; throws as {@code Struct.put} does. */
    public static Struct put(Struct target, String name, Object value) {
        StructSlots known = of(target.schema());
        Field slot = known == null ? null : known.slots.get(name);
        return slot == null ? target.put(name, value) : put(target, slot, name, value);
    }

    /** Puts {@code value} through {@code slot}, the slot of {@code target}'s field {@code name}. */
    static Struct put(Struct target, Field slot, String name, Object value) {
        try {
            return target.put(slot, value);
        } catch (DataException e) {
            // Connect's text says "value" where the field is unnamed: say which field (never the value).
            throw slot.name() == null ? new DataException("field \"" + name + "\": " + e.getMessage(), e) : e;
        }
    }

    /** The slots of {@code schema}, or null if too many schemas are known already. */
    private static StructSlots of(Schema schema) {
        StructSlots[] all = known;
        for (StructSlots s : all) {
            if (s.schema == schema) {
                return s;
            }
        }
        if (all.length >= MAX_SCHEMAS) {
            return null;
        }
        // A lost race only builds a schema's slots twice.
        StructSlots added = new StructSlots(schema);
        StructSlots[] grown = Arrays.copyOf(all, all.length + 1);
        grown[all.length] = added;
        known = grown;
        return added;
    }

    private static boolean unnamedPutsWork() {
        try {
            Schema schema = SchemaBuilder.struct()
                    .field("text", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("number", Schema.OPTIONAL_INT64_SCHEMA)
                    .build();
            Field number = schema.field("number");
            Field unnamed = new Field(null, number.index(), number.schema());
            Struct struct = new Struct(schema).put(unnamed, 42L);
            try {
                struct.put(unnamed, "not a number");
                return false; // not validated
            } catch (DataException expected) {
                // validated as a put by name is
            }
            return Long.valueOf(42L).equals(struct.get(number)) && struct.get("text") == null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
