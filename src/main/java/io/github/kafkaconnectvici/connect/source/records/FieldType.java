package io.github.kafkaconnectvici.connect.source.records;

import io.github.kafkaconnectvici.vici.codec.Node;
import io.github.kafkaconnectvici.vici.codec.Value;
import io.github.kafkaconnectvici.vici.codec.ValueList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/** How a VICI value becomes a typed Connect field. {@link #read} answers null for what does not fit. */
enum FieldType {

    TEXT(SchemaBuilder::string, ViciText::utf8),
    INT32(SchemaBuilder::int32, ViciText::int32),
    INT64(SchemaBuilder::int64, ViciText::int64),
    /** charon's yes/no (most conditions are written only when true: absent then means false). */
    YES_NO(SchemaBuilder::bool, value -> bool(value, "yes", "no")),
    /** A flag charon writes as 1 (the CHILD_SA's esn). */
    ONE_ZERO(SchemaBuilder::bool, value -> bool(value, "1", "0")),
    /** A list of texts; the parser applies to each item. */
    TEXT_LIST(() -> SchemaBuilder.array(Schema.STRING_SCHEMA), ViciText::utf8);

    private final Supplier<SchemaBuilder> schema;
    /** Reads a value in place (numbers and words need no String); null when it does not fit. */
    private final Function<Value, Object> parser;

    FieldType(Supplier<SchemaBuilder> schema, Function<Value, Object> parser) {
        this.schema = schema;
        this.parser = parser;
    }

    /** The typed value, or null when the node is of another kind or does not parse. */
    Object read(Node node) {
        if (this != TEXT_LIST) {
            return node instanceof Value value ? parser.apply(value) : null;
        }
        if (!(node instanceof ValueList list)) {
            return null;
        }
        List<Object> items = new ArrayList<>(list.items().size());
        for (Value item : list.items()) {
            Object parsed = parser.apply(item);
            if (parsed == null) {
                return null;
            }
            items.add(parsed);
        }
        return items;
    }

    /** A fresh builder for this type's (required) schema. */
    SchemaBuilder schema() {
        return schema.get();
    }

    private static Boolean bool(Value value, String yes, String no) {
        if (ViciText.is(value, yes)) {
            return Boolean.TRUE;
        }
        return ViciText.is(value, no) ? Boolean.FALSE : null;
    }
}
