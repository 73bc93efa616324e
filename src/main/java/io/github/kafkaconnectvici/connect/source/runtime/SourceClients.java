package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.connect.GatewayEndpoint;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.time.Duration;

/**
 * The one place the source builds its VICI clients (to be folded into the shared client factory of
 * both connectors): a follower's, and the short-lived one that probes a gateway's events.
 */
final class SourceClients {

    private SourceClients() {
    }

    /** A follower's client: its commands (snapshots, inventory) two at a time at most; connected now. */
    static ViciClient follower(GatewayEndpoint endpoint, Duration timeout) {
        return endpoint.client().connectTimeout(timeout).commandTimeout(timeout).maxConnections(2).connect();
    }

    /** A one-connection client for probing at validation; connected now. */
    static ViciClient probe(GatewayEndpoint endpoint, Duration timeout) {
        return endpoint.client().connectTimeout(timeout).commandTimeout(timeout).maxConnections(1).connect();
    }
}
