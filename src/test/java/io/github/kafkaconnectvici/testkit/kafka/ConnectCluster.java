package io.github.kafkaconnectvici.testkit.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real in-process KRaft broker plus a real distributed Connect cluster, for integration tests.
 *
 * <p>Wraps {@link EmbeddedConnectCluster} with the settings every test here wants: plugins found
 * through {@code META-INF/services} only ({@code plugin.discovery=service_load}: starts twice as fast
 * and does not fail on classpath connectors without a services file), offsets flushed every
 * {@value #OFFSET_FLUSH_INTERVAL_MS} ms so that tests see committed source offsets quickly, and
 * worker properties kept in a mutable map (the embedded cluster writes into it).
 *
 * <pre>{@code
 * try (ConnectCluster cluster = ConnectCluster.start(1)) {
 *     cluster.connect().configureConnector("vici-source", config);
 *     cluster.connect().assertions().assertConnectorAndAtLeastNumTasksAreRunning(...);
 * }
 * }</pre>
 */
public final class ConnectCluster implements AutoCloseable {

    /** Worker {@code offset.flush.interval.ms}: Connect's default of 60 s would stall offset checks. */
    public static final long OFFSET_FLUSH_INTERVAL_MS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(ConnectCluster.class);

    private final EmbeddedConnectCluster connect;
    private final Map<String, String> workerProps;

    private ConnectCluster(EmbeddedConnectCluster connect, Map<String, String> workerProps) {
        this.connect = connect;
        this.workerProps = workerProps;
    }

    /** A broker and {@code workers} Connect workers with the default worker properties, started. */
    public static ConnectCluster start(int workers) {
        return builder().workers(workers).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The worker properties this kit sets unless a test overrides them. */
    public static Map<String, String> defaultWorkerProps() {
        Map<String, String> props = new HashMap<>();
        props.put("plugin.discovery", "service_load");
        props.put("offset.flush.interval.ms", Long.toString(OFFSET_FLUSH_INTERVAL_MS));
        return props;
    }

    /** The embedded Connect cluster: REST calls, {@code assertions()}, worker handles. */
    public EmbeddedConnectCluster connect() {
        return connect;
    }

    /** The broker(s) behind the workers: topics, produce, consume, admin and client factories. */
    public EmbeddedKafkaCluster kafka() {
        return connect.kafka();
    }

    public String bootstrapServers() {
        return connect.kafka().bootstrapServers();
    }

    /** A copy of the worker properties the cluster was started with (including the embedded defaults). */
    public Map<String, String> workerProps() {
        return Map.copyOf(workerProps);
    }

    @Override
    public void close() {
        connect.stop();
    }

    /** Cluster settings; every worker property may be overridden, e.g. converters or exactly-once support. */
    public static final class Builder {
        private final Map<String, String> workerProps = defaultWorkerProps();
        private final Properties brokerProps = new Properties();
        private int workers = 1;
        private int brokers = 1;
        private String name = "vici-connect";

        private Builder() {
        }

        public Builder workers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a Connect cluster needs at least one worker, not " + count);
            }
            this.workers = count;
            return this;
        }

        public Builder brokers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a Kafka cluster needs at least one broker, not " + count);
            }
            this.brokers = count;
            return this;
        }

        public Builder name(String clusterName) {
            this.name = Objects.requireNonNull(clusterName, "name");
            return this;
        }

        /** One worker property, e.g. {@code exactly.once.source.support=enabled}. */
        public Builder workerProp(String key, String value) {
            workerProps.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
            return this;
        }

        /** Several worker properties, e.g. {@code SchemaRegistry.converterConfig("value.converter.")}. */
        public Builder workerProps(Map<String, String> props) {
            props.forEach(this::workerProp);
            return this;
        }

        public Builder brokerProp(String key, String value) {
            brokerProps.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
            return this;
        }

        /** Starts the broker(s) and the workers and returns once every worker is up. */
        public ConnectCluster start() {
            // EmbeddedConnectCluster adds its own keys (bootstrap servers, internal topics) to this map.
            Map<String, String> props = new HashMap<>(workerProps);
            EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder()
                    .name(name)
                    .numWorkers(workers)
                    .numBrokers(brokers)
                    .brokerProps(brokerProps)
                    .workerProps(props)
                    .build();
            long started = System.nanoTime();
            try {
                connect.start();
                connect.assertions().assertExactlyNumWorkersAreUp(workers, "Connect workers did not come up");
            } catch (RuntimeException | AssertionError e) {
                stopQuietly(connect, e);
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopQuietly(connect, e);
                throw new IllegalStateException("interrupted while waiting for the Connect workers", e);
            }
            LOG.info("Connect cluster {} ({} worker(s), {} broker(s)) started in {} ms at {}", name, workers,
                    brokers, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    connect.kafka().bootstrapServers());
            return new ConnectCluster(connect, props);
        }

        private static void stopQuietly(EmbeddedConnectCluster connect, Throwable failure) {
            try {
                connect.stop();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
