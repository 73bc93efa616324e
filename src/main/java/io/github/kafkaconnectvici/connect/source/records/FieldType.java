package io.github.kafkaconnectvici.connect.source.records;

import io.github.kafkaconnectvici.vici.codec.Node;
import io.github.kafkaconnectvici.vici.codec.Value;
import io.github.kafkaconnectvici.vici.codec.ValueList;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/** How a VICI value becomes a typed Connect field. {@link #read} answers null for what does not fit. */
enum FieldType {

    TEXT {
        @Override
        Object read(Node node) {
            return node instanceof Value value ? ViciText.utf8(value) : null;
        }

        @Override
        SchemaBuilder schema() {
            return SchemaBuilder.string();
        }
    },
    INT32 {
        @Override
        Object read(Node node) {
            return node instanceof Value value ? ViciText.int32(ViciText.utf8(value)) : null;
        }

        @Override
        SchemaBuilder schema() {
            return SchemaBuilder.int32();
        }
    },
    INT64 {
        @Override
        Object read(Node node) {
            return node instanceof Value value ? ViciText.int64(ViciText.utf8(value)) : null;
        }

        @Override
        SchemaBuilder schema() {
            return SchemaBuilder.int64();
        }
    },
    /** charon's yes/no (most conditions are written only when true: absent then means false). */
    YES_NO {
        @Override
        Object read(Node node) {
            return node instanceof Value value ? bool(ViciText.utf8(value), "yes", "no") : null;
        }

        @Override
        SchemaBuilder schema() {
            return SchemaBuilder.bool();
        }
    },
    /** A flag charon writes as 1 (the CHILD_SA's esn). */
    ONE_ZERO {
        @Override
        Object read(Node node) {
            return node instanceof Value value ? bool(ViciText.utf8(value), "1", "0") : null;
        }

        @Override
        SchemaBuilder schema() {
            return SchemaBuilder.bool();
        }
    },
    TEXT_LIST {
        @Override
        Object read(Node node) {
            if (!(node instanceof ValueList list)) {
                return null;
            }
            List<String> texts = new ArrayList<>(list.items().size());
            for (Value item : list.items()) {
                String text = ViciText.utf8(item);
                if (text == null) {
                    return null;
                }
                texts.add(text);
            }
            return texts;
        }

        @Override
        SchemaBuilder schema() {
            return SchemaBuilder.array(Schema.STRING_SCHEMA);
        }
    };

    /** The typed value, or null when the node is of another kind or does not parse. */
    abstract Object read(Node node);

    /** A fresh builder for this type's (required) schema. */
    abstract SchemaBuilder schema();

    private static Boolean bool(String text, String yes, String no) {
        if (yes.equals(text)) {
            return Boolean.TRUE;
        }
        return no.equals(text) ? Boolean.FALSE : null;
    }
}
