package io.github.kafkaconnectvici.connect.sink;

import java.util.List;
import java.util.Optional;

/**
 * One gateway's share of a batch: the commands it executed, in order, and, if charon could not be
 * reached, why; the commands after that point did not run and must be retried.
 */
public record GatewayRun(List<CommandOutcome> executed, Optional<String> unreachable) {

    public GatewayRun {
        executed = List.copyOf(executed);
    }
}
