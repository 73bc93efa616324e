package io.github.kafkaconnectvici.connect.source.records;

import org.apache.kafka.connect.data.Schema;

/** A record's key and value with their Connect schemas, ready for a {@code SourceRecord}. */
public record KeyedValue(Schema keySchema, Object key, Schema valueSchema, Object value) {
}
