package io.github.kafkaconnectvici.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.connect.sink.SinkFixture;
import io.github.kafkaconnectvici.connect.sink.ViciSinkConfig;
import io.github.kafkaconnectvici.connect.sink.ViciSinkConnector;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.TunnelConfig;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sink against real charon through a real Connect cluster:
 * <ol>
 * <li>load-conn throughput: {@code bench.sink.commands} records (default 2,000, distinct connection
 * names) on one partition, all for gateway A, then the same spread over gateways A and B (headers
 * alternate, so each batch runs on both gateways in parallel). Reported: end-to-end rate (first
 * record produced to last result consumed) and the execution rate from the results' own start/end
 * times.</li>
 * <li>initiate latency: {@code bench.sink.initiates} rounds (default 20) of bringing tunnel "ab" up
 * with a direct {@link ViciClient} call, then the same through the sink (record produced to result
 * consumed); each round is torn down with a direct terminate. The difference of the medians is what
 * the sink adds.</li>
 * </ol>
 * Run: {@code mvn -q -B test-compile exec:exec@sink-bench [-Dbench.sink.commands=2000 -Dbench.sink.initiates=20]}
 * (root and strongSwan, as for the integration tests). See BENCHMARKS.md.
 */
public final class SinkBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESULTS = "vici.cmd-results";
    private static final String PROVISIONING = "provisioning";

    private final CharonPair rig;
    private final ConnectCluster cluster;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> results;

    private SinkBenchmark(CharonPair rig, ConnectCluster cluster) {
        this.rig = rig;
        this.cluster = cluster;
        Map<String, Object> producerProps = new HashMap<>();
        producerProps.put("linger.ms", "0");
        this.producer = cluster.kafka().createProducer(producerProps);
        Map<String, Object> consumerProps = new HashMap<>();
        consumerProps.put("group.id", "sink-bench");
        consumerProps.put("auto.offset.reset", "earliest");
        consumerProps.put("fetch.max.wait.ms", "5");
        this.results = cluster.kafka().createConsumerAndSubscribeTo(consumerProps, RESULTS);
    }

    public static void main(String[] args) throws Exception {
        int commands = Integer.getInteger("bench.sink.commands", 2000);
        int initiates = Integer.getInteger("bench.sink.initiates", 20);
        int exit = 0;
        try (CharonPair rig = CharonPair.start(); ConnectCluster cluster = ConnectCluster.start(1)) {
            SinkBenchmark bench = new SinkBenchmark(rig, cluster);
            bench.run(commands, initiates);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            exit = 1;
        }
        // Kafka leaves non-daemon threads behind.
        System.exit(exit);
    }

    private void run(int commands, int initiates) throws Exception {
        for (String topic : List.of(PROVISIONING, RESULTS)) {
            cluster.kafka().createTopic(topic, 1);
        }
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", ViciSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", PROVISIONING);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put(ViciSinkConfig.ENDPOINTS, "A=" + rig.a().viciUri() + ",B=" + rig.b().viciUri());
        config.put(ViciSinkConfig.COMMANDS_ALLOWED, "load-conn,initiate");
        config.put(ViciSinkConfig.RESULT_BOOTSTRAP_SERVERS, cluster.bootstrapServers());
        config.put("consumer.override.fetch.max.wait.ms", "5");
        cluster.connect().configureConnector("vici-sink-bench", config);
        cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning("vici-sink-bench", 1, "not running");

        System.out.printf(Locale.ROOT, "sink benchmark: %d load-conn commands, %d initiate rounds, %d cores, load average %.2f%n",
                commands, initiates, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        // A warm-up pass (JIT, connections, topic metadata), not reported.
        loadConns("warm", Math.min(200, commands), List.of("A", "B"));
        report("load-conn, 1 gateway ", loadConns("one", commands, List.of("A")));
        report("load-conn, 2 gateways", loadConns("two", commands, List.of("A", "B")));
        initiateLatency(initiates);
    }

    private record Throughput(int commands, double endToEndSeconds, double executionSeconds) {
    }

    private Throughput loadConns(String prefix, int count, List<String> gateways) throws IOException {
        List<Message> templates = List.of(TunnelConfig.loadConn(rig.a()), TunnelConfig.loadConn(rig.b()));
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String gateway = gateways.get(i % gateways.size());
            Message template = templates.get(gateway.equals("A") ? 0 : 1);
            Message named = Message.builder().section(prefix + "-" + i,
                    template.section(TunnelConfig.CONNECTION).orElseThrow()).build();
            Map<String, Object> value = SinkFixture.namedShape(named);
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(PROVISIONING, 0, null, JSON.writeValueAsBytes(value));
            record.headers().add("vici.command", "load-conn".getBytes(StandardCharsets.UTF_8));
            record.headers().add("vici.endpoint", gateway.getBytes(StandardCharsets.UTF_8));
            record.headers().add("vici.request.id", (prefix + "-" + i).getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
        producer.flush();
        List<JsonNode> seen = awaitResults(prefix + "-", count, Duration.ofMinutes(10));
        double endToEnd = (System.nanoTime() - start) / 1e9;
        long first = seen.stream().mapToLong(r -> r.path("start_time").asLong()).min().orElseThrow();
        long last = seen.stream().mapToLong(r -> r.path("end_time").asLong()).max().orElseThrow();
        long failed = seen.stream().filter(r -> !r.path("success").asBoolean()).count();
        if (failed > 0) {
            throw new AssertionError(failed + " of " + count + " load-conn commands failed, e.g. " + seen.stream()
                    .filter(r -> !r.path("success").asBoolean()).findFirst().orElseThrow());
        }
        return new Throughput(count, endToEnd, Math.max(1, last - first) / 1e3);
    }

    private void report(String what, Throughput t) {
        System.out.printf(Locale.ROOT, "%s: %6.0f commands/s end to end (%d in %.2f s), %6.0f commands/s executing (%.2f s)%n",
                what, t.commands() / t.endToEndSeconds(), t.commands(), t.endToEndSeconds(),
                t.commands() / t.executionSeconds(), t.executionSeconds());
    }

    private void initiateLatency(int rounds) throws IOException {
        try (ViciClient a = ViciClient.connect(rig.a().viciUri().toString());
             ViciClient b = ViciClient.connect(rig.b().viciUri().toString())) {
            for (CharonNode node : List.of(rig.a(), rig.b())) {
                ViciClient client = node == rig.a() ? a : b;
                client.call("load-conn", TunnelConfig.loadConn(node));
                client.call("load-shared", TunnelConfig.loadShared(node));
            }
            Message initiate = Message.builder().put("child", TunnelConfig.CHILD).put("ike", TunnelConfig.CONNECTION)
                    .put("timeout", 20_000).build();
            List<Double> direct = new ArrayList<>();
            List<Double> sink = new ArrayList<>();
            List<Double> sinkCharon = new ArrayList<>();
            for (int round = -2; round < rounds; round++) { // two rounds of warm-up each
                long t0 = System.nanoTime();
                a.stream("initiate", initiate, "control-log", line -> { });
                double directMs = (System.nanoTime() - t0) / 1e6;
                terminate(a);

                String id = "up-" + round;
                Map<String, Object> value = Map.of("child", TunnelConfig.CHILD, "ike", TunnelConfig.CONNECTION);
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(PROVISIONING, 0, null, JSON.writeValueAsBytes(value));
                record.headers().add("vici.command", "initiate".getBytes(StandardCharsets.UTF_8));
                record.headers().add("vici.endpoint", "A".getBytes(StandardCharsets.UTF_8));
                record.headers().add("vici.request.id", id.getBytes(StandardCharsets.UTF_8));
                long t1 = System.nanoTime();
                producer.send(record);
                JsonNode result = awaitResults(id, 1, Duration.ofSeconds(60)).get(0);
                double sinkMs = (System.nanoTime() - t1) / 1e6;
                if (!result.path("success").asBoolean()) {
                    throw new AssertionError("initiate through the sink failed: " + result);
                }
                terminate(a);
                if (round >= 0) {
                    direct.add(directMs);
                    sink.add(sinkMs);
                    sinkCharon.add((double) (result.path("end_time").asLong() - result.path("start_time").asLong()));
                }
            }
            System.out.printf(Locale.ROOT, "initiate, direct ViciClient call:    median %6.1f ms, p90 %6.1f ms%n",
                    percentile(direct, 50), percentile(direct, 90));
            System.out.printf(Locale.ROOT, "initiate, record -> sink -> result:  median %6.1f ms, p90 %6.1f ms"
                    + " (charon part as the result times it: median %.1f ms)%n",
                    percentile(sink, 50), percentile(sink, 90), percentile(sinkCharon, 50));
            System.out.printf(Locale.ROOT, "latency the sink adds to an initiate (median difference): %.1f ms%n",
                    percentile(sink, 50) - percentile(direct, 50));
        }
    }

    private void terminate(ViciClient client) {
        client.stream("terminate", Message.builder().put("ike", TunnelConfig.CONNECTION).put("timeout", 20_000).build(),
                "control-log", line -> { });
    }

    /** Results with the id (exact) or id prefix (ending in '-'), consumed from the running consumer. */
    private List<JsonNode> awaitResults(String id, int count, Duration timeout) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (found.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + found.size() + " of " + count + " results for " + id + " within " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> record : results.poll(Duration.ofMillis(20))) {
                JsonNode result = JSON.readTree(record.value());
                String requestId = result.path("request_id").asText();
                if (id.endsWith("-") ? requestId.startsWith(id) : requestId.equals(id)) {
                    found.add(result);
                }
            }
        }
        return found;
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
