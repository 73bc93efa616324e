package io.github.kafkaconnectvici.connect.source.records;

import java.time.Instant;
import java.util.Objects;

/**
 * What every record says about its own origin: the gateway (the endpoint's name in
 * {@code vici.endpoints}), the VICI event name, when the task received it, and the gateway's
 * sequence number (the source offset).
 */
public record Envelope(String gateway, String event, Instant receivedAt, long sequence) {

    public Envelope {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
