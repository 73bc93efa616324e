package io.github.kafkaconnectvici.connect.source.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the runtime needs of the source's configuration, as plain values: the Connect face reads
 * and validates the settings, the runtime never sees them.
 *
 * @param events           the events to subscribe to ('log' left out when every log level is filtered)
 * @param signalTopic      empty when signals are off
 * @param signalConsumer   the signal consumer's Kafka settings
 */
public record SourceSettings(String topicPrefix, List<String> events, int logLevel, boolean logShedding,
                             Duration snapshotInterval, Duration snapshotTimeout, int snapshotMaxConcurrent,
                             Duration heartbeatInterval, Duration inventoryInterval, boolean saStateEnabled,
                             boolean sessionsEnabled, int maxQueueSize, int maxBatchSize, Duration pollTimeout,
                             int eventBufferSize, long eventBufferBytes, Duration viciTimeout, String signalTopic,
                             Map<String, Object> signalConsumer) {

    public SourceSettings {
        events = List.copyOf(events);
        signalConsumer = Map.copyOf(signalConsumer);
    }

    /** The configured events; 'log' is not even subscribed to when the log level filters every level. */
    public static List<String> subscribed(List<String> configured, int logLevel) {
        return configured.stream().filter(e -> !(e.equals(SourceEvents.LOG) && logLevel < 0)).toList();
    }
}
