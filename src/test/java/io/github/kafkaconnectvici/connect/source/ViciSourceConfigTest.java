package io.github.kafkaconnectvici.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ViciSourceConfigTest {

    private static Map<String, String> props(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        ViciSourceConfig config = new ViciSourceConfig(props());

        assertThat(config.topicPrefix()).isEqualTo("vici");
        assertThat(config.events()).containsExactly("ike-updown", "child-updown", "ike-rekey", "child-rekey", "log");
        assertThat(config.snapshotInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.logLevel()).isEqualTo(1);
        assertThat(config.logShedding()).isFalse();
        assertThat(config.maxQueueSize()).isGreaterThan(config.maxBatchSize());
        assertThat(config.endpoints().all()).singleElement()
                .satisfies(e -> assertThat(e.uri().toString()).isEqualTo("unix:///var/run/charon.vici"));
    }

    @Test
    void everySettingIsDocumented() {
        assertThat(ViciSourceConfig.CONFIG_DEF.configKeys().values())
                .allSatisfy(key -> assertThat(key.documentation).as(key.name).isNotBlank());
    }

    @Test
    void eventNamesAreTrimmedAndDeduplicated() {
        ViciSourceConfig config = new ViciSourceConfig(props(ViciSourceConfig.EVENTS, "ike-updown, log ,ike-updown"));

        assertThat(config.events()).containsExactly("ike-updown", "log");
    }

    @Test
    void streamOnlyAndMalformedEventNamesAreRejectedByName() {
        assertThatThrownBy(() -> new ViciSourceConfig(props(ViciSourceConfig.EVENTS, "ike-updown,list-sa")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("list-sa")
                .hasMessageContaining("only while a command runs");
        assertThatThrownBy(() -> new ViciSourceConfig(props(ViciSourceConfig.EVENTS, "IKE UpDown")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("IKE UpDown")
                .hasMessageContaining("not a VICI event name");
        assertThatThrownBy(() -> new ViciSourceConfig(props(ViciSourceConfig.EVENTS, "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least one event");
    }

    @Test
    void aNewerCharonsEventNamePassesTheStaticCheck() {
        ViciSourceConfig config = new ViciSourceConfig(props(ViciSourceConfig.EVENTS, "ike-updown,ike-state-established"));

        assertThat(config.events()).contains("ike-state-established");
    }

    @Test
    void topicPrefixMustMakeLegalTopicNames() {
        assertThatThrownBy(() -> new ViciSourceConfig(props(ViciSourceConfig.TOPIC_PREFIX, "my topics")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> new ViciSourceConfig(props(ViciSourceConfig.TOPIC_PREFIX, "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> new ViciSourceConfig(props(ViciSourceConfig.TOPIC_PREFIX, "p".repeat(201))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at most 200");
    }

    @Test
    void logLevelsAreCharonsRange() {
        assertThat(new ViciSourceConfig(props(ViciSourceConfig.LOG_LEVEL, "-1")).logLevel()).isEqualTo(-1);
        assertThatThrownBy(() -> new ViciSourceConfig(props(ViciSourceConfig.LOG_LEVEL, "5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ViciSourceConfig.LOG_LEVEL);
        assertThatThrownBy(() -> new ViciSourceConfig(props(ViciSourceConfig.LOG_LEVEL, "-2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ViciSourceConfig.LOG_LEVEL);
        assertThat(ViciSourceConfig.CONFIG_DEF.configKeys().get(ViciSourceConfig.LOG_LEVEL).recommender
                .validValues(ViciSourceConfig.LOG_LEVEL, Map.of())).containsExactly(-1, 0, 1, 2, 3, 4);
    }

    @Test
    void theDeprecatedLogLevelNameStillWorksUntilTheNewOneIsSet() {
        assertThat(ViciSourceConfig.LOG_LEVEL).isEqualTo("vici.log.level");
        assertThat(new ViciSourceConfig(props("log.level", "0")).logLevel()).isEqualTo(0);
        assertThat(new ViciSourceConfig(props("log.level", "3", "vici.log.level", "3")).logLevel()).isEqualTo(3);
        assertThat(new ViciSourceConfig(props()).logLevel()).as("default").isEqualTo(1);
        assertThatThrownBy(() -> new ViciSourceConfig(props("log.level", "7"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("log.level");
    }

    @Test
    void bothLogLevelNamesWithDifferentLevelsAreAnError() {
        assertThatThrownBy(() -> new ViciSourceConfig(props("log.level", "0", "vici.log.level", "2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("vici.log.level")
                .hasMessageContaining("deprecated log.level=0");
    }

    @Test
    void logIsNotSubscribedWhenEveryLevelIsFiltered() {
        assertThat(new ViciSourceConfig(props(ViciSourceConfig.LOG_LEVEL, "-1")).subscribedEvents())
                .doesNotContain("log").contains("ike-updown");
        assertThat(new ViciSourceConfig(props()).subscribedEvents()).contains("log");
    }

    @Test
    void queueMustExceedBatch() {
        assertThatThrownBy(() -> new ViciSourceConfig(props(ViciSourceConfig.MAX_QUEUE_SIZE, "100",
                ViciSourceConfig.MAX_BATCH_SIZE, "100")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ViciSourceConfig.MAX_QUEUE_SIZE)
                .hasMessageContaining("larger than " + ViciSourceConfig.MAX_BATCH_SIZE);
    }

    @Test
    void negativeIntervalsAreRejectedAndZeroTurnsThemOff() {
        assertThatThrownBy(() -> new ViciSourceConfig(props(ViciSourceConfig.SNAPSHOT_INTERVAL_MS, "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ViciSourceConfig.SNAPSHOT_INTERVAL_MS);
        ViciSourceConfig off = new ViciSourceConfig(props(ViciSourceConfig.SNAPSHOT_INTERVAL_MS, "0",
                ViciSourceConfig.HEARTBEAT_INTERVAL_MS, "0"));
        assertThat(off.snapshotInterval()).isZero();
        assertThat(off.heartbeatInterval()).isZero();
    }

    @Test
    void eventRecommenderOffersSubscribableEventsOnly() {
        List<Object> offered = ViciSourceConfig.CONFIG_DEF.configKeys().get(ViciSourceConfig.EVENTS).recommender
                .validValues(ViciSourceConfig.EVENTS, Map.of());

        assertThat(offered).contains("ike-updown", "child-rekey", "log", "ike-update").doesNotContain("list-sa", "control-log");
    }
}
