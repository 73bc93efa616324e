package io.github.kafkaconnectvici.connect.gateway;

import io.github.kafkaconnectvici.vici.session.ViciTls;
import io.github.kafkaconnectvici.vici.session.ViciUri;

import java.util.Objects;

/**
 * One charon a connector talks to: the gateway's name, which identifies it in every record, topic
 * header and source partition, the VICI URI of its socket, and for a {@code tls://} URI the TLS
 * settings (null otherwise).
 */
public record GatewayEndpoint(String name, ViciUri uri, ViciTls tls) {

    public GatewayEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
    }

    public GatewayEndpoint(String name, ViciUri uri) {
        this(name, uri, null);
    }

    /** The text form accepted by {@code vici.endpoints}: {@code name=uri}. */
    @Override
    public String toString() {
        return name + "=" + uri;
    }
}
