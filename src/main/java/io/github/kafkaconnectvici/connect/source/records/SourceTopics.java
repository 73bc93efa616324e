package io.github.kafkaconnectvici.connect.source.records;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Topic names: {@code <prefix>.<event-name>}, snapshots on {@code <prefix>.list-sas}, status on {@code <prefix>.status},
 * derived current state on {@code <prefix>.sa-state} and sessions on {@code <prefix>.sessions}. */
public final class SourceTopics {

    public static final String SNAPSHOTS = "list-sas";
    public static final String STATUS = "status";
    public static final String SA_STATE = "sa-state";
    public static final String SESSIONS = "sessions";

    /** Event names are the subscription's and the connector's own: a handful, so a few dozen is plenty. */
    private static final int MAX_CACHED = 64;

    private final String prefix;
    // One String per topic, not one per record: Connect and the producer hash a record's topic, and a
    // String's hash is computed once per String.
    private final Map<String, String> byEvent = new ConcurrentHashMap<>();

    public SourceTopics(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    public String forEvent(String eventName) {
        String topic = byEvent.get(eventName);
        if (topic == null) {
            topic = prefix + "." + eventName;
            if (byEvent.size() < MAX_CACHED) {
                byEvent.putIfAbsent(eventName, topic);
            }
        }
        return topic;
    }

    public String snapshots() {
        return forEvent(SNAPSHOTS);
    }

    public String status() {
        return forEvent(STATUS);
    }

    /** The compacted current-state topic, keyed per IKE_SA. */
    public String saState() {
        return forEvent(SA_STATE);
    }

    public String sessions() {
        return forEvent(SESSIONS);
    }
}
