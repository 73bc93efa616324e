package io.github.kafkaconnectvici.vici.session;

/**
 * Told of every gap as it is queued, before a consumer can take it: after every event before it and before every
 * event after it. Called on the thread reading the subscription (the event loop, or a reconnecting
 * thread), or on the consumer's thread when its poll made room for a gap that waited for a full queue: return quickly.
 */
@FunctionalInterface
public interface GapListener {

    void onGap(Gap gap);
}
