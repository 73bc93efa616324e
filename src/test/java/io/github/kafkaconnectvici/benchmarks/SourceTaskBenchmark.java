package io.github.kafkaconnectvici.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.connect.source.ViciSourceConfig;
import io.github.kafkaconnectvici.connect.source.ViciSourceConnector;
import io.github.kafkaconnectvici.testkit.ConnectCluster;
import io.github.kafkaconnectvici.testkit.SchemaRegistry;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Events per second through one source task into Kafka with the Avro converter and a real
 * registry, and receive-to-ack latency at 1,000 events/s (BENCHMARKS.md). The load is a replay of
 * real captured charon 5.9.8 lifecycle events over a VICI socket ({@link ReplayCharon}); Connect
 * and the broker run in this JVM, as in the integration tests.
 *
 * <p>Phases, each with a fresh connector: (1) flood: {@code bench.events} events as fast as the
 * socket takes them; (2) sustained: {@code bench.rate} events/s for {@code bench.seconds}; (3)
 * latency: 1,000 events/s for {@code bench.latency.seconds}, the task's own receive-to-ack
 * percentiles read over JMX every 4 s (each window: the last 4,096 records).
 */
public final class SourceTaskBenchmark {

    private static final Set<String> EVENTS = new LinkedHashSet<>(List.of("ike-updown", "child-updown", "ike-rekey", "child-rekey"));
    private static final String SAMPLES = "/io/github/kafkaconnectvici/connect/source/records/events-strongswan-5.9.8.json";
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    private SourceTaskBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long events = Long.getLong("bench.events", 200_000);
        int rate = Integer.getInteger("bench.rate", 20_000);
        int seconds = Integer.getInteger("bench.seconds", 10);
        int latencySeconds = Integer.getInteger("bench.latency.seconds", 20);
        try {
            run(events, rate, seconds, latencySeconds);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(long events, int rate, int seconds, int latencySeconds) throws Exception {
        List<byte[]> frames = capturedFrames();
        Path dir = Files.createTempDirectory("kcv-bench");
        try (SchemaRegistry registry = SchemaRegistry.start();
             ConnectCluster cluster = ConnectCluster.builder()
                     .workerProps(registry.converterConfig("key.converter."))
                     .workerProps(registry.converterConfig("value.converter."))
                     .start();
             ReplayCharon charon = ReplayCharon.start(dir.resolve("charon.vici"), frames, EVENTS)) {
            System.out.printf("load: %d captured lifecycle event frames (%s), replayed round-robin%n", frames.size(), EVENTS);

            // 1. flood
            Task flood = Task.start(cluster, charon, "bench-flood");
            charon.flood(20_000); // warm-up: JIT, schema registration, producer
            flood.awaitSettled(20_000 + 1);
            long acked0 = flood.acked();
            long dropped0 = flood.dropped();
            long t0 = System.nanoTime();
            charon.flood(events);
            flood.awaitSettled(acked0 + events);
            double secs = (System.nanoTime() - t0) / 1e9;
            long delivered = flood.acked() - acked0;
            System.out.printf("flood: %d events sent at full speed; %d acknowledged by Kafka in %.2f s = %,.0f events/s;"
                    + " %d dropped by the event buffer (reported as gaps)%n", events, delivered, secs, delivered / secs,
                    flood.dropped() - dropped0);
            flood.delete();

            // 2. sustained rate
            Task sustained = Task.start(cluster, charon, "bench-sustained");
            sustained.awaitSettled(1);
            long a0 = sustained.acked();
            t0 = System.nanoTime();
            charon.paced(rate, Duration.ofSeconds(seconds));
            long sent = (long) rate * seconds;
            sustained.awaitSettled(a0 + sent);
            secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("sustained: %,d events/s offered for %d s; %d of %d acknowledged in %.2f s, %d dropped;"
                    + " ack latency p50 %d ms, p99 %d ms (last 4,096)%n", rate, seconds, sustained.acked() - a0, sent, secs,
                    sustained.dropped(), sustained.p(50), sustained.p(99));
            sustained.delete();

            // 3. latency at 1,000 events/s
            Task latency = Task.start(cluster, charon, "bench-latency");
            latency.awaitSettled(1);
            List<long[]> windows = new ArrayList<>();
            Thread sender = new Thread(() -> {
                try {
                    charon.paced(1_000, Duration.ofSeconds(latencySeconds));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            sender.start();
            for (int i = 4; i <= latencySeconds; i += 4) {
                Thread.sleep(4_000);
                windows.add(new long[] {latency.p(50), latency.p(99)});
            }
            sender.join();
            latency.awaitSettled(latency.acked());
            long worstP99 = windows.stream().mapToLong(w -> w[1]).max().orElse(-1);
            System.out.printf("latency at 1,000 events/s for %d s: per 4 s window p50/p99 ms %s; worst p99 %d ms; %d dropped%n",
                    latencySeconds, windows.stream().map(w -> w[0] + "/" + w[1]).toList(), worstP99, latency.dropped());
            latency.delete();
        }
    }

    /** The lifecycle events of the captured sample set, as VICI event frames. */
    private static List<byte[]> capturedFrames() throws Exception {
        JsonNode samples;
        try (InputStream in = SourceTaskBenchmark.class.getResourceAsStream(SAMPLES)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + SAMPLES);
            }
            samples = new ObjectMapper().readTree(in);
        }
        List<byte[]> frames = new ArrayList<>();
        for (JsonNode sample : samples) {
            String event = sample.path("event").asText();
            if (EVENTS.contains(event)) {
                frames.add(ReplayCharon.frame(event, message(sample.path("message"))));
            }
        }
        return frames;
    }

    private static Message message(JsonNode object) {
        Message.Builder builder = Message.builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode node = entry.getValue();
            if (node.isObject()) {
                builder.section(entry.getKey(), message(node));
            } else if (node.isArray()) {
                List<String> items = new ArrayList<>();
                node.forEach(item -> items.add(item.asText()));
                builder.list(entry.getKey(), items);
            } else {
                builder.put(entry.getKey(), node.asText());
            }
        }
        return builder.build();
    }

    /** One connector with one task on the replay socket, watched through its JMX metrics. */
    private record Task(ConnectCluster cluster, String name, ObjectName metrics) {

        static Task start(ConnectCluster cluster, ReplayCharon charon, String name) throws Exception {
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", ViciSourceConnector.class.getName());
            config.put("tasks.max", "1");
            config.put(ViciSourceConfig.ENDPOINTS, "replay=" + charon.uri());
            config.put(ViciSourceConfig.EVENTS, String.join(",", EVENTS));
            config.put(ViciSourceConfig.TOPIC_PREFIX, name);
            config.put(ViciSourceConfig.HEARTBEAT_INTERVAL_MS, "0");
            config.put(ViciSourceConfig.SNAPSHOT_INTERVAL_MS, "0");
            config.put("topic.creation.default.replication.factor", "1");
            config.put("topic.creation.default.partitions", "1");
            for (String key : System.getProperties().stringPropertyNames()) {
                if (key.startsWith("bench.connector.")) {
                    config.put(key.substring("bench.connector.".length()), System.getProperty(key));
                }
            }
            cluster.connect().configureConnector(name, config);
            cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, name + " did not start");
            charon.awaitSubscriber(Duration.ofSeconds(60));
            ObjectName metrics = new ObjectName("kafka.connect.vici:type=source-task-metrics,connector=" + name
                    + ",task=0,gateway=replay");
            return new Task(cluster, name, metrics);
        }

        long attribute(String attribute) {
            try {
                return (Long) JMX.getAttribute(metrics, attribute);
            } catch (Exception e) {
                return 0; // not registered yet
            }
        }

        long acked() {
            return attribute("AckedRecords");
        }

        long dropped() {
            return attribute("EventsDroppedByBuffer");
        }

        long p(int percentile) {
            return attribute(percentile == 50 ? "AckLatencyP50Ms" : "AckLatencyP99Ms");
        }

        /** Waits until {@code expected} records are acknowledged, less those dropped; 2 min at most. */
        void awaitSettled(long expected) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            long last = -1;
            long stableSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                long done = acked() + dropped();
                if (done >= expected) {
                    return;
                }
                if (done != last) {
                    last = done;
                    stableSince = System.nanoTime();
                } else if (System.nanoTime() - stableSince > Duration.ofSeconds(10).toNanos()) {
                    return; // nothing moved for 10 s: gap records may stand in for dropped events
                }
                Thread.sleep(5);
            }
        }

        void delete() {
            cluster.connect().deleteConnector(name);
        }
    }
}
