package io.github.kafkaconnectvici.connect.sink;

import io.github.kafkaconnectvici.connect.sink.records.SinkCommand;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ViciSinkConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put(ViciSinkConfig.RESULT_BOOTSTRAP_SERVERS, "localhost:9092");
        return props;
    }

    @Test
    void defaults() {
        ViciSinkConfig config = new ViciSinkConfig(minimal());
        assertThat(config.allowedCommands()).containsExactlyInAnyOrderElementsOf(SinkCommand.DEFAULT_ALLOWED);
        assertThat(config.commandTopicPrefix()).isEqualTo("vici.cmd.");
        assertThat(config.resultTopic()).isEqualTo("vici.cmd-results");
        assertThat(config.endpoints().all()).hasSize(1);
        assertThat(config.timeouts().initiate()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.resultConverterConfig()).containsEntry("schemas.enable", "false");
        assertThat(config.producerConfig()).containsEntry("bootstrap.servers", "localhost:9092").containsEntry("acks", "all");
    }

    @Test
    void theResultTopicFollowsTheTopicPrefixUnlessSet() {
        Map<String, String> props = minimal();
        props.put(ViciSinkConfig.TOPIC_PREFIX, "site1");
        assertThat(new ViciSinkConfig(props).resultTopic()).isEqualTo("site1.cmd-results");
        props.put(ViciSinkConfig.RESULT_TOPIC, "ops.results");
        assertThat(new ViciSinkConfig(props).resultTopic()).isEqualTo("ops.results");
    }

    @Test
    void everyStateChangingCommandCanBeEnabled() {
        Map<String, String> props = minimal();
        props.put(ViciSinkConfig.COMMANDS_ALLOWED, String.join(",", SinkCommand.wireNames()));
        assertThat(new ViciSinkConfig(props).allowedCommands()).hasSize(22);
    }

    @Test
    void unknownCommandNamesAreRejectedInValidation() {
        Map<String, String> props = minimal();
        props.put(ViciSinkConfig.COMMANDS_ALLOWED, "load-conn,list-sas");
        ConfigValue value = ViciSinkConfig.CONFIG_DEF.validateAll(props).get(ViciSinkConfig.COMMANDS_ALLOWED);
        assertThat(value.errorMessages()).singleElement().asString().contains("list-sas");
        assertThatThrownBy(() -> new ViciSinkConfig(props)).isInstanceOf(ConfigException.class).hasMessageContaining("list-sas");
    }

    @Test
    void theResultClusterIsRequired() {
        assertThatThrownBy(() -> new ViciSinkConfig(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ViciSinkConfig.RESULT_BOOTSTRAP_SERVERS);
    }

    @Test
    void passThroughSettingsReachProducerAndConverter() {
        Map<String, String> props = minimal();
        props.put("result.producer.security.protocol", "SSL");
        props.put("result.value.converter.schemas.enable", "true");
        ViciSinkConfig config = new ViciSinkConfig(props);
        assertThat(config.producerConfig()).containsEntry("security.protocol", "SSL");
        assertThat(config.resultConverterConfig()).containsEntry("schemas.enable", "true");
    }

    @Test
    void everyTaskServesEveryGateway() {
        Map<String, String> props = minimal();
        props.put(ViciSinkConfig.ENDPOINTS, "a=unix:///tmp/a.vici,b=unix:///tmp/b.vici");
        List<String> createdTopics = new ArrayList<>();
        ViciSinkConnector connector = new ViciSinkConnector(config -> createdTopics.add(config.resultTopic()));
        connector.start(props);
        assertThat(createdTopics).as("the result topic is ensured at start").containsExactly("vici.cmd-results");
        List<Map<String, String>> tasks = connector.taskConfigs(3);
        assertThat(tasks).hasSize(3);
        for (int i = 0; i < 3; i++) {
            // every setting, plus the task's number for its metrics' names
            Map<String, String> expected = new java.util.HashMap<>(props);
            expected.put(ViciSinkConnector.TASK_ID, Integer.toString(i));
            assertThat(tasks.get(i)).isEqualTo(expected);
        }
        assertThat(connector.taskClass()).isEqualTo(ViciSinkTask.class);
        assertThat(connector.config()).isSameAs(ViciSinkConfig.CONFIG_DEF);
    }

    @Test
    void theConnectorRejectsAResultTopicItConsumes() {
        Map<String, String> props = minimal();
        props.put("name", "sink");
        props.put("connector.class", ViciSinkConnector.class.getName());
        props.put("topics.regex", "vici\\..*");
        props.put(ViciSinkConfig.ENDPOINTS, "unix:///nonexistent/charon.vici");
        List<ConfigValue> values = new ViciSinkConnector().validate(props).configValues();
        assertThat(values).filteredOn(v -> v.name().equals(ViciSinkConfig.RESULT_TOPIC)).singleElement()
                .satisfies(v -> assertThat(v.errorMessages()).singleElement().asString().contains("vici.cmd-results"));
        assertThat(values).filteredOn(v -> v.name().equals(ViciSinkConfig.ENDPOINTS)).singleElement()
                .satisfies(v -> assertThat(v.errorMessages()).singleElement().asString().contains("nonexistent"));
    }

    @Test
    void gatewayProbesCanBeTurnedOffToDeployWhileAGatewayIsDown() {
        Map<String, String> props = minimal();
        props.put("connector.class", ViciSinkConnector.class.getName());
        props.put("topics", "vici.cmd.load-conn");
        props.put(ViciSinkConfig.ENDPOINTS, "unix:///nonexistent/charon.vici");
        props.put(ViciSinkConfig.VALIDATE_GATEWAYS, "false");
        List<ConfigValue> values = new ViciSinkConnector().validate(props).configValues();
        assertThat(values).allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());

        props.put(ViciSinkConfig.VALIDATE_GATEWAYS, "true");
        assertThat(new ViciSinkConnector().validate(props).configValues())
                .filteredOn(v -> v.name().equals(ViciSinkConfig.ENDPOINTS)).singleElement()
                .satisfies(v -> assertThat(v.errorMessages()).singleElement().asString().contains("nonexistent"));
    }
}
