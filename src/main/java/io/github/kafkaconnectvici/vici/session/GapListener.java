package io.github.kafkaconnectvici.vici.session;

/**
 * Told of every gap the moment it is queued, i.e. after every event before it and before every
 * event after it. Called on the subscription's reader thread: return quickly.
 */
@FunctionalInterface
public interface GapListener {

    void onGap(Gap gap);
}
