package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.codec.Message;
import java.time.Instant;

/** An event charon raised, with the moment this client read it (charon's events carry no time). */
public record Event(String name, Message message, Instant receivedAt) implements Delivery {
}
