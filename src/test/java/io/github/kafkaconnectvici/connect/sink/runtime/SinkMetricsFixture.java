package io.github.kafkaconnectvici.connect.sink.runtime;

import io.github.kafkaconnectvici.connect.sink.records.CommandOutcome;
import io.github.kafkaconnectvici.connect.sink.records.CommandRequest;
import io.github.kafkaconnectvici.connect.sink.records.SinkCommand;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.sink.SinkRecord;

/** Registers the sink's real metrics MBeans (task, gateway and one command), for tests outside this package. */
public final class SinkMetricsFixture {

    private SinkMetricsFixture() {
    }

    public static AutoCloseable register(String connector, String gateway) {
        SinkMetrics metrics = new SinkMetrics(connector, 0, List.of(gateway), Optional.empty());
        metrics.watchTask(() -> 0, () -> 0, () -> 0, () -> 0);
        metrics.watchGateway(gateway, () -> 0, () -> 0);
        CommandRequest request = new CommandRequest(new SinkRecord("vici.cmd.initiate", 0, null, null, null, "{}", 0),
                "req", gateway, SinkCommand.INITIATE,
                Message.EMPTY);
        Instant now = Instant.now();
        metrics.executed(new CommandOutcome(request, Message.EMPTY, List.of(), now, now, Optional.empty()));
        return metrics;
    }
}
