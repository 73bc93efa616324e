package io.github.kafkaconnectvici.connect.source;

import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoints;
import io.github.kafkaconnectvici.connect.gateway.ViciTlsConfig;
import io.github.kafkaconnectvici.connect.source.runtime.SnapshotPacing;
import io.github.kafkaconnectvici.connect.source.runtime.SourceEvents;
import io.github.kafkaconnectvici.connect.source.runtime.SourceSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** The source connector's settings, declared once: documentation, defaults, validators, recommenders. */
public final class ViciSourceConfig extends AbstractConfig {

    public static final String ENDPOINTS = GatewayEndpoints.CONFIG;
    public static final String EVENTS = "vici.events";
    public static final String VICI_TIMEOUT_MS = "vici.timeout.ms";
    public static final String VALIDATE_GATEWAYS = GatewayEndpoints.VALIDATE_CONFIG;
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String SNAPSHOT_INTERVAL_MS = "snapshot.interval.ms";
    public static final String SNAPSHOT_TIMEOUT_MS = "snapshot.timeout.ms";
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
    public static final String LOG_LEVEL = "vici.log.level";
    /** The setting's name before 0.1.0; still read when vici.log.level is not set. */
    public static final String LOG_LEVEL_DEPRECATED = "log.level";
    public static final String SA_STATE_ENABLED = "sa.state.enabled";
    public static final String SESSIONS_ENABLED = "sessions.enabled";
    public static final String SIGNAL_TOPIC = "signal.topic";
    public static final String SIGNAL_BOOTSTRAP_SERVERS = "signal.kafka.bootstrap.servers";
    public static final String SIGNAL_CONSUMER_PREFIX = "signal.consumer.";
    public static final String INVENTORY_INTERVAL_MS = "inventory.interval.ms";
    public static final String LOG_SHEDDING = "log.shedding.enabled";
    public static final String MAX_QUEUE_SIZE = "max.queue.size";
    public static final String MAX_BATCH_SIZE = "max.batch.size";
    public static final String POLL_TIMEOUT_MS = "poll.timeout.ms";
    public static final String EVENT_BUFFER_SIZE = "vici.event.buffer.size";
    public static final String EVENT_BUFFER_BYTES = "vici.event.buffer.bytes";

    public static final String TOPIC_PREFIX_DEFAULT = "vici";
    public static final String EVENTS_DEFAULT = "ike-updown,child-updown,ike-rekey,child-rekey,log";

    private static final String GATEWAYS = "Gateways";
    private static final String RECORDS = "Records";
    private static final String QUEUE = "Queue";
    private static final Pattern TOPIC_CHARS = Pattern.compile("[A-Za-z0-9._-]+");
    // Longest event name we allow for; Kafka topic names may be at most 249 characters.
    private static final int MAX_PREFIX = 200;

    // Every number has an upper bound: a typo of a few digits fails validation instead of, say, never snapshotting.
    private static final long ONE_DAY_MS = 86_400_000L;

    public static final ConfigDef CONFIG_DEF = configDef();

    static {
        ViciTlsConfig.define(CONFIG_DEF);
    }

    private static ConfigDef configDef() {
        int g = 0;
        int r = 0;
        int q = 0;
        return new ConfigDef()
                .define(ENDPOINTS, Type.LIST, GatewayEndpoints.DEFAULT, GatewayEndpoints.validator(), Importance.HIGH,
                        GatewayEndpoints.DOC, GATEWAYS, ++g, Width.LONG, "VICI endpoints")
                .define(EVENTS, Type.LIST, EVENTS_DEFAULT, new EventNames(), Importance.HIGH,
                        "Comma-separated charon events to subscribe to, each to its own topic. Any name charon knows"
                                + " works (newer strongSwan releases add events); validation reports names the gateway"
                                + " answers EVENT_UNKNOWN to, and a running task leaves such a name out and says so in a"
                                + " status record. Stream-only events (list-*, control-log) cannot be subscribed to.",
                        GATEWAYS, ++g, Width.LONG, "Events", new EventRecommender())
                .define(VICI_TIMEOUT_MS, Type.LONG, 10_000L, ConfigDef.Range.between(100, 600_000), Importance.LOW,
                        "Deadline for connecting to charon, for each event registration and for each command other"
                                + " than snapshots; also the time validation waits for each gateway.",
                        GATEWAYS, ++g, Width.SHORT, "VICI timeout (ms)")
                .define(VALIDATE_GATEWAYS, Type.BOOLEAN, true, Importance.LOW,
                        "Whether validation (and so creating or updating the connector) connects to every gateway to"
                                + " check that it answers and knows every event in vici.events. Turn off to deploy while"
                                + " a gateway is down for maintenance: a running task reports an unreachable gateway"
                                + " (CONNECTION_FAILED) or an unknown event (EVENT_UNKNOWN) in status records instead.",
                        GATEWAYS, ++g, Width.SHORT, "Probe gateways when validating")
                .define(TOPIC_PREFIX, Type.STRING, TOPIC_PREFIX_DEFAULT, new TopicPrefix(), Importance.HIGH,
                        "Prefix of every topic the connector writes: events go to '<prefix>.<event-name>' (e.g."
                                + " vici.ike-updown), snapshots to '<prefix>.list-sas', connector status (gaps,"
                                + " reconnects, heartbeats, snapshot boundaries) to '<prefix>.status'.",
                        RECORDS, ++r, Width.MEDIUM, "Topic prefix")
                .define(SNAPSHOT_INTERVAL_MS, Type.LONG, 60_000L, ConfigDef.Range.between(0, ONE_DAY_MS),
                        Importance.MEDIUM,
                        "How often each gateway's SAs are listed (list-sas) into '<prefix>.list-sas'; a snapshot is"
                                + " also taken at start and right after every reconnect or gap. 0 turns periodic"
                                + " snapshots off (the start and resync snapshots remain). A snapshot costs charon about"
                                + " 25-50 us of CPU per SA and grows its memory by the size of the listing.",
                        RECORDS, ++r, Width.SHORT, "Snapshot interval (ms)")
                .define(SNAPSHOT_TIMEOUT_MS, Type.LONG, 600_000L, ConfigDef.Range.between(1_000, ONE_DAY_MS),
                        Importance.LOW,
                        "Deadline for one whole list-sas snapshot, including the time spent waiting for room in the"
                                + " queue; a snapshot that misses it is reported as SNAPSHOT_FAILED.",
                        RECORDS, ++r, Width.SHORT, "Snapshot timeout (ms)")
                .define(HEARTBEAT_INTERVAL_MS, Type.LONG, 30_000L, ConfigDef.Range.between(0, ONE_DAY_MS),
                        Importance.MEDIUM,
                        "How often each gateway writes a HEARTBEAT status record while its event connection is up (or"
                                + " CONNECTION_FAILED while it is down), so consumers can tell an idle gateway from a"
                                + " dead connector. 0 turns heartbeats off.",
                        RECORDS, ++r, Width.SHORT, "Heartbeat interval (ms)")
                .define(LOG_LEVEL, Type.INT, 1, ConfigDef.Range.between(-1, 4), Importance.MEDIUM,
                        "Highest charon log level of 'log' events written: -1 none, 0 audit (SAs up/down,"
                                + " authentication results), 1 control flow and errors, 2 details, 3 raw data,"
                                + " 4 sensitive data. charon 5.9 sends 'log' events up to level 1 only, so the default 1"
                                + " keeps all it sends while a future charon sending more would not flood the SIEM.",
                        RECORDS, ++r, Width.SHORT, "Log level", new LogLevels())
                .define(LOG_LEVEL_DEPRECATED, Type.INT, null, new OptionalLogLevel(), Importance.LOW,
                        "Deprecated: the old name of " + LOG_LEVEL + ", used only when " + LOG_LEVEL + " is not set.",
                        RECORDS, ++r, Width.SHORT, "Log level (deprecated name)")
                .define(SA_STATE_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Whether each gateway also writes the current state of its IKE_SAs to '<prefix>.sa-state'"
                                + " (create it with cleanup.policy=compact), keyed per IKE_SA: the latest state from"
                                + " events and snapshots, and a tombstone when an SA goes down, is rekeyed away or a"
                                + " completed snapshot no longer lists it. A consumer reading it from the start knows"
                                + " every live tunnel. These records carry the sequence of the record they follow and"
                                + " take none of their own.",
                        RECORDS, ++r, Width.SHORT, "Current-state topic")
                .define(SESSIONS_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Whether each gateway also writes one record per ended IKE_SA to '<prefix>.sessions': start,"
                                + " end, duration, identities, addresses, and bytes and packets in and out summed over"
                                + " all its CHILD_SAs across rekeys, with rekey counts; marked partial when a gap fell"
                                + " inside the session or it was already up when the task started.",
                        RECORDS, ++r, Width.SHORT, "Session records")
                .define(SIGNAL_TOPIC, Type.STRING, "", new SignalTopic(), Importance.MEDIUM,
                        "Topic an operator writes signals to, as with Debezium: {\"id\":\"req-1\",\"type\":"
                                + "\"execute-snapshot\",\"data\":{\"gateway\":\"a\",\"ike\":\"ab\"}} asks gateway"
                                + " 'a' (or every gateway, without 'gateway') for a list-sas snapshot now, optionally"
                                + " filtered by ike, ike-id and child; its status records carry the request's id. Each"
                                + " task reads every partition from the end when it starts. Empty: no signals.",
                        RECORDS, ++r, Width.MEDIUM, "Signal topic")
                .define(SIGNAL_BOOTSTRAP_SERVERS, Type.STRING, "", Importance.MEDIUM,
                        "Kafka cluster of the signal topic (required with signal.topic). Further consumer settings"
                                + " (security, ...) go under the prefix '" + SIGNAL_CONSUMER_PREFIX + "'.",
                        RECORDS, ++r, Width.LONG, "Signal topic's Kafka")
                .define(INVENTORY_INTERVAL_MS, Type.LONG, 0L, ConfigDef.Range.between(0, ONE_DAY_MS),
                        Importance.MEDIUM,
                        "How often each gateway's inventory is taken: configured connections (list-conns) to"
                                + " '<prefix>.conns', certificates with their validity (list-certs) to '<prefix>.certs',"
                                + " virtual IP pools with leases (get-pools) to '<prefix>.pools' and charon's stats to"
                                + " '<prefix>.stats', closed by an INVENTORY_COMPLETED status record. 0 (the default)"
                                + " takes none.",
                        RECORDS, ++r, Width.SHORT, "Inventory interval (ms)")
                .define(SnapshotPacing.MAX_CONCURRENT, Type.INT, SnapshotPacing.MAX_CONCURRENT_DEFAULT,
                        ConfigDef.Range.between(1, SnapshotPacing.MAX_CONCURRENT_LIMIT), Importance.LOW,
                        "The most gateways of one task that list their SAs (list-sas) at the same time, for the"
                                + " snapshot at start, the periodic ones and the resyncs after gaps; the others wait,"
                                + " their events buffered meanwhile. With many gateways per task it keeps charon and"
                                + " Kafka from a burst at deploy. Periodic snapshots are also spread: each comes after "
                                + SnapshotPacing.jitterText() + " of snapshot.interval.ms, at random.",
                        RECORDS, ++r, Width.SHORT, "Concurrent snapshots per task")
                .define(LOG_SHEDDING, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Whether 'log' events may be dropped when the queue is full (counted, and reported in an"
                                + " EVENTS_SHED status record). Lifecycle events (updown, rekey, ...) are never shed."
                                + " Off: log events wait for room like every other record, and a lasting overload"
                                + " shows as a GAP followed by a resync snapshot.",
                        QUEUE, ++q, Width.SHORT, "Shed log events under load")
                .define(MAX_QUEUE_SIZE, Type.INT, 8192, ConfigDef.Range.between(2, 1_000_000), Importance.LOW,
                        "Records the task holds between the gateway readers and poll(); when it is full, readers wait"
                                + " (or shed log events if allowed). Must exceed max.batch.size.",
                        QUEUE, ++q, Width.SHORT, "Max queue size")
                .define(MAX_BATCH_SIZE, Type.INT, 2048, ConfigDef.Range.between(1, 100_000), Importance.LOW,
                        "Most records one poll() returns.", QUEUE, ++q, Width.SHORT, "Max batch size")
                .define(POLL_TIMEOUT_MS, Type.LONG, 500L, ConfigDef.Range.between(1, 10_000), Importance.LOW,
                        "Longest poll() waits when no record is ready; it returns as soon as one is.",
                        QUEUE, ++q, Width.SHORT, "Poll timeout (ms)")
                .define(EVENT_BUFFER_SIZE, Type.INT, 10_000, ConfigDef.Range.between(2, 1_000_000), Importance.LOW,
                        "Events buffered per gateway between its socket reader and the task. The socket is always"
                                + " drained (charon would otherwise buffer without limit); if this buffer overflows,"
                                + " the events lost are reported as a GAP and a resync snapshot follows.",
                        QUEUE, ++q, Width.SHORT, "Event buffer per gateway")
                .define(EVENT_BUFFER_BYTES, Type.LONG, 64L * 1024 * 1024, ConfigDef.Range.between(1024 * 1024, 1L << 40),
                        Importance.LOW,
                        "Bound on the encoded size of the events buffered per gateway, on top of"
                                + " vici.event.buffer.size (charon's events may be up to 512 KiB each). One event"
                                + " always fits; beyond the bound, events are dropped and reported as a GAP, like an"
                                + " overflow of the count.",
                        QUEUE, ++q, Width.SHORT, "Event buffer bytes per gateway");
    }

    public ViciSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        String conflict = logLevelConflict(props);
        if (conflict != null) {
            throw new ConfigException(LOG_LEVEL, props.get(LOG_LEVEL), conflict);
        }
        if (maxBatchSize() >= maxQueueSize()) {
            throw new ConfigException(MAX_QUEUE_SIZE, maxQueueSize(), queueVsBatchProblem());
        }
        if (!signalTopic().isEmpty() && getString(SIGNAL_BOOTSTRAP_SERVERS).isBlank()) {
            throw new ConfigException(SIGNAL_BOOTSTRAP_SERVERS, "", "is required when " + SIGNAL_TOPIC + " is set");
        }
    }

    /** The cross-field rule, for validate() to attach to max.queue.size. */
    static String queueVsBatchProblem() {
        return "must be larger than " + MAX_BATCH_SIZE + ", so that readers can fill the next batch while one is sent";
    }

    public GatewayEndpoints endpoints() {
        return ViciTlsConfig.apply(GatewayEndpoints.parse(getList(ENDPOINTS)), this);
    }

    public List<String> events() {
        return getList(EVENTS).stream().map(String::trim).distinct().toList();
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX);
    }

    /** The task's snapshot pacing: jittered intervals and a bound on concurrent snapshots. */
    public SnapshotPacing snapshotPacing() {
        return SnapshotPacing.of(getInt(SnapshotPacing.MAX_CONCURRENT));
    }

    /** The configured events; 'log' is not even subscribed to when vici.log.level filters every level. */
    public List<String> subscribedEvents() {
        return SourceSettings.subscribed(events(), logLevel());
    }

    /** The settings as the runtime takes them. */
    public SourceSettings settings() {
        return new SourceSettings(topicPrefix(), subscribedEvents(), logLevel(), logShedding(), snapshotInterval(),
                snapshotTimeout(), getInt(SnapshotPacing.MAX_CONCURRENT), heartbeatInterval(), inventoryInterval(),
                saStateEnabled(), sessionsEnabled(), maxQueueSize(), maxBatchSize(), pollTimeout(), eventBufferSize(),
                eventBufferBytes(), viciTimeout(), signalTopic(), signalTopic().isEmpty() ? Map.of() : signalConsumerProps());
    }

    public Duration snapshotInterval() {
        return Duration.ofMillis(getLong(SNAPSHOT_INTERVAL_MS));
    }

    public Duration snapshotTimeout() {
        return Duration.ofMillis(getLong(SNAPSHOT_TIMEOUT_MS));
    }

    public Duration heartbeatInterval() {
        return Duration.ofMillis(getLong(HEARTBEAT_INTERVAL_MS));
    }

    /** vici.log.level, else the deprecated log.level, else the default. */
    public int logLevel() {
        Integer deprecated = getInt(LOG_LEVEL_DEPRECATED);
        return originals().containsKey(LOG_LEVEL) || deprecated == null ? getInt(LOG_LEVEL) : deprecated;
    }

    /** Why vici.log.level and log.level cannot both be set (to different levels), or null. */
    static String logLevelConflict(Map<String, String> props) {
        String current = props.get(LOG_LEVEL);
        String old = props.get(LOG_LEVEL_DEPRECATED);
        if (current == null || old == null || current.trim().equals(old.trim())) {
            return null;
        }
        return "conflicts with the deprecated " + LOG_LEVEL_DEPRECATED + "=" + old.trim() + "; set only " + LOG_LEVEL;
    }

    public boolean logShedding() {
        return getBoolean(LOG_SHEDDING);
    }

    public Duration inventoryInterval() {
        return Duration.ofMillis(getLong(INVENTORY_INTERVAL_MS));
    }

    public String signalTopic() {
        return getString(SIGNAL_TOPIC).trim();
    }

    /** The signal consumer's settings: the bootstrap servers and whatever is set under signal.consumer. */
    public Map<String, Object> signalConsumerProps() {
        Map<String, Object> props = new java.util.HashMap<>(originalsWithPrefix(SIGNAL_CONSUMER_PREFIX));
        props.put("bootstrap.servers", getString(SIGNAL_BOOTSTRAP_SERVERS));
        return props;
    }

    public boolean saStateEnabled() {
        return getBoolean(SA_STATE_ENABLED);
    }

    public boolean sessionsEnabled() {
        return getBoolean(SESSIONS_ENABLED);
    }

    public int maxQueueSize() {
        return getInt(MAX_QUEUE_SIZE);
    }

    public int maxBatchSize() {
        return getInt(MAX_BATCH_SIZE);
    }

    public Duration pollTimeout() {
        return Duration.ofMillis(getLong(POLL_TIMEOUT_MS));
    }

    public int eventBufferSize() {
        return getInt(EVENT_BUFFER_SIZE);
    }

    public long eventBufferBytes() {
        return getLong(EVENT_BUFFER_BYTES);
    }

    public Duration viciTimeout() {
        return Duration.ofMillis(getLong(VICI_TIMEOUT_MS));
    }

    /** Empty, or a legal Kafka topic name. */
    static final class SignalTopic implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String topic = value == null ? "" : value.toString().trim();
            if (!topic.isEmpty() && (topic.length() > 249 || !TOPIC_CHARS.matcher(topic).matches())) {
                throw new ConfigException(name, value, "a topic name: at most 249 of A-Z a-z 0-9 . _ -");
            }
        }
    }

    /** Event names: non-empty, no duplicates that matter, nothing charon only streams during a command. */
    static final class EventNames implements ConfigDef.Validator {
        private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> events = (List<String>) value;
            if (events == null || events.isEmpty()) {
                throw new ConfigException(name, value, "at least one event is required, e.g. " + EVENTS_DEFAULT);
            }
            for (String raw : events) {
                String event = raw.trim();
                if (!NAME.matcher(event).matches()) {
                    throw new ConfigException(name, event, "not a VICI event name (lower-case letters, digits and '-')");
                }
                if (SourceEvents.isStreamOnly(event)) {
                    throw new ConfigException(name, event, "charon raises '" + event
                            + "' only while a command runs, to that command's connection; it cannot be subscribed to");
                }
            }
        }

        @Override
        public String toString() {
            return "non-empty list of event names, e.g. " + EVENTS_DEFAULT;
        }
    }

    /** Offers the events charon 5.9 raises to subscribers. */
    static final class EventRecommender implements ConfigDef.Recommender {
        @Override
        public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
            return SourceEvents.subscribable().stream().map(e -> (Object) e).toList();
        }

        @Override
        public boolean visible(String name, Map<String, Object> parsedConfig) {
            return true;
        }
    }

    static final class LogLevels implements ConfigDef.Recommender {
        @Override
        public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
            return IntStream.rangeClosed(-1, 4).mapToObj(i -> (Object) i).toList();
        }

        @Override
        public boolean visible(String name, Map<String, Object> parsedConfig) {
            @SuppressWarnings("unchecked")
            List<String> events = (List<String>) parsedConfig.get(EVENTS);
            return events == null || events.stream().anyMatch(e -> e.trim().equals(SourceEvents.LOG));
        }
    }

    /** The deprecated log.level: unset, or a level as vici.log.level takes. */
    static final class OptionalLogLevel implements ConfigDef.Validator {
        private static final ConfigDef.Range LEVELS = ConfigDef.Range.between(-1, 4);

        @Override
        public void ensureValid(String name, Object value) {
            if (value != null) {
                LEVELS.ensureValid(name, value);
            }
        }

        @Override
        public String toString() {
            return "unset or " + LEVELS;
        }
    }

    /** A prefix that yields legal topic names for every event. */
    static final class TopicPrefix implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String prefix = (String) value;
            if (prefix == null || prefix.isEmpty()) {
                throw new ConfigException(name, value, "must not be empty");
            }
            if (!TOPIC_CHARS.matcher(prefix).matches()) {
                throw new ConfigException(name, value, "topic names may only use letters, digits, '.', '_' and '-'");
            }
            if (prefix.length() > MAX_PREFIX) {
                throw new ConfigException(name, value, "at most " + MAX_PREFIX + " characters, so that '<prefix>.<event>' stays a legal topic name");
            }
        }

        @Override
        public String toString() {
            return "letters, digits, '.', '_' or '-', at most " + MAX_PREFIX + " characters";
        }
    }
}
