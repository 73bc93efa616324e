package io.github.kafkaconnectvici.connect.source.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The one bounded queue between a task's gateway workers and poll(). Workers wait for room (the
 * backpressure reaches each gateway's event buffer, never charon's socket); poll() never waits
 * longer than its timeout and returns as soon as anything is there. A worker may hand over a batch
 * under one lock and one wake-up ({@link #putAll}): waking poll() per record cost more CPU, on both
 * threads, than anything the worker does to a record after mapping it.
 */
final class RecordQueue {

    // How often a waiting producer rechecks whether the task is stopping.
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ArrayDeque<QueuedRecord> queue;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private volatile int size;

    RecordQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1: " + capacity);
        }
        this.queue = new ArrayDeque<>(Math.min(capacity, 1 << 16));
        this.capacity = capacity;
    }

    /** Waits for room; false if {@code running} turned false first (the record is then not queued). */
    boolean put(QueuedRecord record, BooleanSupplier running) throws InterruptedException {
        return putAll(List.of(record), running) == 1;
    }

    /**
     * Queues {@code records} in order, as many at a time as there is room for, with one wake-up of
     * poll() per batch; waits for room as {@link #put} does. The number queued: all unless
     * {@code running} turned false first.
     */
    int putAll(List<QueuedRecord> records, BooleanSupplier running) throws InterruptedException {
        int queued = 0;
        while (queued < records.size()) {
            if (!running.getAsBoolean()) {
                return queued;
            }
            lock.lockInterruptibly();
            try {
                if (queue.size() == capacity) {
                    notFull.awaitNanos(RECHECK_NANOS);
                    continue; // to recheck running, and for room
                }
                while (queued < records.size() && queue.size() < capacity) {
                    queue.addLast(records.get(queued++));
                }
                size = queue.size();
                notEmpty.signal();
            } finally {
                lock.unlock();
            }
        }
        return queued;
    }

    /** Queues only if there is room now: for records that may be shed. */
    boolean offer(QueuedRecord record) {
        lock.lock();
        try {
            if (queue.size() == capacity) {
                return false;
            }
            queue.addLast(record);
            size = queue.size();
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code max} records: waits at most {@code timeout} for the first, then takes what is
     * already there. Empty if nothing came.
     */
    List<QueuedRecord> drain(int max, Duration timeout) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long wait = timeout.toNanos();
            while (queue.isEmpty()) {
                if (wait <= 0) {
                    return List.of();
                }
                wait = notEmpty.awaitNanos(wait);
            }
            List<QueuedRecord> batch = new ArrayList<>(Math.min(max, queue.size()));
            while (batch.size() < max && !queue.isEmpty()) {
                batch.add(queue.pollFirst());
            }
            size = queue.size();
            notFull.signalAll(); // workers of several gateways may be waiting for room
            return batch;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }
}
