package io.github.kafkaconnectvici.connect.source.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kafkaconnectvici.vici.codec.Value;
import java.util.Date;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/** TypedFields puts through Fields resolved once per struct schema; every schema still gets its own fields. */
class TypedFieldsTest {

    private static final TypedFields FIELDS = new TypedFields(List.of(
            ViciField.of("state", FieldType.TEXT, "state"),
            ViciField.secondsSince("established", "established_at", "seconds", "instant")));

    private static Schema schema(boolean stateFirst) {
        SchemaBuilder struct = SchemaBuilder.struct().name("t");
        if (!stateFirst) {
            struct.field("padding", Schema.OPTIONAL_STRING_SCHEMA);
        }
        return FIELDS.addTo(struct).build();
    }

    @Test
    void moreSchemasThanAreKeptResolvedAreAllFilledAtTheirOwnFieldPositions() {
        // distinct schema objects, half with the fields at other indexes: a Field of one schema used on a
        // struct of another would write the wrong slot
        for (int i = 0; i < 20; i++) {
            Schema schema = schema(i % 2 == 0);
            Struct struct = new Struct(schema);

            assertThat(FIELDS.read("state", Value.of("ESTABLISHED"), struct, 10_000)).isTrue();
            assertThat(FIELDS.read("established", Value.of("4"), struct, 10_000)).isTrue();

            assertThat(struct.getString("state")).isEqualTo("ESTABLISHED");
            assertThat(struct.getInt64("established")).isEqualTo(4L);
            assertThat(struct.get("established_at")).isEqualTo(new Date(6_000));
            if (i % 2 == 1) {
                assertThat(struct.get("padding")).isNull();
            }
            struct.validate();
        }
    }

    @Test
    void aStructWhoseSchemaLacksTheFieldIsRefusedAsBefore() {
        Struct other = new Struct(SchemaBuilder.struct().name("o").field("x", Schema.OPTIONAL_STRING_SCHEMA).build());

        assertThatThrownBy(() -> FIELDS.read("state", Value.of("ESTABLISHED"), other, 0)).isInstanceOf(DataException.class);
        assertThat(FIELDS.read("unknown-key", Value.of("v"), other, 0)).isFalse();
    }

    @Test
    void keysMatchWhicheverEqualStringBringsThem() {
        // a slot adopts the String a lookup brings: each later copy, and the original again, must still match
        Schema schema = schema(true);
        for (String key : List.of(new String("state"), new String("state"), "state", new String("state"))) {
            Struct struct = new Struct(schema);
            assertThat(FIELDS.read(key, Value.of("CONNECTING"), struct, 0)).isTrue();
            assertThat(struct.getString("state")).isEqualTo("CONNECTING");
        }
        assertThat(FIELDS.read(new String("stat"), Value.of("x"), new Struct(schema), 0)).isFalse();
        assertThat(FIELDS.read(new String("states"), Value.of("x"), new Struct(schema), 0)).isFalse();
    }
}
