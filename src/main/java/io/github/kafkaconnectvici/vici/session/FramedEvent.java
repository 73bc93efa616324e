package io.github.kafkaconnectvici.vici.session;

import java.time.Instant;

/**
 * An event as a subscription's reader framed it, decoded only by the consumer that takes it
 * ({@link EventSubscription#poll()}): a tree decoded on the reader's core and read on the consumer's cost
 * the two threads more than decoding where the event is used (BENCHMARKS.md, issue 16's third round).
 *
 * @param body       the segment, owned from now on
 * @param receivedAt when the reader read it
 * @param source     the connection it came on, to be failed if the event turns out malformed
 */
record FramedEvent(byte[] body, Instant receivedAt, ViciConnection source) {

    /** Its size as the queue counts it: the body less the packet type and name-length bytes. */
    long size() {
        return Math.max(0, body.length - 2L);
    }
}
