package io.github.kafkaconnectvici.connect.source.runtime;

/**
 * Unwinds a follower when its task stops while a record waits for room. Thrown and caught inside
 * the runtime only; a snapshot in progress is ended through the library's {@code Cancellation}.
 */
final class Stopping extends RuntimeException {

    Stopping() {
        super(null, null, false, false);
    }
}
