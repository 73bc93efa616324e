package io.github.kafkaconnectvici.connect.sink.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kafkaconnectvici.connect.sink.records.CommandOutcome;
import io.github.kafkaconnectvici.connect.sink.records.CommandRequest;
import io.github.kafkaconnectvici.connect.sink.records.SinkCommand;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** The sink's JMX path, the one every worker has (3.9 and 4.0 have no other). */
class SinkMetricsTest {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Instant start = Instant.parse("2026-12-02T05:00:00Z");

    @Test
    void commandsAreCountedPerGatewayAndCommandUnderTheDocumentedNames() throws Exception {
        try (SinkMetrics metrics = new SinkMetrics("my-sink", 1, List.of("edge-1", "edge-2"), Optional.empty())) {
            metrics.executed(outcome("edge-1", SinkCommand.INITIATE, 120, true));
            metrics.executed(outcome("edge-1", SinkCommand.INITIATE, 80, true));
            metrics.executed(outcome("edge-1", SinkCommand.INITIATE, 3000, false));
            metrics.executed(outcome("edge-2", SinkCommand.LOAD_CONN, 5, true));
            metrics.refused(Optional.of("edge-2"), Optional.of("load-conn"));

            ObjectName initiate = new ObjectName(
                    "kafka.connect.vici:type=sink-task-metrics,connector=my-sink,task=1,gateway=edge-1,command=initiate");
            assertThat(server.getAttribute(initiate, "CommandsRun")).isEqualTo(2L);
            assertThat(server.getAttribute(initiate, "CommandsFailed")).isEqualTo(1L);
            assertThat(server.getAttribute(initiate, "CommandsRefused")).isEqualTo(0L);
            assertThat(server.getAttribute(initiate, "LatencyP50Ms")).isEqualTo(120L);
            assertThat(server.getAttribute(initiate, "LatencyMaxMs")).isEqualTo(3000L);
            ObjectName loadConn = new ObjectName(
                    "kafka.connect.vici:type=sink-task-metrics,connector=my-sink,task=1,gateway=edge-2,command=load-conn");
            assertThat(server.getAttribute(loadConn, "CommandsRun")).isEqualTo(1L);
            assertThat(server.getAttribute(loadConn, "CommandsRefused")).isEqualTo(1L);
        }
        assertThat(server.queryNames(new ObjectName("kafka.connect.vici:type=sink-task-metrics,connector=my-sink,*"),
                null)).as("gone with the task").isEmpty();
    }

    @Test
    void aRecordCannotAddTagValues() throws Exception {
        try (SinkMetrics metrics = new SinkMetrics("bounded", 0, List.of("edge-1"), Optional.empty())) {
            metrics.refused(Optional.of("somewhere-else"), Optional.of("list-sas"));
            metrics.refused(Optional.empty(), Optional.of("x".repeat(200)));
            metrics.refused(Optional.of("edge-1"), Optional.empty());
            assertThat(server.queryNames(new ObjectName("kafka.connect.vici:type=sink-task-metrics,connector=bounded,*"),
                    null)).extracting(n -> n.getKeyProperty("gateway") + "/" + n.getKeyProperty("command"))
                    .containsExactlyInAnyOrder("unknown/unknown", "edge-1/unknown");
            assertThat(server.getAttribute(new ObjectName("kafka.connect.vici:type=sink-task-metrics,connector=bounded,"
                    + "task=0,gateway=unknown,command=unknown"), "CommandsRefused")).isEqualTo(2L);
        }
    }

    @Test
    void taskAndGatewayFiguresAreReadFromTheirSources() throws Exception {
        AtomicLong unfinished = new AtomicLong(4);
        try (SinkMetrics metrics = new SinkMetrics("figures", 0, List.of("edge-1"), Optional.empty())) {
            metrics.watchTask(unfinished::get, () -> 2, () -> 1, () -> 0);
            metrics.watchGateway("edge-1", () -> 9, () -> 3);
            ObjectName task = new ObjectName("kafka.connect.vici:type=sink-task-metrics,connector=figures,task=0");
            assertThat(server.getAttribute(task, "UnfinishedRecords")).isEqualTo(4L);
            unfinished.set(0);
            assertThat(server.getAttribute(task, "UnfinishedRecords")).isEqualTo(0L);
            assertThat(server.getAttribute(task, "ResultsUnacknowledged")).isEqualTo(2L);
            assertThat(server.getAttribute(task, "ResultResends")).isEqualTo(1L);
            ObjectName gateway = new ObjectName(
                    "kafka.connect.vici:type=sink-task-metrics,connector=figures,task=0,gateway=edge-1");
            assertThat(server.getAttribute(gateway, "CommandsQueued")).isEqualTo(9L);
            assertThat(server.getAttribute(gateway, "UnreachableRetries")).isEqualTo(3L);
        }
    }

    private CommandOutcome outcome(String gateway, SinkCommand command, long millis, boolean success) {
        SinkRecord record = new SinkRecord("vici.cmd", 0, null, null, null, "{}", 1);
        CommandRequest request = new CommandRequest(record, "req", gateway, command, Message.EMPTY);
        return new CommandOutcome(request, Message.EMPTY, List.of(), start, start.plusMillis(millis),
                success ? Optional.empty() : Optional.of("charon said no"));
    }
}
