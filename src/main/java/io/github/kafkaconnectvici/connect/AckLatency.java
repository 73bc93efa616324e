package io.github.kafkaconnectvici.connect;

import java.util.Arrays;

/**
 * Receive-to-ack latencies of the most recent records (from charon's event reaching the task to
 * Kafka acknowledging its record), for percentiles in the metrics. A ring of {@code window} samples:
 * old samples are overwritten. It grows to the window only as samples arrive, so that a gateway that
 * sends few events (most of a fleet) does not hold the full window.
 */
public final class AckLatency {

    private static final int INITIAL_CAPACITY = 64;

    private final int window;
    private long[] samples = new long[0];
    private long count;

    public AckLatency(int window) {
        this.window = window;
    }

    public synchronized void record(long millis) {
        if (count == samples.length && count < window) {
            samples = Arrays.copyOf(samples, (int) Math.min(window, Math.max(INITIAL_CAPACITY, 2L * samples.length)));
        }
        samples[(int) (count % window)] = millis;
        count++;
    }

    /** The samples' array size now; at most the window. */
    synchronized int capacity() {
        return samples.length;
    }

    /** The {@code percentile} (0-100) of the samples in the window, or -1 before the first. */
    public synchronized long percentile(double percentile) {
        int n = (int) Math.min(count, window);
        if (n == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, index))];
    }

    public synchronized long count() {
        return count;
    }
}
