package io.github.kafkaconnectvici.connect;

import io.github.kafkaconnectvici.vici.ViciException;
import io.github.kafkaconnectvici.vici.session.CharonCommands;
import io.github.kafkaconnectvici.vici.session.ViciClient;

import java.time.Duration;
import java.util.Optional;

/**
 * Asks a gateway for its version, for connectors' validate(): a socket that cannot be opened, or a
 * peer that does not answer like charon, is reported against {@code vici.endpoints} at config time
 * rather than as a failing task later.
 */
public final class GatewayProbe {

    private GatewayProbe() {
    }

    /** Empty when charon answered; otherwise a message naming the gateway and what went wrong. */
    public static Optional<String> problem(GatewayEndpoint endpoint, Duration timeout) {
        try (ViciClient client = endpoint.client()
                .connectTimeout(timeout).commandTimeout(timeout).maxConnections(1).connect()) {
            new CharonCommands(client).version();
            return Optional.empty();
        } catch (ViciException e) {
            return Optional.of("gateway '" + endpoint.name() + "' (" + endpoint.uri() + "): " + e.getMessage());
        }
    }
}
