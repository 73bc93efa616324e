package io.github.kafkaconnectvici.vici.session;

/** What a subscription delivers, in order: events, and gaps where events may be missing. */
public sealed interface Delivery permits Event, Gap {
}
