package io.github.kafkaconnectvici.connect;

import io.github.kafkaconnectvici.connect.sink.ViciSinkConfig;
import io.github.kafkaconnectvici.connect.source.ViciSourceConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every number a connector takes from its settings is bounded both ways, so a slipped digit fails validation. */
class NumericSettingsTest {

    @Test
    void everyNumericSettingOfBothConnectorsHasALowerAndAnUpperBound() {
        for (ConfigDef def : new ConfigDef[] {ViciSinkConfig.CONFIG_DEF, ViciSourceConfig.CONFIG_DEF}) {
            for (ConfigDef.ConfigKey key : def.configKeys().values()) {
                if (key.type == ConfigDef.Type.INT || key.type == ConfigDef.Type.LONG || key.type == ConfigDef.Type.SHORT
                        || key.type == ConfigDef.Type.DOUBLE) {
                    // Range prints "[min,...,max]", or "[min,...]" when it has no upper bound; a special value may precede it.
                    assertThat(String.valueOf(key.validator)).as(key.name).matches(".*\\[-?[0-9.]+,\\.\\.\\.,-?[0-9.]+\\]");
                }
            }
        }
    }

    @Test
    void anOutOfRangeSinkTimeoutFailsNamingTheSetting() {
        Map<String, String> props = new HashMap<>(Map.of(ViciSinkConfig.RESULT_BOOTSTRAP_SERVERS, "localhost:9092",
                ViciSinkConfig.INITIATE_TIMEOUT, "10000000000000"));
        assertThatThrownBy(() -> new ViciSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ViciSinkConfig.INITIATE_TIMEOUT);
    }
}
