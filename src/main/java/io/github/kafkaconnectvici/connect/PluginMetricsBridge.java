package io.github.kafkaconnectvici.connect;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connect's own plugin metrics (KIP-877: {@code SinkTaskContext/SourceTaskContext.pluginMetrics()}, Kafka 4.1
 * on), which the worker hands to all its metric reporters: in JMX they are
 * {@code kafka.connect:type=plugins,connector=<name>,task=<id>,<our tags>}, attribute {@code <metric>}.
 * Called reflectively, since the connectors must also run (and compile) against Kafka 3.9 and 4.0, which
 * lack {@code PluginMetrics}; there {@link #of} is empty and the connectors' own MBeans are the only path.
 */
public final class PluginMetricsBridge implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PluginMetricsBridge.class);
    private static final String API = "org.apache.kafka.common.metrics.PluginMetrics";

    private final Object pluginMetrics;
    private final Method metricName;
    private final Method addMetric;
    private final Method removeMetric;
    private final List<MetricName> added = new ArrayList<>();

    private PluginMetricsBridge(Object pluginMetrics, Class<?> api) throws NoSuchMethodException {
        this.pluginMetrics = pluginMetrics;
        this.metricName = api.getMethod("metricName", String.class, String.class, LinkedHashMap.class);
        this.addMetric = api.getMethod("addMetric", MetricName.class, MetricValueProvider.class);
        this.removeMetric = api.getMethod("removeMetric", MetricName.class);
    }

    /** The task context's plugin metrics, if the worker offers them (Kafka 4.1 and later). */
    public static Optional<PluginMetricsBridge> of(Object taskContext) {
        if (taskContext == null) {
            return Optional.empty();
        }
        try {
            Class<?> api = Class.forName(API, false, taskContext.getClass().getClassLoader());
            Method accessor = taskContext.getClass().getMethod("pluginMetrics");
            accessor.setAccessible(true); // the worker's context classes need not be public
            Object metrics = accessor.invoke(taskContext);
            if (metrics == null || !api.isInstance(metrics)) {
                return Optional.empty();
            }
            return Optional.of(new PluginMetricsBridge(metrics, api));
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return Optional.empty(); // a worker older than KIP-877
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.warn("the worker's plugin metrics cannot be used ({}); the metrics stay in JMX only", e.toString());
            return Optional.empty();
        }
    }

    /** Adds one gauge per attribute, named in Kafka's style ({@code CommandsRun} becomes {@code commands-run}). */
    public synchronized void addAll(Map<String, String> tags, Map<String, LongSupplier> attributes) {
        for (Map.Entry<String, LongSupplier> attribute : attributes.entrySet()) {
            LongSupplier value = attribute.getValue();
            try {
                MetricName name = (MetricName) metricName.invoke(pluginMetrics, kebab(attribute.getKey()),
                        attribute.getKey(), new LinkedHashMap<>(tags));
                addMetric.invoke(pluginMetrics, name, (Gauge<Long>) (config, now) -> value.getAsLong());
                added.add(name);
            } catch (InvocationTargetException e) {
                log.warn("cannot add the plugin metric {} {}: {}", attribute.getKey(), tags, e.getCause().toString());
            } catch (ReflectiveOperationException e) {
                log.warn("cannot add the plugin metric {} {}: {}", attribute.getKey(), tags, e.toString());
            }
        }
    }

    /** {@code CommandsRun} to {@code commands-run}, {@code LatencyP99Ms} to {@code latency-p99-ms}. */
    public static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
                .toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public synchronized void close() {
        for (MetricName name : added) {
            try {
                removeMetric.invoke(pluginMetrics, name);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // The worker closes a task's plugin metrics itself once the task has stopped.
                log.debug("plugin metric {} was already gone: {}", name, e.toString());
            }
        }
        added.clear();
    }
}
