package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.testkit.kafka.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

    @Test
    void countsAreReadableOverJmxUnderTheDocumentedName() throws Exception {
        ManualClock clock = new ManualClock();
        int[] depth = {7};
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (GatewayMetrics metrics = new GatewayMetrics("my-source", 3, "edge-1",
                List.of("ike-updown", "list-sa", "status"), () -> depth[0], clock)) {
            metrics.register();
            ObjectName name = new ObjectName(
                    "kafka.connect.vici:type=source-task-metrics,connector=my-source,task=3,gateway=edge-1");
            assertThat(server.isRegistered(name)).isTrue();

            metrics.recorded("ike-updown", 1);
            metrics.recorded("ike-updown", 2);
            metrics.recorded("status", 3);
            metrics.gap();
            assertThat(server.getAttribute(name, "SecondsSinceLastEvent")).isEqualTo(-1L);
            metrics.eventReceived();
            clock.advance(Duration.ofSeconds(42));
            metrics.acked(clock.millis() - 5);
            metrics.acked(clock.millis() - 15);

            assertThat(server.getAttribute(name, "RecordsIkeUpdown")).isEqualTo(2L);
            assertThat(server.getAttribute(name, "RecordsListSa")).isEqualTo(0L);
            assertThat(server.getAttribute(name, "RecordsStatus")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "LastSequence")).isEqualTo(3L);
            assertThat(server.getAttribute(name, "QueueDepth")).isEqualTo(7L);
            assertThat(server.getAttribute(name, "Gaps")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "SecondsSinceLastEvent")).isEqualTo(42L);
            assertThat(server.getAttribute(name, "AckLatencyP50Ms")).isEqualTo(5L);
            assertThat(server.getAttribute(name, "AckLatencyP99Ms")).isEqualTo(15L);
            assertThat(server.getMBeanInfo(name).getAttributes()).extracting(a -> a.getName())
                    .contains("Reconnects", "Snapshots", "LogEventsShed", "EventBufferDepth");
        }
        assertThat(server.queryNames(new ObjectName("kafka.connect.vici:connector=my-source,*"), null)).isEmpty();
    }

    @Test
    void aLateStoppingPredecessorCannotUnregisterItsSuccessorsMBean() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = GatewayMetrics.objectName("restarted", 0, "gw");
        GatewayMetrics old = new GatewayMetrics("restarted", 0, "gw", List.of("status"), () -> 0, new ManualClock());
        GatewayMetrics successor = new GatewayMetrics("restarted", 0, "gw", List.of("status"), () -> 0, new ManualClock());
        old.register();
        successor.register(); // the restarted task starts before its predecessor has stopped
        successor.recorded("status", 7);

        old.close();

        assertThat(server.isRegistered(name)).isTrue();
        assertThat(server.getAttribute(name, "LastSequence")).as("the successor's figures").isEqualTo(7L);
        successor.close();
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void connectorNamesWithReservedCharactersAreQuoted() throws Exception {
        ObjectName name = GatewayMetrics.objectName("a,b=c", 0, "gw");

        assertThat(ObjectName.unquote(name.getKeyProperty("connector"))).isEqualTo("a,b=c");
    }
}
