package io.github.kafkaconnectvici.connect.sink;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.Map;

/** Sink records as the worker hands them over, for unit tests. */
public final class Records {

    private Records() {
    }

    public static SinkRecord record(String topic, long offset, Object value, Map<String, String> headers) {
        return record(topic, offset, null, value, headers);
    }

    public static SinkRecord record(String topic, long offset, Schema schema, Object value, Map<String, String> headers) {
        SinkRecord record = new SinkRecord(topic, 0, null, null, schema, value, offset);
        headers.forEach((name, text) -> record.headers().addString(name, text));
        return record;
    }
}
