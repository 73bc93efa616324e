package io.github.kafkaconnectvici.connect.source.runtime;

/**
 * Streams a snapshot's entries on with their position while holding back exactly one, so the last
 * can be marked last and carry the total: a consumer knows when it has the whole snapshot, and the
 * snapshot is never held in memory.
 */
final class SnapshotHoldback<T> {

    /** Receives each entry with its position from 0; {@code total} is set on the last only. */
    @FunctionalInterface
    interface Sink<T> {
        void accept(T entry, long position, boolean last, Long total) throws InterruptedException;
    }

    private final Sink<T> sink;
    private T held;
    private long count;

    SnapshotHoldback(Sink<T> sink) {
        this.sink = sink;
    }

    /** Passes on the entry held so far and holds {@code entry} back. */
    void add(T entry) throws InterruptedException {
        if (held != null) {
            sink.accept(held, count - 1, false, null);
        }
        held = entry;
        count++;
    }

    /** Passes on the held entry as the last one; returns the total (0 for an empty snapshot). */
    long finish() throws InterruptedException {
        if (held != null) {
            T last = held;
            held = null;
            sink.accept(last, count - 1, true, count);
        }
        return count;
    }

    /** Entries passed on so far (the one held back is not). */
    long written() {
        return held == null ? count : count - 1;
    }
}
