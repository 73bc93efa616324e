package io.github.kafkaconnectvici.connect.sink;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Node;
import io.github.kafkaconnectvici.vici.codec.Value;
import io.github.kafkaconnectvici.vici.codec.ValueList;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a swanctl-style VICI section as a record of one of the canonical schemas, the way a producer
 * of Avro commands would, and fails if the schema has no field for a key of the section.
 */
public final class AvroRecords {

    private AvroRecords() {
    }

    public static GenericRecord namedShape(Schema schema, String name, Message config) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("name", name);
        record.put("config", record(schema.getField("config").schema(), config));
        return record;
    }

    public static GenericRecord record(Schema schema, Message section) {
        GenericRecord record = new GenericData.Record(schema);
        Set<String> used = new HashSet<>();
        for (Schema.Field field : schema.getFields()) {
            Node node = section.entries().get(field.name());
            if (node != null) {
                record.put(field.name(), value(nonNull(field.schema()), node));
                used.add(field.name());
            }
        }
        Set<String> missing = new HashSet<>(section.keys());
        missing.removeAll(used);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(schema.getFullName() + " has no field for " + missing);
        }
        return record;
    }

    private static Object value(Schema schema, Node node) {
        return switch (schema.getType()) {
            case RECORD -> record(schema, (Message) node);
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((Message) node).entries().forEach((k, v) -> map.put(k, value(schema.getValueType(), v)));
                yield map;
            }
            case ARRAY -> ((ValueList) node).items().stream().map(item -> value(schema.getElementType(), item)).toList();
            case STRING -> ((Value) node).text();
            case LONG -> Long.parseLong(((Value) node).text());
            case BOOLEAN -> ((Value) node).text().equals("yes");
            case BYTES -> ByteBuffer.wrap(((Value) node).bytes());
            default -> throw new IllegalArgumentException("no mapping for Avro type " + schema.getType());
        };
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        List<Schema> types = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        return types.get(0);
    }
}
