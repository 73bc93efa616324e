package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.vici.ViciEvent;
import java.util.Arrays;
import java.util.List;

/** The VICI event names as the face's validators and recommenders need them, without the library. */
public final class SourceEvents {

    public static final String LOG = ViciEvent.LOG.wireName();

    private SourceEvents() {
    }

    /** Whether charon raises {@code event} only while a command runs, so it cannot be subscribed to. */
    public static boolean isStreamOnly(String event) {
        return ViciEvent.byName(event).map(ViciEvent::isStreamOnly).orElse(false);
    }

    /** The events charon 5.9 raises to subscribers. */
    public static List<String> subscribable() {
        return Arrays.stream(ViciEvent.values()).filter(e -> !e.isStreamOnly()).map(ViciEvent::wireName).toList();
    }
}
