package io.github.kafkaconnectvici.connect.source;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Watches whether Connect calls a source task's poll: Connect's own {@code source-record-poll-total}
 * (records the task's poll returned) of an in-process worker, read through JMX. Under continuous
 * load, and with heartbeats every second, every poll returns records, so the longest time the total
 * stood still is how long poll was not called (to within a heartbeat).
 */
final class PollWatch {

    private final ObjectName metrics;
    private double last = -1;
    private Instant lastChange;
    private Duration longest = Duration.ZERO;

    PollWatch(String connector, int task) {
        try {
            metrics = new ObjectName("kafka.connect:type=source-task-metrics,connector=" + connector + ",task=" + task);
        } catch (JMException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Reads the total once; call it often (each read is one point of the measurement). */
    void sample() {
        double total = total();
        Instant now = Instant.now();
        if (total != last) {
            if (lastChange != null) {
                longest = max(longest, Duration.between(lastChange, now));
            }
            last = total;
            lastChange = now;
        }
    }

    double total() {
        try {
            return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(metrics, "source-record-poll-total"))
                    .doubleValue();
        } catch (JMException e) {
            throw new IllegalStateException("no source task metrics " + metrics, e);
        }
    }

    /** The longest stretch without a poll seen so far, the current one included. */
    Duration longestWithoutPoll() {
        return lastChange == null ? Duration.ZERO : max(longest, Duration.between(lastChange, Instant.now()));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
