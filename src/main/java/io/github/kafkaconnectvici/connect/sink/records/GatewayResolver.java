package io.github.kafkaconnectvici.connect.sink.records;

import org.apache.kafka.connect.sink.SinkRecord;

import java.util.List;
import java.util.Optional;

/**
 * Which gateway runs a record's command: the one named by the {@code vici.endpoint} header, or the
 * only gateway when there is just one. A name that is not configured is a bad record: guessing
 * would run a command on the wrong gateway.
 */
public final class GatewayResolver {

    private final List<String> gateways;

    /** {@code gateways}: the configured gateways' names, in order. */
    public GatewayResolver(List<String> gateways) {
        this.gateways = List.copyOf(gateways);
    }

    /** The name of the gateway that runs {@code record}'s command. */
    public String resolve(SinkRecord record) {
        Optional<String> named = Headers.text(record, Headers.ENDPOINT);
        if (named.isEmpty()) {
            if (gateways.size() == 1) {
                return gateways.get(0);
            }
            throw new BadRecordException("no '" + Headers.ENDPOINT + "' header, and the connector has "
                    + gateways.size() + " gateways: " + names());
        }
        if (!gateways.contains(named.get())) {
            throw new BadRecordException("unknown gateway '" + Headers.printable(named.get()) + "' in header '"
                    + Headers.ENDPOINT + "'; configured: " + names());
        }
        return named.get();
    }

    private String names() {
        return String.join(", ", gateways);
    }
}
