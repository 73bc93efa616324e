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

    TEXT(SchemaBuilder::string, text -> text),
    INT32(SchemaBuilder::int32, ViciText::int32),
    INT64(SchemaBuilder::int64, ViciText::int64),
    /** charon's yes/no (most conditions are written only when true: absent then means false). */
    YES_NO(SchemaBuilder::bool, text -> bool(text, "yes", "no")),
    /** A flag charon writes as 1 (the CHILD_SA's esn). */
    ONE_ZERO(SchemaBuilder::bool, text -> bool(text, "1", "0")),
    /** A list of texts; the parser applies to each item. */
    TEXT_LIST(() -> SchemaBuilder.array(Schema.STRING_SCHEMA), text -> text);

    private final Supplier<SchemaBuilder> schema;
    private final Function<String, Object> parser;

    FieldType(Supplier<SchemaBuilder> schema, Function<String, Object> parser) {
        this.schema = schema;
        this.parser = parser;
    }

    /** The typed value, or null when the node is of another kind or does not parse. */
    Object read(Node node) {
        if (this != TEXT_LIST) {
            return node instanceof Value value ? parse(value) : null;
        }
        if (!(node instanceof ValueList list)) {
            return null;
        }
        List<Object> items = new ArrayList<>(list.items().size());
        for (Value item : list.items()) {
            Object parsed = parse(item);
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

    private Object parse(Value value) {
        String text = ViciText.utf8(value);
        return text == null ? null : parser.apply(text);
    }

    private static Boolean bool(String text, String yes, String no) {
        if (yes.equals(text)) {
            return Boolean.TRUE;
        }
        return no.equals(text) ? Boolean.FALSE : null;
    }
}
