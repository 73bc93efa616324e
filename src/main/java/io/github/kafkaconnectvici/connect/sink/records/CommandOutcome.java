package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.vici.codec.Message;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What became of one executed command: charon's reply (also for {@code success = no}), the
 * control-log lines streamed meanwhile, and when it ran. {@code failure} is empty on success and
 * otherwise the reason the record is reported as errant.
 */
public record CommandOutcome(CommandRequest request, Message reply, List<String> controlLog,
                             Instant start, Instant end, Optional<String> failure) {

    public CommandOutcome {
        controlLog = List.copyOf(controlLog);
    }

    public boolean success() {
        return failure.isEmpty();
    }
}
