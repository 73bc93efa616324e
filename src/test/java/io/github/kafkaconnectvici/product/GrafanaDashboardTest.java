package io.github.kafkaconnectvici.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.connect.sink.runtime.SinkMetricsFixture;
import io.github.kafkaconnectvici.connect.source.runtime.SourceMetricsFixture;
import io.prometheus.jmx.JmxCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Compose stack's Grafana dashboard shows what the connectors really publish: the dashboard JSON parses,
 * and every metric its queries name is produced by the real JMX exporter collector, with the stack's rules
 * (docker/connect/jmx-exporter.yml), from the MBeans the connectors register for the stack's configurations.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("docker", "grafana", "dashboards", "kafka-connect-vici.json");
    private static final Path EXPORTER_RULES = Path.of("docker", "connect", "jmx-exporter.yml");
    private static final Pattern METRIC = Pattern.compile("\\b(vici_[A-Za-z0-9_]+)\\b");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyMetricTheDashboardQueriesIsOneTheConnectorsRegister() throws Exception {
        JsonNode dashboard = json.readTree(DASHBOARD.toFile());
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
        }
        assertThat(expressions).as("queries of the dashboard").hasSizeGreaterThan(10);

        Map<String, Set<String>> exported;
        JsonNode source = json.readTree(Path.of("config", "compose", "vici-source.json").toFile()).path("config");
        Map<String, String> sourceConfig = new HashMap<>();
        source.fields().forEachRemaining(e -> sourceConfig.put(e.getKey(), e.getValue().asText()));
        try (AutoCloseable sourceMetrics = SourceMetricsFixture.register("vici-source", "gw", sourceConfig);
             AutoCloseable sinkMetrics = SinkMetricsFixture.register("vici-sink", "gw")) {
            // register() sets up the collector's own scrape metrics, as the agent does.
            exported = exportedMetrics(new JmxCollector(EXPORTER_RULES.toFile()).register(new PrometheusRegistry()));
        }
        assertThat(exported).as("what the exporter makes of the connectors' MBeans")
                .containsKeys("vici_source_Connected", "vici_sink_CommandsRun", "vici_sink_gateway_UnreachableRetries",
                        "vici_sink_UnfinishedRecords");
        assertThat(exported.get("vici_sink_CommandsRun")).contains("connector", "task", "gateway", "command");
        assertThat(exported.get("vici_source_RecordsIkeUpdown")).contains("connector", "task", "gateway");

        for (String expression : expressions) {
            Matcher metric = METRIC.matcher(expression);
            List<String> names = new ArrayList<>();
            while (metric.find()) {
                names.add(metric.group(1));
            }
            assertThat(names).as("a connector metric in " + expression).isNotEmpty();
            assertThat(exported.keySet()).as("metrics of " + expression).containsAll(names);
        }
    }

    @Test
    void everyPanelHasATitleAndTheProvisionedDataSource() throws Exception {
        JsonNode dashboard = json.readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("kafka-connect-vici");
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("title").asText()).as(panel.toString()).isNotBlank();
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                        .isEqualTo("prometheus");
            }
        }
    }

    /** Metric name to the label names of its data points. */
    private static Map<String, Set<String>> exportedMetrics(JmxCollector collector) {
        Map<String, Set<String>> metrics = new HashMap<>();
        for (MetricSnapshot snapshot : collector.collect()) {
            Set<String> labels = metrics.computeIfAbsent(snapshot.getMetadata().getPrometheusName(), k -> new TreeSet<>());
            for (DataPointSnapshot point : snapshot.getDataPoints()) {
                point.getLabels().forEach(label -> labels.add(label.getName()));
            }
        }
        return metrics;
    }
}
