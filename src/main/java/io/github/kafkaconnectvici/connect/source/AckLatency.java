package io.github.kafkaconnectvici.connect.source;

import java.util.Arrays;

/**
 * Receive-to-ack latencies of the most recent records (from charon's event reaching the task to
 * Kafka acknowledging its record), for percentiles in the metrics. A fixed ring: old samples are
 * overwritten, nothing grows.
 */
final class AckLatency {

    private final long[] samples;
    private long count;

    AckLatency(int window) {
        this.samples = new long[window];
    }

    synchronized void record(long millis) {
        samples[(int) (count % samples.length)] = millis;
        count++;
    }

    /** The {@code percentile} (0-100) of the samples in the window, or -1 before the first. */
    synchronized long percentile(double percentile) {
        int n = (int) Math.min(count, samples.length);
        if (n == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, index))];
    }

    synchronized long count() {
        return count;
    }
}
