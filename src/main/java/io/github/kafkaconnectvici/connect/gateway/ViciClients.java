package io.github.kafkaconnectvici.connect.gateway;

import io.github.kafkaconnectvici.vici.session.ViciClient;

import java.time.Duration;

/**
 * The one place the connectors build a {@link ViciClient}: a gateway's URI and TLS settings, both
 * timeouts, and how many connections the caller needs at once (1 for a command at a time, 2 for a
 * follower that runs commands beside its event subscription).
 */
public final class ViciClients {

    private ViciClients() {
    }

    /** A client connected to {@code gateway}, or a ViciException saying why not. */
    public static ViciClient connect(GatewayEndpoint gateway, Duration connectTimeout, Duration commandTimeout,
                                     int maxConnections) {
        return ViciClient.builder().uri(gateway.uri()).tls(gateway.tls()).connectTimeout(connectTimeout)
                .commandTimeout(commandTimeout).maxConnections(maxConnections).connect();
    }
}
