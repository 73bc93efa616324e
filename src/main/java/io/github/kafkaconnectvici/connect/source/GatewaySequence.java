package io.github.kafkaconnectvici.connect.source;

import java.util.Map;

/**
 * A gateway's record sequence: 1, 2, 3, ... in the order records are queued, continued across
 * restarts from the last committed source offset. Kafka Connect keys offsets by the source
 * partition {gateway}; the offset is {sequence}.
 */
final class GatewaySequence {

    static final String PARTITION_KEY = "gateway";
    static final String OFFSET_KEY = "sequence";

    private long last;

    private GatewaySequence(long last) {
        this.last = last;
    }

    static Map<String, String> partition(String gateway) {
        return Map.of(PARTITION_KEY, gateway);
    }

    static Map<String, Long> offset(long sequence) {
        return Map.of(OFFSET_KEY, sequence);
    }

    /**
     * Continues after a committed offset (null when none was ever committed). Offsets come back from
     * the offset store as whatever number type its converter chose.
     */
    static GatewaySequence resume(Map<String, Object> committed) {
        if (committed == null || committed.get(OFFSET_KEY) == null) {
            return new GatewaySequence(0);
        }
        Object value = committed.get(OFFSET_KEY);
        if (!(value instanceof Number number) || number.longValue() < 0) {
            throw new IllegalArgumentException("committed offset " + committed + " has no usable '" + OFFSET_KEY
                    + "'; reset the connector's offsets to start the sequence anew");
        }
        return new GatewaySequence(number.longValue());
    }

    long next() {
        return ++last;
    }

    /** The number the next record will get, for a record that is queued only if there is room. */
    long upcoming() {
        return last + 1;
    }

    /** Takes {@link #upcoming()}: the record that carries it was queued. */
    void advance() {
        last++;
    }

    long last() {
        return last;
    }
}
