package io.github.kafkaconnectvici.connect.source.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The one bounded queue between a task's gateway workers and poll(). Workers wait for room (the
 * backpressure reaches each gateway's event buffer, never charon's socket); poll() never waits
 * longer than its timeout and returns as soon as anything is there.
 */
final class RecordQueue {

    // How often a waiting producer rechecks whether the task is stopping.
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ArrayBlockingQueue<QueuedRecord> queue;
    private final int capacity;

    RecordQueue(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
    }

    /** Waits for room; false if {@code running} turned false first (the record is then not queued). */
    boolean put(QueuedRecord record, BooleanSupplier running) throws InterruptedException {
        while (running.getAsBoolean()) {
            if (queue.offer(record, RECHECK_NANOS, TimeUnit.NANOSECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** Queues only if there is room now: for records that may be shed. */
    boolean offer(QueuedRecord record) {
        return queue.offer(record);
    }

    /**
     * Up to {@code max} records: waits at most {@code timeout} for the first, then takes what is
     * already there. Empty if nothing came.
     */
    List<QueuedRecord> drain(int max, Duration timeout) throws InterruptedException {
        QueuedRecord first = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
            return List.of();
        }
        List<QueuedRecord> batch = new ArrayList<>(Math.min(max, queue.size() + 1));
        batch.add(first);
        queue.drainTo(batch, max - 1);
        return batch;
    }

    int size() {
        return queue.size();
    }

    int capacity() {
        return capacity;
    }
}
