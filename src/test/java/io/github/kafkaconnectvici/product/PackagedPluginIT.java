package io.github.kafkaconnectvici.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.demo.CommandProducer;
import io.github.kafkaconnectvici.testrig.CharonPair;
import io.github.kafkaconnectvici.testrig.CharonRigExtension;
import io.github.kafkaconnectvici.testrig.TunnelConfig;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged plugin, not the build's classes, in a real Connect worker: a standalone worker in a JVM
 * of its own whose class path has Kafka and Connect but nothing this build produced, with
 * {@code plugin.path=target/plugin} and {@code plugin.discovery=service_load}. Both connectors run
 * from it against a real charon: the sink executes load-shared, load-conn and initiate read from
 * Kafka, and the source writes the tunnel's up events.
 */
@ExtendWith(CharonRigExtension.class)
class PackagedPluginIT {

    private static final String SOURCE = "io.github.kafkaconnectvici.connect.source.ViciSourceConnector";
    private static final String SINK = "io.github.kafkaconnectvici.connect.sink.ViciSinkConnector";
    private static final String COMMANDS = "gateway-commands";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static EmbeddedKafkaCluster kafka;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startBroker() {
        kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Test
    void workerClassPathCannotProvideTheConnectors() throws Exception {
        assertThat(ConnectWorkerProcess.onWorkerClassPath(SOURCE.replace('.', '/') + ".class")).isFalse();
        assertThat(ConnectWorkerProcess.onWorkerClassPath(SINK.replace('.', '/') + ".class")).isFalse();
        assertThat(ConnectWorkerProcess.onWorkerClassPath("org/apache/kafka/connect/cli/ConnectStandalone.class"))
                .as("the filter keeps the worker itself").isTrue();
    }

    @Test
    void bothConnectorsRunFromThePackagedPluginAgainstRealCharon(CharonPair pair) throws Exception {
        // Under target/, not a temporary directory: the worker's log stays for a look after a failure.
        Path dir = Files.createDirectories(Path.of("target", "packaged-plugin-it").toAbsolutePath());
        pair.b().swanctl("--load-all");
        try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(kafka.bootstrapServers(), PackagedPlugin.pluginPath(), dir)) {
            JsonNode plugins = awaitPlugins(worker);
            assertThat(versionOf(plugins, SOURCE)).as("the jar's Implementation-Version: loaded from the packaged jar")
                    .isEqualTo(PackagedPlugin.version());
            assertThat(versionOf(plugins, SINK)).isEqualTo(PackagedPlugin.version());
            assertThat(worker.logText()).contains("Loading plugin from: "
                    + PackagedPlugin.pluginPath().resolve(PackagedPlugin.NAME));

            kafka.createTopic(COMMANDS);
            kafka.createTopic("gw.cmd-results");
            String gateway = "a=" + pair.a().viciUri();
            // The broker creates no topics by itself: the source's come from Connect's topic creation,
            // the sink's command and result topics are created here, as an operator would.
            configure(worker, "vici-source", Map.of("connector.class", SOURCE, "tasks.max", "1",
                    "vici.endpoints", gateway, "topic.prefix", "gw",
                    "topic.creation.default.partitions", "1", "topic.creation.default.replication.factor", "1"));
            Map<String, String> sink = new HashMap<>(Map.of("connector.class", SINK, "tasks.max", "1",
                    "topics", COMMANDS, "vici.endpoints", gateway, "topic.prefix", "gw",
                    "vici.commands.allowed", "load-conn,load-shared,initiate",
                    "result.bootstrap.servers", kafka.bootstrapServers(),
                    "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                    "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                    "value.converter.schemas.enable", "false"));
            configure(worker, "vici-sink", sink);
            awaitRunning(worker, "vici-source");
            awaitRunning(worker, "vici-sink");

            try (CommandProducer commands = new CommandProducer(kafka.bootstrapServers(), COMMANDS)) {
                commands.send("a", "load-shared", TunnelConfig.loadShared(pair.a()));
                commands.send("a", "load-conn", TunnelConfig.loadConn(pair.a()));
                commands.send("a", "initiate", Message.builder().put("child", TunnelConfig.CHILD)
                        .put("ike", TunnelConfig.CONNECTION).put("timeout", 20_000).build());
            }

            await("the sink's initiate established the tunnel").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(pair.a().swanctl("--list-sas")).contains("ESTABLISHED"));
            List<String> results = values(kafka.consume(3, TIMEOUT.toMillis(), "gw.cmd-results"));
            assertThat(results).hasSize(3).allSatisfy(result -> assertThat(result).doesNotContain(pair.a().psk()));
            List<String> updown = values(kafka.consume(1, TIMEOUT.toMillis(), "gw.ike-updown"));
            assertThat(updown.get(0)).contains(TunnelConfig.CONNECTION);
            assertThat(worker.isAlive()).as("worker still running; log: " + worker.log()).isTrue();
        }
    }

    private JsonNode awaitPlugins(ConnectWorkerProcess worker) throws Exception {
        await("the worker's REST API, log " + worker.log()).atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .failFast("the worker exited; log " + worker.log(), () -> !worker.isAlive())
                .until(() -> worker.get("/connector-plugins").status() == 200);
        return json.readTree(worker.get("/connector-plugins").body());
    }

    private static String versionOf(JsonNode plugins, String className) {
        for (JsonNode plugin : plugins) {
            if (plugin.path("class").asText().equals(className)) {
                return plugin.path("version").asText();
            }
        }
        throw new AssertionError(className + " is not among the worker's plugins: " + plugins);
    }

    private static void configure(ConnectWorkerProcess worker, String name, Map<String, String> config) {
        ConnectWorkerProcess.Response response = worker.put("/connectors/" + name + "/config",
                ConnectWorkerProcess.json(config));
        assertThat(response.status()).as("PUT " + name + ": " + response.body()).isIn(200, 201);
    }

    private void awaitRunning(ConnectWorkerProcess worker, String name) {
        await(name + " and its task running, log " + worker.log()).atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .failFast("the worker exited", () -> !worker.isAlive())
                .untilAsserted(() -> {
                    JsonNode status = json.readTree(worker.get("/connectors/" + name + "/status").body());
                    assertThat(status.path("connector").path("state").asText()).as(status.toString()).isEqualTo("RUNNING");
                    assertThat(status.path("tasks").path(0).path("state").asText()).as(status.toString()).isEqualTo("RUNNING");
                });
    }

    private static List<String> values(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        List<String> values = new ArrayList<>();
        records.forEach(record -> values.add(new String(record.value(), StandardCharsets.UTF_8)));
        return values;
    }
}
