package io.github.kafkaconnectvici.connect.source.records;

import java.util.Objects;

/** Topic names: {@code <prefix>.<event-name>}, snapshots on {@code <prefix>.list-sas}, status on {@code <prefix>.status}. */
public final class SourceTopics {

    public static final String SNAPSHOTS = "list-sas";
    public static final String STATUS = "status";

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

    public String prefix() {
        return prefix;
    }
}
