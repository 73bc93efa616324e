package io.github.kafkaconnectvici.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.connect.sink.SinkFixture;
import io.github.kafkaconnectvici.testkit.kafka.ConnectWorkerBuild;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.testkit.charon.TunnelConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The supported worker range: the packaged plugin (target/plugin, as {@link PackagedPluginIT} runs it on the
 * pinned version) in a plain Apache Kafka Connect standalone worker of every version of the pom's
 * {@code connect.worker.versions}, whose class path is that release's jars from Maven Central and nothing
 * else ({@link ConnectWorkerBuild}). The broker is the pinned version. On each: both connectors are listed
 * with the plugin's version and validate (and the sink's own list validator refuses an unknown command), both
 * start (the sink creating its result topic), the sink runs load-shared, load-conn and initiate against a real charon, and the source writes the
 * tunnel's up event, and the metrics of both can be read over JMX (the plugin-metrics path too, from 4.1 on).
 * A smoke test: the full integration tests run on the pinned version only.
 */
@ExtendWith(CharonRigExtension.class)
class WorkerMatrixIT {

    private static final String SOURCE = "io.github.kafkaconnectvici.connect.source.ViciSourceConnector";
    private static final String SINK = "io.github.kafkaconnectvici.connect.sink.ViciSinkConnector";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static EmbeddedKafkaCluster kafka;
    private final ObjectMapper json = new ObjectMapper();

    static List<String> versions() {
        String list = System.getProperty("connect.worker.versions");
        if (list == null || list.isBlank()) {
            throw new IllegalStateException("system property connect.worker.versions is not set: run this test"
                    + " through failsafe ('mvn verify'), which sets it from the pom");
        }
        return ConnectWorkerBuild.versions(list);
    }

    @BeforeAll
    static void startBroker(CharonPair pair) {
        kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        // B answers A's initiate from its own swanctl.conf; A gets everything from the sink.
        pair.b().swanctl("--load-all");
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.stop();
        }
    }

    @ParameterizedTest(name = "Kafka Connect {0}")
    @MethodSource("versions")
    void thePackagedPluginRunsBothConnectorsOnTheWorker(String version, CharonPair pair) throws Exception {
        terminateTunnel(pair);
        String prefix = "m" + version.replace(".", "");
        Path dir = Files.createDirectories(Path.of("target", "worker-matrix-it", version).toAbsolutePath());
        List<String> classPath = List.of(ConnectWorkerBuild.workerLib(Path.of(""), version).resolve("*").toString());
        assertThat(ConnectWorkerBuild.workerLib(Path.of(""), version).resolve("connect-runtime-" + version + ".jar"))
                .isRegularFile();
        Map<String, String> converters = Map.of(
                "key.converter", "org.apache.kafka.connect.json.JsonConverter", "key.converter.schemas.enable", "false",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter", "value.converter.schemas.enable", "false");
        try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(classPath, kafka.bootstrapServers(),
                PackagedPlugin.pluginPath(), converters, dir)) {
            JsonNode plugins = worker.awaitPlugins();
            assertThat(ConnectWorkerProcess.versionOf(plugins, SOURCE)).isEqualTo(PackagedPlugin.version());
            assertThat(ConnectWorkerProcess.versionOf(plugins, SINK)).isEqualTo(PackagedPlugin.version());
            assertThat(worker.logText()).as("the worker runs the Kafka release under test")
                    .containsPattern("Kafka version: " + version.replace(".", "\\.") + "\\b");

            String gateway = "a=" + pair.a().viciUri();
            String commands = prefix + ".commands";
            // The command topic is the operator's; the result topic is the sink's own to create (two
            // partitions, so the broker's default of one could not pass for it).
            kafka.createTopic(commands);
            Map<String, String> source = Map.of("connector.class", SOURCE, "tasks.max", "1",
                    "vici.endpoints", gateway, "topic.prefix", prefix,
                    "topic.creation.default.partitions", "1", "topic.creation.default.replication.factor", "1");
            Map<String, String> sink = new HashMap<>(Map.of("connector.class", SINK, "tasks.max", "1",
                    "topics", commands, "vici.endpoints", gateway, "topic.prefix", prefix,
                    "vici.commands.allowed", "load-conn,load-shared,initiate",
                    "result.bootstrap.servers", kafka.bootstrapServers(), "result.topic.partitions", "2",
                    "key.converter", "org.apache.kafka.connect.storage.StringConverter"));

            assertThat(validationErrors(worker, SOURCE, source)).as("source validation").isEmpty();
            assertThat(validationErrors(worker, SINK, sink)).as("sink validation").isEmpty();
            Map<String, String> unknownCommand = new HashMap<>(sink);
            unknownCommand.put("vici.commands.allowed", "load-conn,list-sas");
            assertThat(validationErrors(worker, SINK, unknownCommand)).as("a command the sink does not know")
                    .singleElement().asString().contains("vici.commands.allowed").contains("list-sas");

            worker.configure(prefix + "-source", source);
            worker.configure(prefix + "-sink", sink);
            worker.awaitRunning(prefix + "-source");
            worker.awaitRunning(prefix + "-sink");

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertThat(admin.describeTopics(List.of(prefix + ".cmd-results")).allTopicNames().get()
                        .get(prefix + ".cmd-results").partitions()).as("the result topic the sink created").hasSize(2);
            }
            sendCommands(commands, pair);
            List<JsonNode> results = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : kafka.consume(3, TIMEOUT.toMillis(), prefix + ".cmd-results")) {
                results.add(json.readTree(record.value()));
            }
            assertThat(results).as("results of the sink's commands").hasSize(3)
                    .allSatisfy(result -> assertThat(result.path("success").asBoolean()).as(result.toString()).isTrue())
                    .extracting(result -> result.path("command").asText())
                    // two result partitions: no order across them (PackagedPluginIT checks the order on one)
                    .containsExactlyInAnyOrder("load-shared", "load-conn", "initiate");
            assertThat(pair.a().swanctl("--list-sas")).contains("ESTABLISHED");

            JsonNode up = json.readTree(kafka.consume(1, TIMEOUT.toMillis(), prefix + ".ike-updown").iterator().next().value());
            assertThat(up.path("up").asBoolean()).as(up.toString()).isTrue();
            assertThat(up.path("gateway").asText()).isEqualTo("a");
            assertThat(up.path("ike_sa").path("name").asText()).isEqualTo(TunnelConfig.CONNECTION);
            assertMetrics(worker, version, prefix);
            assertThat(worker.isAlive()).as("worker still running; log " + worker.log()).isTrue();
            assertThat(worker.logText()).doesNotContain("NoSuchMethodError").doesNotContain("NoClassDefFoundError")
                    .as("the PSK the sink loaded, in a log at debug").doesNotContain(pair.a().psk());
            // The source's gateway thread logs with the task's connector context, as the worker's threads do.
            assertThat(worker.logText()).containsPattern("\\[" + prefix + "-source\\|task-0\\] following gateway 'a' .*"
                    + "\\[vici-source-" + prefix + "-source-0-a\\]");
            // So does the sink's gateway thread (debug, the log4j layout ConnectWorkerProcess gives the worker).
            assertThat(worker.logText()).containsPattern("\\[" + prefix + "-sink\\|task-0\\] Executing 'initiate' .*\\[vici-sink-a\\]");
        } finally {
            terminateTunnel(pair);
        }
    }

    /**
     * The metrics, read over JMX from the worker process as an operator would: the connectors' own MBeans
     * ({@code kafka.connect.vici}) on every worker, and from 4.1 on also Connect's plugin metrics
     * ({@code kafka.connect:type=plugins}, KIP-877), which 3.9 and 4.0 do not have.
     */
    private static void assertMetrics(ConnectWorkerProcess worker, String version, String prefix) throws Exception {
        try (JMXConnector connector = worker.jmx()) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName sinkInitiate = new ObjectName("kafka.connect.vici:type=sink-task-metrics,connector=" + prefix
                    + "-sink,task=0,gateway=a,command=initiate");
            ObjectName source = new ObjectName("kafka.connect.vici:type=source-task-metrics,connector=" + prefix
                    + "-source,task=0,gateway=a");
            await("the sink's JMX metrics").atMost(TIMEOUT).untilAsserted(() -> {
                assertThat(server.getAttribute(sinkInitiate, "CommandsRun")).isEqualTo(1L);
                assertThat(server.getAttribute(sinkInitiate, "CommandsFailed")).isEqualTo(0L);
                assertThat((Long) server.getAttribute(source, "RecordsIkeUpdown")).isGreaterThanOrEqualTo(1L);
            });
            ObjectName plugins = new ObjectName("kafka.connect:type=plugins,connector=" + prefix + "-sink,*");
            if (hasPluginMetrics(version)) {
                ObjectName pluginInitiate = new ObjectName("kafka.connect:type=plugins,connector=" + prefix
                        + "-sink,task=0,gateway=a,command=initiate");
                ObjectName pluginSource = new ObjectName("kafka.connect:type=plugins,connector=" + prefix
                        + "-source,task=0,gateway=a");
                await("the sink's plugin metrics").atMost(TIMEOUT).untilAsserted(() -> {
                    assertThat(((Number) server.getAttribute(pluginInitiate, "commands-run")).longValue()).isEqualTo(1L);
                    assertThat(((Number) server.getAttribute(pluginInitiate, "commands-failed")).longValue()).isZero();
                    assertThat(((Number) server.getAttribute(pluginSource, "records-ike-updown")).longValue())
                            .isGreaterThanOrEqualTo(1L);
                });
            } else {
                assertThat(server.queryNames(plugins, null)).as("no plugin metrics before Kafka 4.1").isEmpty();
            }
        }
    }

    /** KIP-877's task plugin metrics came with Kafka 4.1. */
    static boolean hasPluginMetrics(String version) {
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        return major > 4 || (major == 4 && minor >= 1);
    }

    /** load-shared, load-conn and initiate for A as schemaless JSON records, on one topic, named by headers. */
    private void sendCommands(String topic, CharonPair pair) throws Exception {
        Map<String, Object> initiate = Map.of("child", TunnelConfig.CHILD, "ike", TunnelConfig.CONNECTION,
                "timeout", 20_000);
        List<Map.Entry<String, Object>> commands = List.of(
                Map.entry("load-shared", SinkFixture.json(TunnelConfig.loadShared(pair.a()))),
                Map.entry("load-conn", SinkFixture.namedShape(TunnelConfig.loadConn(pair.a()))),
                Map.entry("initiate", initiate));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, Object> command : commands) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, json.writeValueAsBytes(command.getValue()));
                record.headers().add("vici.command", command.getKey().getBytes(StandardCharsets.UTF_8));
                record.headers().add("vici.endpoint", "a".getBytes(StandardCharsets.UTF_8));
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** No SA left from an earlier version's run, so this version's source sees its own up event. */
    private static void terminateTunnel(CharonPair pair) {
        if (pair.a().swanctl("--list-sas").contains("ESTABLISHED")) {
            pair.a().swanctl("--terminate", "--ike", TunnelConfig.CONNECTION);
        }
        await("no SA left").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> !pair.a().swanctl("--list-sas").contains(TunnelConfig.CONNECTION + ": #")
                        && !pair.b().swanctl("--list-sas").contains(TunnelConfig.CONNECTION + ": #"));
    }

    /** The error messages of {@code PUT /connector-plugins/<class>/config/validate}, prefixed by their setting. */
    private List<String> validationErrors(ConnectWorkerProcess worker, String connectorClass, Map<String, String> config)
            throws Exception {
        String plugin = connectorClass.substring(connectorClass.lastIndexOf('.') + 1);
        Map<String, String> named = new HashMap<>(config);
        named.put("name", "validation-only");
        ConnectWorkerProcess.Response response = worker.put("/connector-plugins/" + plugin + "/config/validate",
                ConnectWorkerProcess.json(named));
        assertThat(response.status()).as("validate " + plugin + ": " + response.body()).isEqualTo(200);
        List<String> errors = new ArrayList<>();
        for (JsonNode field : json.readTree(response.body()).path("configs")) {
            for (JsonNode error : field.path("value").path("errors")) {
                errors.add(field.path("value").path("name").asText() + ": " + error.asText());
            }
        }
        return errors;
    }
}
