package io.github.kafkaconnectvici.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.Test;

/** The reflective path to Connect's plugin metrics, against Kafka's own PluginMetrics implementation. */
class PluginMetricsBridgeTest {

    /** Stands in for a 4.1+ worker's task context: what matters is the public pluginMetrics() method. */
    public static final class NewWorkerContext {
        private final PluginMetrics metrics;

        NewWorkerContext(PluginMetrics metrics) {
            this.metrics = metrics;
        }

        public PluginMetrics pluginMetrics() {
            return metrics;
        }
    }

    /** A 3.9/4.0 worker's context has no pluginMetrics() at all. */
    public static final class OldWorkerContext {
    }

    @Test
    void gaugesReachTheWorkersMetricsUnderKafkaStyleNamesWithTheTasksTags() {
        try (Metrics metrics = new Metrics()) {
            PluginMetricsImpl plugin = new PluginMetricsImpl(metrics, Map.of("connector", "my-sink", "task", "2"));
            AtomicLong run = new AtomicLong(3);
            Map<String, LongSupplier> attributes = new LinkedHashMap<>();
            attributes.put("CommandsRun", run::get);
            attributes.put("LatencyP99Ms", () -> 41);
            PluginMetricsBridge bridge = PluginMetricsBridge.of(new NewWorkerContext(plugin)).orElseThrow();
            bridge.addAll(Map.of("gateway", "edge-1", "command", "initiate"), attributes);

            Map<String, String> tags = Map.of("connector", "my-sink", "task", "2", "gateway", "edge-1",
                    "command", "initiate");
            MetricName commandsRun = metrics.metricName("commands-run", "plugins", "", tags);
            assertThat(metrics.metric(commandsRun)).isNotNull();
            run.set(5);
            assertThat(metrics.metric(commandsRun).metricValue()).isEqualTo(5L);
            assertThat(metrics.metric(metrics.metricName("latency-p99-ms", "plugins", "", tags)).metricValue())
                    .isEqualTo(41L);

            bridge.close();
            assertThat(metrics.metric(commandsRun)).isNull();
        }
    }

    @Test
    void aWorkerWithoutPluginMetricsGivesNothingToBridge() {
        assertThat(PluginMetricsBridge.of(new OldWorkerContext())).isEmpty();
        assertThat(PluginMetricsBridge.of(new NewWorkerContext(null))).isEmpty();
        assertThat(PluginMetricsBridge.of(null)).isEmpty();
    }

    @Test
    void closingAfterTheWorkerClosedThePluginMetricsIsQuiet() throws Exception {
        try (Metrics metrics = new Metrics()) {
            PluginMetricsImpl plugin = new PluginMetricsImpl(metrics, Map.of("connector", "c", "task", "0"));
            PluginMetricsBridge bridge = PluginMetricsBridge.of(new NewWorkerContext(plugin)).orElseThrow();
            bridge.addAll(Map.of(), Map.of("UnfinishedRecords", () -> 0));
            plugin.close(); // the worker does this when the task stops
            bridge.close();
            assertThat(metrics.metric(metrics.metricName("unfinished-records", "plugins", "",
                    Map.of("connector", "c", "task", "0")))).isNull();
        }
    }

    @Test
    void attributeNamesBecomeKafkaStyleMetricNames() {
        assertThat(PluginMetricsBridge.kebab("CommandsRun")).isEqualTo("commands-run");
        assertThat(PluginMetricsBridge.kebab("LatencyP99Ms")).isEqualTo("latency-p99-ms");
        assertThat(PluginMetricsBridge.kebab("RecordsIkeUpdown")).isEqualTo("records-ike-updown");
        assertThat(PluginMetricsBridge.kebab("AckLatencyP50Ms")).isEqualTo("ack-latency-p50-ms");
    }
}
