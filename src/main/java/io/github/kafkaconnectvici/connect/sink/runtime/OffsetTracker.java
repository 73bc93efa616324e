package io.github.kafkaconnectvici.connect.sink.runtime;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which records of each partition are finished (executed or reported as bad) and so how far the
 * partition may be committed: up to its first unfinished record. Also tells a redelivered record,
 * after a retriable failure, that already ran, so it is not run a second time.
 *
 * <p>Offsets may have gaps (records dropped by converters or transforms under errors.tolerance=all),
 * so progress is tracked as the set of pending offsets plus the highest offset seen.
 */
public final class OffsetTracker {

    private final Map<TopicPartition, Progress> partitions = new HashMap<>();

    private static final class Progress {
        final TreeSet<Long> pending = new TreeSet<>();
        long highestSeen = -1;

        long committable() {
            return pending.isEmpty() ? highestSeen + 1 : pending.first();
        }
    }

    /** Registers a record about to run; false if it already finished (a redelivery) and must be skipped. */
    public synchronized boolean begin(TopicPartition partition, long offset) {
        Progress p = partitions.computeIfAbsent(partition, k -> new Progress());
        if (offset <= p.highestSeen && !p.pending.contains(offset)) {
            return false;
        }
        p.pending.add(offset);
        p.highestSeen = Math.max(p.highestSeen, offset);
        return true;
    }

    public synchronized void finish(TopicPartition partition, long offset) {
        Progress p = partitions.get(partition);
        if (p != null) {
            p.pending.remove(offset);
        }
    }

    /** For preCommit: the offset (next to consume) each tracked partition may commit. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> assigned) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : assigned) {
            Progress p = partitions.get(partition);
            if (p != null && p.highestSeen >= 0) {
                offsets.put(partition, new OffsetAndMetadata(p.committable()));
            }
        }
        return offsets;
    }

    /** Records taken in and not finished yet, over all partitions: the task pauses its partitions above a bound. */
    public synchronized int unfinished() {
        return partitions.values().stream().mapToInt(p -> p.pending.size()).sum();
    }

    public synchronized void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }
}
