package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.connect.source.ViciSourceConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Registers the source's real metrics MBean for a configuration, for tests outside this package. */
public final class SourceMetricsFixture {

    private SourceMetricsFixture() {
    }

    /** The MBean a task of {@code connectorConfig} registers for {@code gateway}; close it to unregister. */
    public static AutoCloseable register(String connector, String gateway, Map<String, String> connectorConfig) {
        List<String> types = new ArrayList<>(new ViciSourceConfig(connectorConfig).subscribedEvents());
        types.add(GatewayRecords.SNAPSHOT_EVENT);
        types.add(GatewayRecords.STATUS_EVENT);
        GatewayMetrics metrics = new GatewayMetrics(connector, 0, gateway, types, () -> 0, Clock.systemUTC());
        metrics.register();
        return metrics;
    }
}
