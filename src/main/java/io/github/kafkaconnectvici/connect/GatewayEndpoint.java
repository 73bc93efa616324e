package io.github.kafkaconnectvici.connect;

import io.github.kafkaconnectvici.vici.session.ViciUri;

import java.util.Objects;

/**
 * One charon a connector talks to: the gateway's name, which identifies it in every record, topic
 * header and source partition, and the VICI URI of its socket.
 */
public record GatewayEndpoint(String name, ViciUri uri) {

    public GatewayEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
    }

    /** The text form accepted by {@code vici.endpoints}: {@code name=uri}. */
    @Override
    public String toString() {
        return name + "=" + uri;
    }
}
