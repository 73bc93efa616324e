package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Node;
import io.github.kafkaconnectvici.vici.codec.Value;
import io.github.kafkaconnectvici.vici.codec.ValueList;
import io.github.kafkaconnectvici.vici.codec.ViciProtocolException;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one conversion from a record value (a Connect Struct, or the Maps and Lists of schemaless
 * JSON) to a VICI message tree: maps and structs become sections, lists become lists, booleans
 * yes/no, numbers decimal text, bytes raw bytes. Nulls (absent optional fields) are left out.
 * Struct field names go through the command's {@link SinkCommand.KeyStyle}; map keys are taken as
 * VICI keys verbatim.
 *
 * <p>Errors name the path of the offending key and the Java type found, never the value.
 */
public final class RecordConverter {

    private final SinkCommand.KeyStyle keyStyle;

    public RecordConverter(SinkCommand.KeyStyle keyStyle) {
        this.keyStyle = keyStyle;
    }

    /** The message for a record value; null (a tombstone) means a command without arguments. */
    public Message toMessage(Object value) {
        if (value == null) {
            return Message.EMPTY;
        }
        if (!(value instanceof Struct) && !(value instanceof Map)) {
            throw new MalformedRecordException("the record value must be a struct or a map (a JSON object), not "
                    + typeName(value));
        }
        return section(value, "");
    }

    private Message section(Object value, String path) {
        Message.Builder builder = Message.builder();
        if (value instanceof Struct struct) {
            for (Field field : struct.schema().fields()) {
                put(builder, keyStyle.viciKey(field.name()), struct.get(field), path);
            }
        } else {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new MalformedRecordException("a key at " + where(path) + " is " + typeName(entry.getKey())
                            + "; VICI keys are strings");
                }
                put(builder, key, entry.getValue(), path);
            }
        }
        return builder.build();
    }

    private void put(Message.Builder builder, String key, Object value, String parent) {
        if (value == null) {
            return;
        }
        String path = parent.isEmpty() ? key : parent + "." + key;
        Node node;
        if (value instanceof Struct || value instanceof Map) {
            node = section(value, path);
        } else if (value instanceof List<?> list) {
            node = list(list, path);
        } else {
            node = value(value, path);
        }
        try {
            builder.put(key, node);
        } catch (ViciProtocolException e) {
            // Names the key and the rule broken (length, characters, duplicate); Value never prints content.
            throw new MalformedRecordException("cannot use '" + path + "' in a VICI message: " + e.getMessage());
        }
    }

    private ValueList list(List<?> items, String path) {
        List<Value> values = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String itemPath = path + "[" + i + "]";
            if (item == null) {
                throw new MalformedRecordException("list item " + itemPath + " is null");
            }
            if (item instanceof Struct || item instanceof Map || item instanceof List) {
                throw new MalformedRecordException("list item " + itemPath + " is " + typeName(item)
                        + "; VICI lists hold only values (strings, numbers, booleans, bytes)");
            }
            values.add(value(item, itemPath));
        }
        return new ValueList(values);
    }

    private static Value value(Object value, String path) {
        try {
            if (value instanceof String text) {
                return Value.of(text);
            }
            if (value instanceof Boolean flag) {
                return Value.of(flag ? "yes" : "no");
            }
            if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
                return Value.of(value.toString());
            }
            if (value instanceof Float || value instanceof Double) {
                double number = ((Number) value).doubleValue();
                if (!Double.isFinite(number)) {
                    throw new MalformedRecordException("'" + path + "' is not a finite number");
                }
                return Value.of(decimal(BigDecimal.valueOf(number)));
            }
            if (value instanceof BigDecimal decimal) {
                return Value.of(decimal(decimal));
            }
            if (value instanceof byte[] bytes) {
                return Value.of(bytes);
            }
            if (value instanceof ByteBuffer buffer) {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.duplicate().get(bytes);
                return Value.of(bytes);
            }
        } catch (ViciProtocolException e) {
            throw new MalformedRecordException("cannot use '" + path + "' in a VICI message: " + e.getMessage());
        }
        throw new MalformedRecordException("'" + path + "' is " + typeName(value)
                + "; expected a string, number, boolean, bytes, list, map or struct");
    }

    // 30, not 3E+1 or 30.0: charon parses plain decimal text.
    private static String decimal(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    private static String where(String path) {
        return path.isEmpty() ? "the top level" : "'" + path + "'";
    }

    static String typeName(Object value) {
        if (value instanceof Struct struct) {
            return "a struct";
        }
        if (value instanceof Map) {
            return "a map";
        }
        if (value instanceof List) {
            return "a list";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
