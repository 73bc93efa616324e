package io.github.kafkaconnectvici.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.apicurio.registry.utils.converter.AvroConverter;
import io.apicurio.registry.utils.converter.avro.AvroData;
import io.github.kafkaconnectvici.connect.sink.AvroRecords;
import io.github.kafkaconnectvici.testkit.kafka.SchemaRegistry;
import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.testkit.charon.TunnelConfig;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged plugin, not the build's classes, in a real Connect worker: a standalone worker in a JVM
 * of its own whose class path has Kafka and Connect but nothing this build produced, with
 * {@code plugin.path=target/plugin} and {@code plugin.discovery=service_load}. Both connectors run
 * from it against a real charon, with Apicurio's AvroConverter and a real registry: the sink executes
 * Avro load-shared, load-conn and initiate records of the canonical schemas and writes Avro results
 * through its own result converter, and the source writes the tunnel's up event as Avro.
 */
@ExtendWith(CharonRigExtension.class)
class PackagedPluginIT {

    private static final String SOURCE = "io.github.kafkaconnectvici.connect.source.ViciSourceConnector";
    private static final String SINK = "io.github.kafkaconnectvici.connect.sink.ViciSinkConnector";
    private static final String COMMANDS = "gateway-commands";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static final String RESULTS = "gw.cmd-results";
    private static final AvroData AVRO_DATA = new AvroData(10);
    private static final Map<String, String> COMMAND_NAMES = Map.of(
            "LoadShared", "load-shared", "LoadConn", "load-conn", "Initiate", "initiate");

    private static EmbeddedKafkaCluster kafka;
    private static SchemaRegistry registry;

    @BeforeAll
    static void startBrokerAndRegistry() throws Exception {
        CompletableFuture<SchemaRegistry> registryStart = CompletableFuture.supplyAsync(SchemaRegistry::start);
        kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        registry = registryStart.get(5, TimeUnit.MINUTES);
    }

    @AfterAll
    static void stopBrokerAndRegistry() {
        if (kafka != null) {
            kafka.stop();
        }
        if (registry != null) {
            registry.close();
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
    void bothConnectorsRunFromThePackagedPluginWithAvroThroughTheRegistryAgainstRealCharon(CharonPair pair) throws Exception {
        // Under target/, not a temporary directory: the worker's log stays for a look after a failure.
        Path dir = Files.createDirectories(Path.of("target", "packaged-plugin-it").toAbsolutePath());
        pair.b().swanctl("--load-all");
        // Apicurio's AvroConverter is on the worker's class path, not in the plugin: that is how users
        // install converters. The worker's converters and the sink's result converter, which the sink
        // loads by name from inside the plugin's class loader, both have to find it there.
        Map<String, String> converters = new HashMap<>(registry.converterConfig("key.converter."));
        converters.putAll(registry.converterConfig("value.converter."));
        try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(kafka.bootstrapServers(), PackagedPlugin.pluginPath(),
                converters, dir)) {
            JsonNode plugins = worker.awaitPlugins();
            assertThat(ConnectWorkerProcess.versionOf(plugins, SOURCE)).as("the jar's Implementation-Version: loaded from the packaged jar")
                    .isEqualTo(PackagedPlugin.version());
            assertThat(ConnectWorkerProcess.versionOf(plugins, SINK)).isEqualTo(PackagedPlugin.version());
            assertThat(worker.logText()).contains("Loading plugin from: "
                    + PackagedPlugin.pluginPath().resolve(PackagedPlugin.NAME));

            kafka.createTopic(COMMANDS);
            kafka.createTopic(RESULTS);
            String gateway = "a=" + pair.a().viciUri();
            // The broker creates no topics by itself: the source's come from Connect's topic creation,
            // the sink's command and result topics are created here, as an operator would.
            // Both connectors use the worker's Avro converters (the sink's keys are gateway names as text).
            worker.configure("vici-source", Map.of("connector.class", SOURCE, "tasks.max", "1",
                    "vici.endpoints", gateway, "topic.prefix", "gw",
                    "topic.creation.default.partitions", "1", "topic.creation.default.replication.factor", "1"));
            Map<String, String> sink = new HashMap<>(Map.of("connector.class", SINK, "tasks.max", "1",
                    "topics", COMMANDS, "vici.endpoints", gateway, "topic.prefix", "gw",
                    "vici.commands.allowed", "load-conn,load-shared,initiate",
                    "result.bootstrap.servers", kafka.bootstrapServers(),
                    "key.converter", "org.apache.kafka.connect.storage.StringConverter"));
            sink.putAll(registry.converterConfig("result.value.converter."));
            worker.configure("vici-sink", sink);
            worker.awaitRunning("vici-source");
            worker.awaitRunning("vici-sink");

            sendAvroCommands(pair.a());

            await("the sink's initiate established the tunnel").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(pair.a().swanctl("--list-sas")).contains("ESTABLISHED"));
            List<Struct> results = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : kafka.consume(3, TIMEOUT.toMillis(), RESULTS)) {
                assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain(pair.a().psk());
                results.add((Struct) avroConverter(false).toConnectData(RESULTS, record.value()).value());
            }
            assertThat(results).as("Avro results, in command order").hasSize(3).allSatisfy(result -> {
                assertThat(result.schema().name()).isEqualTo("io.github.kafkaconnectvici.sink.CommandResult");
                assertThat(result.getBoolean("success")).as(result.toString()).isTrue();
                assertThat(result.getString("gateway")).isEqualTo("a");
                assertThat(result.toString()).doesNotContain(pair.a().psk());
            }).extracting(result -> result.getString("command")).containsExactly("load-shared", "load-conn", "initiate");

            Struct up = awaitUp("gw.ike-updown");
            assertThat(up.schema().name()).isEqualTo("io.github.kafkaconnectvici.source.IkeUpdown");
            assertThat(up.getString("gateway")).isEqualTo("a");
            assertThat(up.getStruct("ike_sa").getString("name")).isEqualTo(TunnelConfig.CONNECTION);
            assertThat(worker.isAlive()).as("worker still running; log: " + worker.log()).isTrue();
        }
    }

    /** load-shared, load-conn and initiate on one topic (headers name each command), as records of the canonical schemas. */
    private void sendAvroCommands(CharonNode node) throws Exception {
        // One topic, three record types: each type is its own artifact (Confluent's RecordNameStrategy), not
        // successive versions of <topic>-value that a compatibility rule would reject.
        Map<String, String> config = new HashMap<>(registry.converterConfig(""));
        config.put("apicurio.registry.artifact-resolver-strategy", "io.apicurio.registry.serde.avro.strategy.RecordIdStrategy");
        AvroConverter writer = new AvroConverter();
        writer.configure(config, false);
        List<GenericRecord> commands = List.of(
                AvroRecords.record(sinkSchema("load-shared"), TunnelConfig.loadShared(node)),
                AvroRecords.namedShape(sinkSchema("load-conn"), TunnelConfig.CONNECTION,
                        TunnelConfig.loadConn(node).section(TunnelConfig.CONNECTION).orElseThrow()),
                AvroRecords.record(sinkSchema("initiate"), Message.builder().put("child", TunnelConfig.CHILD)
                        .put("ike", TunnelConfig.CONNECTION).put("timeout", 20_000).build()));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (GenericRecord command : commands) {
                SchemaAndValue value = AVRO_DATA.toConnectData(command.getSchema(), command);
                String name = COMMAND_NAMES.get(command.getSchema().getName());
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(COMMANDS, "a".getBytes(StandardCharsets.UTF_8),
                        writer.fromConnectData(COMMANDS, value.schema(), value.value()));
                record.headers().add("vici.command", name.getBytes(StandardCharsets.UTF_8));
                record.headers().add("vici.endpoint", "a".getBytes(StandardCharsets.UTF_8));
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The first up event of the source's ike-updown topic, read back through the registry. */
    private Struct awaitUp(String topic) {
        Converter keys = avroConverter(true);
        Converter values = avroConverter(false);
        List<Struct> seen = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.consume(1, TIMEOUT.toMillis(), topic)) {
            Struct key = (Struct) keys.toConnectData(topic, record.key()).value();
            assertThat(key.getString("gateway")).isEqualTo("a");
            seen.add((Struct) values.toConnectData(topic, record.value()).value());
        }
        return seen.stream().filter(event -> event.getBoolean("up")).findFirst()
                .orElseThrow(() -> new AssertionError("no up event in " + seen));
    }

    private static org.apache.avro.Schema sinkSchema(String command) throws IOException {
        return new org.apache.avro.Schema.Parser().parse(Files.readString(Path.of("schemas", "sink", command + ".avsc")));
    }

    private static Converter avroConverter(boolean isKey) {
        AvroConverter converter = new AvroConverter();
        converter.configure(registry.converterConfig(""), isKey);
        return converter;
    }
}
