package io.github.kafkaconnectvici.connect.sink.runtime;

import io.github.kafkaconnectvici.vici.codec.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayExecutorTest {

    @Test
    void initiateAndTerminateAlwaysCarryATimeout() {
        Message without = Message.builder().put("child", "net").build();
        assertThat(GatewayExecutor.withTimeout(without, Duration.ofSeconds(12)).text("timeout")).contains("12000");
        Message with = Message.builder().put("child", "net").put("timeout", -1).build();
        assertThat(GatewayExecutor.withTimeout(with, Duration.ofSeconds(12)).text("timeout")).contains("-1");
    }

    @Test
    void theClientWaitsForCharonsTimeoutPlusAMargin() {
        Duration configured = Duration.ofSeconds(30);
        assertThat(GatewayExecutor.clientDeadline(Message.builder().put("timeout", 60_000).build(), configured))
                .isEqualTo(Duration.ofSeconds(70));
        assertThat(GatewayExecutor.clientDeadline(Message.builder().put("timeout", 0).build(), configured))
                .isEqualTo(Duration.ofSeconds(40));
        assertThat(GatewayExecutor.clientDeadline(Message.builder().put("timeout", "soon").build(), configured))
                .isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void controlLogLinesReadLikeSwanctl() {
        Message event = Message.builder().put("group", "IKE").put("level", 1).put("msg", "establishing CHILD_SA net").build();
        assertThat(ControlLogLine.format(event)).isEqualTo("[IKE] establishing CHILD_SA net");
        assertThat(ControlLogLine.format(Message.builder().put("msg", "x").build())).isEqualTo("x");
    }
}
