package io.github.kafkaconnectvici.connect.source;

import java.util.HashMap;
import java.util.Map;

/**
 * The source connector's settings the ITs of the derived topics share: one task, JSON records
 * without schemas (easy to read back), topics of one partition, no periodic snapshots or heartbeats.
 * Tests add or override what they are about.
 */
public final class JsonSourceConfig {

    private JsonSourceConfig() {
    }

    /** A mutable configuration writing to {@code prefix}.* from {@code endpoints} ([name=]uri,...). */
    public static Map<String, String> of(String prefix, String endpoints) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", ViciSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(ViciSourceConfig.ENDPOINTS, endpoints);
        config.put(ViciSourceConfig.TOPIC_PREFIX, prefix);
        config.put(ViciSourceConfig.HEARTBEAT_INTERVAL_MS, "0");
        config.put(ViciSourceConfig.SNAPSHOT_INTERVAL_MS, "0");
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("key.converter.schemas.enable", "false");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("topic.creation.default.replication.factor", "1");
        config.put("topic.creation.default.partitions", "1");
        return config;
    }
}
