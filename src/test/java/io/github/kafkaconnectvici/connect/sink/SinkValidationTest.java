package io.github.kafkaconnectvici.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kafkaconnectvici.connect.SilentGateways;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink's validate() probes its gateways as the source does: all at once, each within the configured timeout. */
class SinkValidationTest {

    @TempDir
    Path dir;

    private static Map<String, String> config(String endpoints, String timeoutMs) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "vici-sink-test");
        props.put("topics", "commands");
        props.put(ViciSinkConfig.RESULT_BOOTSTRAP_SERVERS, "localhost:9092");
        props.put(ViciSinkConfig.ENDPOINTS, endpoints);
        props.put(ViciSinkConfig.CONNECT_TIMEOUT, timeoutMs);
        return props;
    }

    private static ConfigValue endpoints(List<ConfigValue> values) {
        return values.stream().filter(v -> v.name().equals(ViciSinkConfig.ENDPOINTS)).findFirst().orElseThrow();
    }

    @Test
    void hungGatewaysAreProbedInParallelWithTheConfiguredTimeout() {
        try (SilentGateways gateways = new SilentGateways(dir, 4)) {
            List<ConfigValue> values = new ViciSinkConnector().validate(config(gateways.endpoints(), "700")).configValues();

            // The client reports what was left of the 700 ms budget after connecting (the old fixed one was 5 s).
            assertThat(endpoints(values).errorMessages()).hasSize(4).allSatisfy(message ->
                    assertThat(message).containsPattern("no complete reply to 'version' within ([1-6]?[0-9]{1,2}|700) ms"));
            assertThat(endpoints(values).errorMessages()).as("in gateway order")
                    .extracting(message -> message.substring(0, message.indexOf(' ', "gateway '".length())))
                    .containsExactly("gateway 'silent0'", "gateway 'silent1'", "gateway 'silent2'", "gateway 'silent3'");
            assertThat(gateways.mostConnectedAtOnce()).as("every gateway probed at the same time").isEqualTo(4);
        }
    }

    @Test
    void aMissingSocketIsNamedWithItsGateway() {
        List<ConfigValue> values = new ViciSinkConnector()
                .validate(config("gone=unix://" + dir.resolve("none.vici"), "700")).configValues();
        assertThat(endpoints(values).errorMessages()).singleElement().asString().startsWith("gateway 'gone'");
    }
}
