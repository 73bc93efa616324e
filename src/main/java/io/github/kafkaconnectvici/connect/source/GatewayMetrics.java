package io.github.kafkaconnectvici.connect.source;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway's figures in one task, as the JMX MBean
 * {@code kafka.connect.vici:type=source-task-metrics,connector=<name>,task=<id>,gateway=<gateway>}.
 * Records are counted per type ({@code RecordsIkeUpdown}, {@code RecordsListSa}, {@code RecordsStatus},
 * ...) as they are queued; {@code AckLatencyP50Ms}/{@code P99Ms} cover the last 4,096 acknowledged
 * records. The attribute set is fixed when the task starts.
 */
final class GatewayMetrics implements DynamicMBean, AutoCloseable {

    static final String DOMAIN = "kafka.connect.vici";
    private static final Logger log = LoggerFactory.getLogger(GatewayMetrics.class);
    // Which instance holds each name, so that a late-stopping task cannot unregister its successor's
    // MBean (a restarted task registers the same name while the old one may still be stopping).
    private static final Map<ObjectName, GatewayMetrics> HOLDERS = new HashMap<>();

    private final ObjectName name;
    private final Clock clock;
    private final Map<String, AtomicLong> recordsByType = new ConcurrentHashMap<>();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong gaps = new AtomicLong();
    final AtomicLong snapshots = new AtomicLong();
    final AtomicLong snapshotsFailed = new AtomicLong();
    final AtomicLong snapshotMismatches = new AtomicLong();
    final AtomicLong lastSnapshotSize = new AtomicLong(-1);
    final AtomicLong logEventsShed = new AtomicLong();
    final AtomicLong logEventsFiltered = new AtomicLong();
    private final AtomicLong lastEventMillis = new AtomicLong(-1);
    private final AtomicLong lastSequence = new AtomicLong();
    private final AckLatency ackLatency = new AckLatency(4096);
    private volatile LongSupplier bufferedEvents = () -> 0;
    private volatile LongSupplier droppedEvents = () -> 0;
    private volatile boolean connected;
    private final Map<String, LongSupplier> attributes = new LinkedHashMap<>();
    private boolean registered;

    GatewayMetrics(String connector, int task, String gateway, List<String> recordTypes, IntSupplier queueDepth,
                   Clock clock) {
        this.name = objectName(connector, task, gateway);
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
    }

    static ObjectName objectName(String connector, int task, String gateway) {
        try {
            return new ObjectName(DOMAIN + ":type=source-task-metrics,connector=" + quoted(connector)
                    + ",task=" + task + ",gateway=" + quoted(gateway));
        } catch (JMException e) {
            throw new IllegalArgumentException("cannot name the metrics of connector " + connector, e);
        }
    }

    // Connector names may hold characters ObjectName reserves (',', '=', ':', '"', ...).
    private static String quoted(String value) {
        return value.matches("[A-Za-z0-9._-]+") ? value : ObjectName.quote(value);
    }

    ObjectName name() {
        return name;
    }

    /** Registers with the platform MBean server; a name still taken (a task not yet gone) is taken over. */
    void register() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        synchronized (HOLDERS) {
            try {
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
                server.registerMBean(this, name);
                HOLDERS.put(name, this);
                registered = true;
            } catch (JMException e) {
                log.warn("cannot register the metrics MBean {}: {}", name, e.toString());
            }
        }
    }

    void watch(LongSupplier bufferedEvents, LongSupplier droppedEvents) {
        this.bufferedEvents = bufferedEvents;
        this.droppedEvents = droppedEvents;
    }

    void connected(boolean connected) {
        this.connected = connected;
    }

    void recorded(String type, long sequence) {
        recordsByType.computeIfAbsent(type, t -> new AtomicLong()).incrementAndGet();
        lastSequence.set(sequence);
    }

    /** Kafka acknowledged a record received (or made) at {@code receivedMillis}. */
    void acked(long receivedMillis) {
        ackLatency.record(Math.max(0, clock.millis() - receivedMillis));
    }

    void eventReceived() {
        lastEventMillis.set(clock.millis());
    }

    long records(String type) {
        AtomicLong counter = recordsByType.get(type);
        return counter == null ? 0 : counter.get();
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
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        LongSupplier value = attributes.get(attribute);
        if (value == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return value.getAsLong();
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList getAttributes(String[] names) {
        AttributeList list = new AttributeList();
        for (String attribute : names) {
            LongSupplier value = attributes.get(attribute);
            if (value != null) {
                list.add(new Attribute(attribute, value.getAsLong()));
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        List<MBeanAttributeInfo> infos = new ArrayList<>();
        for (String attribute : attributes.keySet()) {
            infos.add(new MBeanAttributeInfo(attribute, "long", attribute, true, false, false));
        }
        return new MBeanInfo(getClass().getName(), "VICI source task metrics of one gateway",
                infos.toArray(MBeanAttributeInfo[]::new), null, null, null);
    }

    /** Unregisters the MBean, unless a successor has taken the name over meanwhile. */
    @Override
    public void close() {
        synchronized (HOLDERS) {
            if (!registered) {
                return;
            }
            registered = false;
            if (!HOLDERS.remove(name, this)) {
                log.debug("metrics MBean {} belongs to a newer task now; left registered", name);
                return;
            }
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            } catch (JMException e) {
                log.debug("metrics MBean {} was already gone: {}", name, e.toString());
            }
        }
    }
}
