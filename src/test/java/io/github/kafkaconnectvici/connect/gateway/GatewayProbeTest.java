package io.github.kafkaconnectvici.connect.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kafkaconnectvici.connect.SilentGateways;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayProbeTest {

    @TempDir
    Path dir;

    @Test
    void problemsAreInGatewayOrder() {
        try (SilentGateways silent = new SilentGateways(dir, 2)) {
            List<GatewayEndpoint> gateways = GatewayEndpoints.parse(List.of(silent.endpoints().split(","))).all();
            assertThat(GatewayProbe.problems(gateways, java.time.Duration.ofMillis(300), "probe-test"))
                    .hasSize(2).satisfiesExactly(first -> assertThat(first).startsWith("gateway 'silent0'"),
                            second -> assertThat(second).startsWith("gateway 'silent1'"));
        }
    }
}
