package io.github.kafkaconnectvici.connect.source.records;

import org.apache.kafka.connect.data.Schema;

/** A record's key and value with their Connect schemas, ready for a {@code SourceRecord}. */
public record KeyedValue(Schema keySchema, Object key, Schema valueSchema, Object value) {

    /** Schema names only: a record's values are the daemon's data and stay out of logs and messages. */
    @Override
    public String toString() {
        return "KeyedValue[" + name(keySchema) + ", " + name(valueSchema) + "]";
    }

    private static String name(Schema schema) {
        return schema == null ? "no schema" : schema.name();
    }
}
