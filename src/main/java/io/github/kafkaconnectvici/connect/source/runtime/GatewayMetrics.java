package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.connect.AckLatency;
import io.github.kafkaconnectvici.connect.LongAttributesMBean;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import javax.management.ObjectName;

/**
 * One gateway's figures in one task, as the JMX MBean
 * {@code kafka.connect.vici:type=source-task-metrics,connector=<name>,task=<id>,gateway=<gateway>}.
 * Records are counted per type ({@code RecordsIkeUpdown}, {@code RecordsListSa}, {@code RecordsStatus},
 * ...) as they are queued; {@code AckLatencyP50Ms}/{@code P99Ms} cover the last 4,096 acknowledged
 * records. The attribute set is fixed when the task starts.
 */
public final class GatewayMetrics implements AutoCloseable {

    public static final String DOMAIN = LongAttributesMBean.DOMAIN;
    static final String TYPE = "source-task-metrics";

    private final LongAttributesMBean bean;
    private final Clock clock;
    private final Map<String, AtomicLong> recordsByType = new ConcurrentHashMap<>();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong snapshots = new AtomicLong();
    private final AtomicLong snapshotsFailed = new AtomicLong();
    private final AtomicLong snapshotMismatches = new AtomicLong();
    private final AtomicLong lastSnapshotSize = new AtomicLong(-1);
    private final AtomicLong logEventsShed = new AtomicLong();
    private final AtomicLong logEventsFiltered = new AtomicLong();
    private final AtomicLong lastEventMillis = new AtomicLong(-1);
    private final AtomicLong lastSequence = new AtomicLong();
    private final AckLatency ackLatency = new AckLatency(4096);
    private volatile LongSupplier bufferedEvents = () -> 0;
    private volatile LongSupplier droppedEvents = () -> 0;
    private volatile boolean connected;
    private final Map<String, LongSupplier> attributes = new LinkedHashMap<>();

    public GatewayMetrics(String connector, int task, String gateway, List<String> recordTypes, IntSupplier queueDepth,
                   Clock clock) {
        this.clock = clock;
        for (String type : recordTypes) {
            AtomicLong counter = recordsByType.computeIfAbsent(type, t -> new AtomicLong());
            attributes.put("Records" + camel(type), counter::get);
        }
        attributes.put("QueueDepth", queueDepth::getAsInt);
        attributes.put("EventBufferDepth", () -> bufferedEvents.getAsLong());
        attributes.put("EventsDroppedByBuffer", () -> droppedEvents.getAsLong());
        attributes.put("Connected", () -> connected ? 1 : 0);
        attributes.put("Reconnects", reconnects::get);
        attributes.put("Gaps", gaps::get);
        attributes.put("SecondsSinceLastEvent", this::secondsSinceLastEvent);
        attributes.put("Snapshots", snapshots::get);
        attributes.put("SnapshotsFailed", snapshotsFailed::get);
        attributes.put("SnapshotMismatches", snapshotMismatches::get);
        attributes.put("LastSnapshotSize", lastSnapshotSize::get);
        attributes.put("LogEventsShed", logEventsShed::get);
        attributes.put("LogEventsFiltered", logEventsFiltered::get);
        attributes.put("LastSequence", lastSequence::get);
        attributes.put("AckedRecords", ackLatency::count);
        attributes.put("AckLatencyP50Ms", () -> ackLatency.percentile(50));
        attributes.put("AckLatencyP99Ms", () -> ackLatency.percentile(99));
        this.bean = new LongAttributesMBean(objectName(connector, task, gateway), "VICI source task metrics of one gateway",
                attributes);
    }

    public static ObjectName objectName(String connector, int task, String gateway) {
        return LongAttributesMBean.objectName(TYPE, connector, task, Map.of("gateway", gateway));
    }

    /** The attributes by name, for Connect's plugin metrics too. */
    public Map<String, LongSupplier> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    ObjectName name() {
        return bean.name();
    }

    /** Registers with the platform MBean server; a name still taken (a task not yet gone) is taken over. */
    public void register() {
        bean.register();
    }

    void watch(LongSupplier bufferedEvents, LongSupplier droppedEvents) {
        this.bufferedEvents = bufferedEvents;
        this.droppedEvents = droppedEvents;
    }

    void connected(boolean connected) {
        this.connected = connected;
    }

    void recorded(String type, long sequence) {
        AtomicLong counter = recordsByType.get(type); // the types are fixed at start: no lambda or bin lock per record
        if (counter == null) {
            counter = recordsByType.computeIfAbsent(type, t -> new AtomicLong());
        }
        counter.incrementAndGet();
        lastSequence.set(sequence);
    }

    /** Kafka acknowledged a record received (or made) at {@code receivedMillis}. */
    void acked(long receivedMillis) {
        ackLatency.record(Math.max(0, clock.millis() - receivedMillis));
    }

    void reconnected() {
        reconnects.incrementAndGet();
    }

    void gap() {
        gaps.incrementAndGet();
    }

    void snapshotStarted() {
        snapshots.incrementAndGet();
    }

    void snapshotFailed() {
        snapshotsFailed.incrementAndGet();
    }

    void snapshotMismatch() {
        snapshotMismatches.incrementAndGet();
    }

    void snapshotCompleted(long size) {
        lastSnapshotSize.set(size);
    }

    void logEventShed() {
        logEventsShed.incrementAndGet();
    }

    void logEventFiltered() {
        logEventsFiltered.incrementAndGet();
    }

    /** Log events shed so far (for the tests). */
    long logEventsShed() {
        return logEventsShed.get();
    }

    /** Log events filtered by level so far (for the tests). */
    long logEventsFiltered() {
        return logEventsFiltered.get();
    }

    void eventReceived() {
        lastEventMillis.set(clock.millis());
    }

    private long secondsSinceLastEvent() {
        long last = lastEventMillis.get();
        return last < 0 ? -1 : (clock.millis() - last) / 1000;
    }

    static String camel(String type) {
        StringBuilder out = new StringBuilder();
        for (String part : type.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        bean.close();
    }
}
