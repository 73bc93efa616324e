package io.github.kafkaconnectvici.connect.sink;

import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoint;
import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoints;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.Optional;

/**
 * Which gateway runs a record's command: the one named by the {@code vici.endpoint} header, or the
 * only endpoint when there is just one. A name that is not configured is a bad record: guessing
 * would run a command on the wrong gateway.
 */
public final class GatewayResolver {

    private final GatewayEndpoints endpoints;

    public GatewayResolver(GatewayEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    public GatewayEndpoint resolve(SinkRecord record) {
        Optional<String> named = Headers.text(record, Headers.ENDPOINT);
        if (named.isEmpty()) {
            if (endpoints.size() == 1) {
                return endpoints.all().get(0);
            }
            throw new BadRecordException("no '" + Headers.ENDPOINT + "' header, and the connector has "
                    + endpoints.size() + " gateways: " + names());
        }
        GatewayEndpoint endpoint = endpoints.byName(named.get());
        if (endpoint == null) {
            throw new BadRecordException("unknown gateway '" + Headers.printable(named.get()) + "' in header '"
                    + Headers.ENDPOINT + "'; configured: " + names());
        }
        return endpoint;
    }

    private String names() {
        return String.join(", ", endpoints.all().stream().map(GatewayEndpoint::name).toList());
    }
}
