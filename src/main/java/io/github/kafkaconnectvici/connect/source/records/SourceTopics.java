package io.github.kafkaconnectvici.connect.source.records;

import java.util.Objects;

/** Topic names: {@code <prefix>.<event-name>}, snapshots on {@code <prefix>.list-sas}, status on {@code <prefix>.status},
 * derived current state on {@code <prefix>.sa-state} and sessions on {@code <prefix>.sessions}. */
public final class SourceTopics {

    public static final String SNAPSHOTS = "list-sas";
    public static final String STATUS = "status";
    public static final String SA_STATE = "sa-state";
    public static final String SESSIONS = "sessions";

    private final String prefix;

    public SourceTopics(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    public String forEvent(String eventName) {
        return prefix + "." + eventName;
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
