package io.github.kafkaconnectvici.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kafkaconnectvici.connect.SilentGateways;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViciSourceConnectorTest {

    @TempDir
    Path dir;

    private static Map<String, String> props(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "vici-test");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    private static ConfigValue value(List<ConfigValue> values, String name) {
        return values.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void tasksMaxSpreadsGatewaysAndNamesEveryEntry() {
        ViciSourceConnector connector = new ViciSourceConnector();
        connector.start(props(ViciSourceConfig.ENDPOINTS, "a=tcp://h:1,unix:///run/b/b.vici,c=tcp://h:3"));

        List<Map<String, String>> tasks = connector.taskConfigs(2);

        assertThat(tasks).extracting(t -> t.get(ViciSourceConfig.ENDPOINTS))
                .containsExactly("a=tcp://h:1,c=tcp://h:3", "b=unix:///run/b/b.vici");
        assertThat(tasks).extracting(t -> t.get(ViciSourceConnector.TASK_ID)).containsExactly("0", "1");
        assertThat(tasks).allSatisfy(t -> assertThat(t).containsEntry("name", "vici-test"));
        assertThat(connector.taskConfigs(10)).hasSize(3);
    }

    @Test
    void startRejectsABadConfigurationWithTheReason() {
        assertThatThrownBy(() -> new ViciSourceConnector().start(props(ViciSourceConfig.ENDPOINTS, "gw=http://x:1")))
                .isInstanceOf(ConnectException.class).hasMessageContaining("scheme must be unix, tcp or tls");
    }

    @Test
    void validateReportsBadUrisAgainstTheEndpointsField() {
        List<ConfigValue> values = new ViciSourceConnector()
                .validate(props(ViciSourceConfig.ENDPOINTS, "gw=tcp://nohost")).configValues();

        assertThat(value(values, ViciSourceConfig.ENDPOINTS).errorMessages()).singleElement().asString()
                .contains("host and a port");
        assertThat(value(values, ViciSourceConfig.EVENTS).errorMessages()).isEmpty();
    }

    @Test
    void validateReportsAnUnreachableSocketByGatewayName() {
        String socket = "unix://" + dir.resolve("absent.vici");
        List<ConfigValue> values = new ViciSourceConnector().validate(props(ViciSourceConfig.ENDPOINTS,
                "edge-1=" + socket, ViciSourceConfig.VICI_TIMEOUT_MS, "500")).configValues();

        assertThat(value(values, ViciSourceConfig.ENDPOINTS).errorMessages()).singleElement().asString()
                .contains("gateway 'edge-1'").contains(socket);
    }

    @Test
    void gatewayProbesCanBeTurnedOffForADeployDuringMaintenance() {
        String socket = "unix://" + dir.resolve("absent.vici");
        List<ConfigValue> values = new ViciSourceConnector().validate(props(ViciSourceConfig.ENDPOINTS,
                "edge-1=" + socket, ViciSourceConfig.VALIDATE_GATEWAYS, "false")).configValues();

        assertThat(value(values, ViciSourceConfig.ENDPOINTS).errorMessages()).isEmpty();
    }

    @Test
    void validateProbesHungGatewaysInParallel() {
        try (SilentGateways gateways = new SilentGateways(dir, 3)) {
            List<ConfigValue> values = new ViciSourceConnector().validate(props(ViciSourceConfig.ENDPOINTS,
                    gateways.endpoints(), ViciSourceConfig.VICI_TIMEOUT_MS, "700")).configValues();
            assertThat(value(values, ViciSourceConfig.ENDPOINTS).errorMessages()).hasSize(3);
            assertThat(gateways.mostConnectedAtOnce()).as("every gateway probed at the same time").isEqualTo(3);
        }
    }

    @Test
    void validateReportsConflictingLogLevelNamesOnTheNewOne() {
        List<ConfigValue> values = new ViciSourceConnector().validate(props(ViciSourceConfig.VALIDATE_GATEWAYS, "false",
                "log.level", "0", ViciSourceConfig.LOG_LEVEL, "2")).configValues();
        assertThat(value(values, ViciSourceConfig.LOG_LEVEL).errorMessages()).singleElement().asString()
                .contains("deprecated log.level=0");
        assertThat(value(values, ViciSourceConfig.LOG_LEVEL_DEPRECATED).errorMessages()).isEmpty();
    }

    @Test
    void validateReportsEachFieldOnItsOwn() {
        List<ConfigValue> values = new ViciSourceConnector().validate(props(
                ViciSourceConfig.ENDPOINTS, "gw=ftp://x",
                ViciSourceConfig.TOPIC_PREFIX, "bad prefix",
                ViciSourceConfig.EVENTS, "ike-updown,list-sa",
                ViciSourceConfig.MAX_QUEUE_SIZE, "10",
                ViciSourceConfig.MAX_BATCH_SIZE, "20")).configValues();

        assertThat(value(values, ViciSourceConfig.ENDPOINTS).errorMessages()).hasSize(1);
        assertThat(value(values, ViciSourceConfig.TOPIC_PREFIX).errorMessages()).singleElement().asString()
                .contains("letters, digits");
        assertThat(value(values, ViciSourceConfig.EVENTS).errorMessages()).singleElement().asString()
                .contains("list-sa");
        assertThat(value(values, ViciSourceConfig.MAX_QUEUE_SIZE).errorMessages()).singleElement().asString()
                .contains("(10)").contains("(20)");
        assertThat(value(values, ViciSourceConfig.SNAPSHOT_INTERVAL_MS).errorMessages()).isEmpty();
    }

    @Test
    void guaranteesAreAnsweredAsDocumented() {
        ViciSourceConnector connector = new ViciSourceConnector();

        assertThat(connector.exactlyOnceSupport(props())).isEqualTo(ExactlyOnceSupport.UNSUPPORTED);
        assertThat(connector.canDefineTransactionBoundaries(props())).isEqualTo(ConnectorTransactionBoundaries.SUPPORTED);
    }

    @Test
    void offsetsMayBeSetOrResetButOnlyInTheirOwnShape() {
        ViciSourceConnector connector = new ViciSourceConnector();
        Map<Map<String, ?>, Map<String, ?>> good = new HashMap<>();
        good.put(Map.of("gateway", "a"), Map.of("sequence", 41L));
        good.put(Map.of("gateway", "b"), null);
        good.put(Map.of("gateway", "c"), Map.of("sequence", 41L, "time", 1_796_184_000_000L));

        assertThat(connector.alterOffsets(props(), good)).isTrue();
        assertThatThrownBy(() -> connector.alterOffsets(props(), Map.of(Map.of("gw", "a"), Map.of("sequence", 1))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("\"gateway\"");
        assertThatThrownBy(() -> connector.alterOffsets(props(), Map.of(Map.of("gateway", "a"), Map.of("sequence", -1))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("\"sequence\"");
        assertThatThrownBy(() -> connector.alterOffsets(props(), Map.of(Map.of("gateway", "a"), Map.of("sequence", "x"))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("\"sequence\"");
        assertThatThrownBy(() -> connector.alterOffsets(props(), Map.of(Map.of("gateway", "a"),
                Map.of("sequence", 1, "time", -5)))).isInstanceOf(ConnectException.class).hasMessageContaining("\"time\"");
        assertThatThrownBy(() -> connector.alterOffsets(props(), Map.of(Map.of("gateway", "a"),
                Map.of("sequence", 1, "other", 5)))).isInstanceOf(ConnectException.class);
    }

    @Test
    void workersFindTheConnectorThroughItsServiceFile() {
        assertThat(ServiceLoader.load(SourceConnector.class).stream().map(ServiceLoader.Provider::type))
                .contains(ViciSourceConnector.class);
    }
}
