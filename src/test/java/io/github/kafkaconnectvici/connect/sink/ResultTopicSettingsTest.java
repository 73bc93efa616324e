package io.github.kafkaconnectvici.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ResultTopicSettingsTest {

    private static Map<String, String> props(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        props.put(ViciSinkConfig.RESULT_BOOTSTRAP_SERVERS, "broker:9092");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    @Test
    void partitionsAndReplicationDefaultToTheBrokers() {
        ViciSinkConfig config = new ViciSinkConfig(props());
        assertThat(config.resultTopicPartitions()).isEqualTo(-1);
        assertThat(config.resultTopicReplicationFactor()).isEqualTo(-1);
    }

    @Test
    void partitionsAndReplicationAreBounded() {
        assertThat(new ViciSinkConfig(props(ViciSinkConfig.RESULT_TOPIC_PARTITIONS, "12",
                ViciSinkConfig.RESULT_TOPIC_REPLICATION_FACTOR, "3")).resultTopicPartitions()).isEqualTo(12);
        for (String bad : new String[] {"0", "-2", "10001"}) {
            assertThatThrownBy(() -> new ViciSinkConfig(props(ViciSinkConfig.RESULT_TOPIC_PARTITIONS, bad)))
                    .isInstanceOf(ConfigException.class).hasMessageContaining(ViciSinkConfig.RESULT_TOPIC_PARTITIONS)
                    .hasMessageContaining("-1 (the broker's default) or between 1 and 10000");
        }
        assertThatThrownBy(() -> new ViciSinkConfig(props(ViciSinkConfig.RESULT_TOPIC_REPLICATION_FACTOR, "32768")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ViciSinkConfig.RESULT_TOPIC_REPLICATION_FACTOR);
    }

    @Test
    void theAdminClientGetsTheClusterAndSecuritySettingsButNoProducerOnes() {
        Map<String, Object> admin = new ViciSinkConfig(props(
                "result.producer.security.protocol", "SASL_SSL", "result.producer.linger.ms", "20")).resultTopicSettings().adminConfig();
        assertThat(admin).containsEntry("bootstrap.servers", "broker:9092").containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKeys("linger.ms", "acks", "enable.idempotence");
        assertThat(admin).containsEntry("default.api.timeout.ms", 30_000);
    }
}
