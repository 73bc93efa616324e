package io.github.kafkaconnectvici.connect.source.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * A gateway's record sequence and the source offset each record carries.
 *
 * <p>Within a task the sequence counts 1 by 1 in the order records are queued. A task starts above
 * both the last committed sequence and the current time in microseconds since the epoch. The start
 * above the clock is what keeps a number from naming two records: Connect's final offset commit
 * waits only offset.flush.timeout.ms, so records of the previous task may still be acknowledged
 * after it, with numbers above the committed one. The previous task numbered up from its own start
 * time, one per record; it would have to have written more than one record per microsecond of its
 * life for its numbers to reach this task's start time. (Values stay below 2^53 until the year 2255,
 * so JSON consumers read them exactly.)
 *
 * <p>Kafka Connect keys offsets by the source partition {gateway}; the offset is {sequence, time},
 * where time (epoch ms) is the watermark: every event received up to then was queued before this
 * record. A task that resumes after a committed offset knows that events received since its time
 * may be lost (queued but never delivered, or never queued) and reports that window as a GAP.
 */
public final class GatewaySequence {

    public static final String PARTITION_KEY = "gateway";
    public static final String OFFSET_KEY = "sequence";
    public static final String TIME_KEY = "time";
    // An event is stamped by the reader thread before it is queued; an empty poll at t proves only
    // that events stamped a little before t were taken, so the idle watermark trails by this much.
    static final long IDLE_MARGIN_MILLIS = 250;

    private final Committed committed;
    private long last;
    private long watermarkMillis;

    /** What the previous task left: its last committed sequence and watermark (null if it had none). */
    record Committed(long sequence, Instant time) {
    }

    private GatewaySequence(Committed committed, long first, long watermarkMillis) {
        this.committed = committed;
        this.last = first - 1;
        this.watermarkMillis = watermarkMillis;
    }

    static Map<String, String> partition(String gateway) {
        return Map.of(PARTITION_KEY, gateway);
    }

    /**
     * Starts after a committed offset (null when none was ever committed), above {@code now}.
     * Offsets come back from the offset store as whatever number type its converter chose; an
     * offset of an older release has no time.
     */
    static GatewaySequence resume(Map<String, Object> offset, Instant now) {
        long micros = Math.multiplyExact(now.getEpochSecond(), 1_000_000L) + now.getNano() / 1_000;
        if (offset == null || offset.get(OFFSET_KEY) == null) {
            return new GatewaySequence(null, Math.max(1, micros), now.toEpochMilli());
        }
        long sequence = nonNegative(offset, OFFSET_KEY);
        Instant time = offset.get(TIME_KEY) == null ? null : Instant.ofEpochMilli(nonNegative(offset, TIME_KEY));
        return new GatewaySequence(new Committed(sequence, time), Math.max(Math.addExact(sequence, 1), micros),
                time == null ? now.toEpochMilli() : time.toEpochMilli());
    }

    private static long nonNegative(Map<String, Object> offset, String key) {
        if (!(offset.get(key) instanceof Number number) || number.longValue() < 0) {
            throw new IllegalArgumentException("committed offset " + offset + " has no usable '" + key
                    + "'; reset the connector's offsets to start the sequence anew");
        }
        return number.longValue();
    }

    /** The previous task's committed offset, or null if this gateway has none. */
    Committed committed() {
        return committed;
    }

    long next() {
        return ++last;
    }

    /** The number the next record will get, for a record that is queued only if there is room. */
    long upcoming() {
        return last + 1;
    }

    /** Takes {@link #upcoming()}: the record that carries it was queued. */
    void advance() {
        last++;
    }

    long last() {
        return last;
    }

    /** An event received at {@code receivedAt} is being queued; every earlier one was. */
    void taken(Instant receivedAt) {
        watermarkMillis = Math.max(watermarkMillis, receivedAt.toEpochMilli());
    }

    /** The event buffer was found empty by a wait that began at {@code pollStarted}. */
    void idleSince(Instant pollStarted) {
        watermarkMillis = Math.max(watermarkMillis, pollStarted.toEpochMilli() - IDLE_MARGIN_MILLIS);
    }

    long watermarkMillis() {
        return watermarkMillis;
    }

    /** The source offset of the record numbered {@code sequence}, queued now. */
    Map<String, Long> offset(long sequence) {
        return Map.of(OFFSET_KEY, sequence, TIME_KEY, watermarkMillis);
    }
}
