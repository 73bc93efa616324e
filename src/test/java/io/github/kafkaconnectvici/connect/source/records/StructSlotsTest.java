package io.github.kafkaconnectvici.connect.source.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/** Puts through slots store and validate what Struct.put by name does, and their errors name the field. */
class StructSlotsTest {

    private static final Schema INNER = SchemaBuilder.struct().name("inner").optional()
            .field("id", Schema.INT64_SCHEMA)
            .build();
    private static final Schema SCHEMA = SchemaBuilder.struct().name("outer")
            .field("name", Schema.STRING_SCHEMA)
            .field("count", Schema.OPTIONAL_INT32_SCHEMA)
            .field("at", Timestamp.builder().optional().build())
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("other", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).optional().build())
            .field("inner", INNER)
            .build();

    @Test
    void theConnectThisBuildsAgainstTakesUnnamedPuts() {
        // Otherwise every put falls back to the named fields: still right, but the saving is gone unnoticed.
        assertThat(StructSlots.UNNAMED).isTrue();
        assertThat(StructSlots.slot(SCHEMA.field("count")).name()).isNull();
    }

    @Test
    void aStructFilledThroughSlotsEqualsOneFilledByName() {
        Struct inner = new Struct(INNER).put("id", 7L);
        Struct byName = new Struct(SCHEMA).put("name", "gw").put("count", 3).put("at", new Date(1_000))
                .put("tags", List.of("a", "b")).put("other", Map.of("k", "v")).put("inner", inner);

        Struct bySlot = new Struct(SCHEMA);
        StructSlots.put(bySlot, "name", "gw");
        StructSlots.put(bySlot, SCHEMA.field("count").name(), 3);
        StructSlots.put(bySlot, StructSlots.slot(SCHEMA.field("at")), "at", new Date(1_000));
        StructSlots.put(bySlot, "tags", List.of("a", "b"));
        StructSlots.put(bySlot, "other", Map.of("k", "v"));
        StructSlots.put(bySlot, "inner", inner);

        assertThat(bySlot).isEqualTo(byName);
        bySlot.validate();
        assertThat(bySlot.getInt32("count")).isEqualTo(3);
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedAndTheErrorNamesTheFieldButNotTheValue() {
        Struct struct = new Struct(SCHEMA);

        assertThatThrownBy(() -> StructSlots.put(struct, "count", "s3cr3t-text"))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("field \"count\": ")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> StructSlots.put(struct, "tags", List.of(1, 2)))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("field \"tags\": ");
        assertThatThrownBy(() -> StructSlots.put(struct, "name", null))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("field \"name\": ");
        assertThat(struct.get("count")).isNull();
    }

    @Test
    void aNestedStructIsValidatedAsByName() {
        Struct struct = new Struct(SCHEMA);
        Struct missingRequiredId = new Struct(INNER);

        assertThatThrownBy(() -> StructSlots.put(struct, "inner", missingRequiredId)).isInstanceOf(DataException.class);
        Schema lookalike = SchemaBuilder.struct().name("other-inner").optional().field("id", Schema.INT64_SCHEMA).build();
        assertThatThrownBy(() -> StructSlots.put(struct, "inner", new Struct(lookalike).put("id", 1L)))
                .isInstanceOf(DataException.class);
    }

    @Test
    void aFieldTheSchemaDoesNotHaveIsRefusedAsByName() {
        assertThatThrownBy(() -> StructSlots.put(new Struct(SCHEMA), "nope", "x"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void slotsOfEveryOneOfManySchemasWriteTheirOwnSchemasIndexes() {
        // more schemas than are kept (64), half with "count" at another index: a slot of one schema used on a
        // struct of another would write the wrong index
        List<Struct> structs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            SchemaBuilder builder = SchemaBuilder.struct().name("s" + i);
            if (i % 2 == 1) {
                builder.field("padding", Schema.OPTIONAL_STRING_SCHEMA);
            }
            Schema schema = builder.field("count", Schema.OPTIONAL_INT32_SCHEMA).build();
            Struct struct = new Struct(schema);
            StructSlots.put(struct, "count", i);
            structs.add(struct);
        }
        for (int i = 0; i < structs.size(); i++) {
            Struct struct = structs.get(i);
            Field count = struct.schema().field("count");
            assertThat(struct.get(count)).isEqualTo(i);
            if (i % 2 == 1) {
                assertThat(struct.get("padding")).isNull();
            }
        }
    }
}
