package io.github.kafkaconnectvici.connect.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.apicurio.registry.utils.converter.AvroConverter;
import io.apicurio.registry.utils.converter.avro.AvroData;
import io.github.kafkaconnectvici.connect.sink.records.CommandResults;
import io.github.kafkaconnectvici.connect.sink.records.Headers;
import io.github.kafkaconnectvici.connect.sink.records.SinkCommand;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.kafka.SchemaRegistry;
import io.github.kafkaconnectvici.testkit.charon.CharonDaemon;
import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.testkit.charon.TunnelConfig;
import io.github.kafkaconnectvici.vici.codec.Message;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.ConnectorConfig;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sink against two real charon daemons and a real Connect cluster: commands as JSON records
 * change the gateways, results and DLQ entries say what happened, a stopped charon delays commands
 * without losing or repeating them, and no secret leaks. One rig, one cluster, one connector for the
 * class; the tests build on each other in order (the tunnel of one is reused by the last).
 */
@ExtendWith(CharonRigExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ViciSinkIT {

    static final String CONNECTOR = "vici-sink";
    static final String RESULTS = "vici.cmd-results";
    static final String DLQ = "vici.cmd-dlq";
    static final String PROVISIONING = "provisioning";
    // The PSK the sink loads into both daemons; it must never show up in a log, result or DLQ header.
    static final String PSK = "sink-psk-MARKER-4e9b2d";
    static final Duration WAIT = Duration.ofSeconds(90);

    static final String AVRO_CONNECTOR = "vici-sink-avro";
    static final String AVRO_LOAD_CONN = "avro.cmd.load-conn";
    static final String AVRO_RESULTS = "avro.cmd-results";
    static final String TASK_TOPIC = "task.provisioning";
    static final String TASK_RESULTS = "task.cmd-results";

    static ConnectCluster cluster;
    static SchemaRegistry registry;
    static SinkFixture kafka;
    static CharonPair rig;

    @BeforeAll
    static void start(CharonPair pair) {
        rig = pair;
        registry = SchemaRegistry.start();
        cluster = ConnectCluster.start(1);
        kafka = new SinkFixture(cluster);
        for (String topic : List.of("vici.cmd.load-conn", "vici.cmd.load-shared", "vici.cmd.initiate",
                "vici.cmd.terminate", "vici.cmd.unload-conn", PROVISIONING, RESULTS, DLQ, AVRO_LOAD_CONN, AVRO_RESULTS,
                TASK_RESULTS)) {
            cluster.kafka().createTopic(topic, 1);
        }
        cluster.connect().configureConnector(CONNECTOR, connectorConfig());
        cluster.connect().configureConnector(AVRO_CONNECTOR, avroConnectorConfig());
        awaitRunning(CONNECTOR);
        awaitRunning(AVRO_CONNECTOR);
    }

    /** Avro commands in, Avro results out, both through the real registry; one command topic. */
    static Map<String, String> avroConnectorConfig() {
        Map<String, String> config = new HashMap<>();
        config.put(ConnectorConfig.CONNECTOR_CLASS_CONFIG, ViciSinkConnector.class.getName());
        config.put(ConnectorConfig.TASKS_MAX_CONFIG, "1");
        config.put(SinkConnectorConfig.TOPICS_CONFIG, AVRO_LOAD_CONN);
        config.put(ViciSinkConfig.COMMAND_TOPIC_PREFIX, "avro.cmd.");
        config.put(ConnectorConfig.KEY_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.storage.StringConverter");
        config.putAll(registry.converterConfig("value.converter."));
        config.put(ViciSinkConfig.ENDPOINTS, "A=" + rig.a().viciUri() + ",B=" + rig.b().viciUri());
        config.put(ViciSinkConfig.RESULT_BOOTSTRAP_SERVERS, cluster.bootstrapServers());
        config.put(ViciSinkConfig.RESULT_TOPIC, AVRO_RESULTS);
        config.putAll(registry.converterConfig(ViciSinkConfig.RESULT_VALUE_CONVERTER_PREFIX));
        return config;
    }

    static Map<String, String> connectorConfig() {
        Map<String, String> config = new HashMap<>();
        config.put(ConnectorConfig.CONNECTOR_CLASS_CONFIG, ViciSinkConnector.class.getName());
        config.put(ConnectorConfig.TASKS_MAX_CONFIG, "1");
        config.put(SinkConnectorConfig.TOPICS_REGEX_CONFIG, "vici\\.cmd\\..*|" + PROVISIONING);
        config.put(ConnectorConfig.KEY_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.storage.StringConverter");
        config.put(ConnectorConfig.VALUE_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put(ViciSinkConfig.ENDPOINTS, "A=" + rig.a().viciUri() + ",B=" + rig.b().viciUri());
        config.put(ViciSinkConfig.COMMANDS_ALLOWED, "load-conn,unload-conn,initiate,terminate,load-shared");
        config.put(ViciSinkConfig.RESULT_BOOTSTRAP_SERVERS, cluster.bootstrapServers());
        config.put(ViciSinkConfig.RETRY_BACKOFF, "1000");
        config.put(ViciSinkConfig.INITIATE_TIMEOUT, "20000");
        config.put(ConnectorConfig.ERRORS_TOLERANCE_CONFIG, "all");
        config.put(SinkConnectorConfig.DLQ_TOPIC_NAME_CONFIG, DLQ);
        config.put(SinkConnectorConfig.DLQ_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
        config.put(SinkConnectorConfig.DLQ_CONTEXT_HEADERS_ENABLE_CONFIG, "true");
        return config;
    }

    static void awaitRunning(String connector) {
        try {
            cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(connector, 1,
                    connector + " is not running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    @Order(1)
    void aJsonLoadConnRecordShowsUpInListConns() {
        Message conn = renamed(TunnelConfig.loadConn(rig.a()), "sink-json");
        kafka.send("vici.cmd.load-conn", SinkFixture.namedShape(conn),
                Map.of(Headers.ENDPOINT, "A", Headers.REQUEST_ID, "json-1"));

        JsonNode result = awaitResult("json-1");
        assertThat(result.path("success").asBoolean()).as("result %s", result).isTrue();
        assertThat(result.path("gateway").asText()).isEqualTo("A");
        assertThat(result.path("command").asText()).isEqualTo("load-conn");
        assertThat(result.path("reply").path("success").asText()).isEqualTo("yes");
        assertThat(result.path("end_time").asLong()).isGreaterThanOrEqualTo(result.path("start_time").asLong());
        assertThat(rig.a().swanctl("--list-conns")).contains("sink-json:");
        assertThat(rig.b().swanctl("--list-conns")).doesNotContain("sink-json");
    }

    @Test
    @Order(2)
    void anAvroLoadConnRecordThroughTheRegistryShowsUpInListConnsAndGetsAnAvroResult() throws IOException {
        org.apache.avro.Schema schema = SinkSchemasTest.avroSchema(SinkCommand.LOAD_CONN);
        Message conn = TunnelConfig.loadConn(rig.a());
        GenericRecord value = AvroRecords.namedShape(schema, "sink-avro", conn.section(TunnelConfig.CONNECTION).orElseThrow());
        SchemaAndValue connect = new AvroData(10).toConnectData(schema, value);
        AvroConverter writer = new AvroConverter();
        writer.configure(registry.converterConfig(""), false);
        kafka.sendBytes(AVRO_LOAD_CONN, writer.fromConnectData(AVRO_LOAD_CONN, connect.schema(), connect.value()),
                Map.of(Headers.ENDPOINT, "A", Headers.REQUEST_ID, "avro-1"));

        await("sink-avro in list-conns on A").atMost(WAIT).until(() -> rig.a().swanctl("--list-conns").contains("sink-avro:"));
        String listed = connection(rig.a().swanctl("--list-conns"), "sink-avro");
        assertThat(listed).contains("local:  10.99.0.1").contains("remote: 10.99.0.2").contains("net: TUNNEL")
                .contains("local:  10.98.1.0/24").contains("remote: 10.98.2.0/24");

        AvroConverter reader = new AvroConverter();
        reader.configure(registry.converterConfig(""), false);
        Struct result = await("the Avro result of avro-1").atMost(WAIT).until(() -> kafka.all(AVRO_RESULTS).stream()
                .map(r -> (Struct) reader.toConnectData(AVRO_RESULTS, r.value()).value())
                .filter(r -> r.getString("request_id").equals("avro-1")).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(result.schema().name()).isEqualTo(CommandResults.SCHEMA_NAME);
        assertThat(result.getBoolean("success")).as("result %s", result).isTrue();
        assertThat(result.getString("command")).isEqualTo("load-conn");
        assertThat(result.get("start_time")).isInstanceOf(java.util.Date.class);
    }

    @Test
    @Order(3)
    void loadSharedAndInitiateBringTheTunnelUpAndTerminateTakesItDown() {
        for (CharonNode node : List.of(rig.a(), rig.b())) {
            Map<String, String> headers = Map.of(Headers.ENDPOINT, node.name());
            kafka.send("vici.cmd.load-conn", SinkFixture.namedShape(TunnelConfig.loadConn(node)),
                    with(headers, "conn-" + node.name()));
            kafka.send("vici.cmd.load-shared", sharedKey(node, "IKE"), with(headers, "psk-" + node.name()));
        }
        for (String id : List.of("conn-A", "conn-B", "psk-A", "psk-B")) {
            assertThat(awaitResult(id).path("success").asBoolean()).as(id).isTrue();
        }

        kafka.send("vici.cmd.initiate", Map.of("child", TunnelConfig.CHILD, "ike", TunnelConfig.CONNECTION),
                Map.of(Headers.ENDPOINT, "A", Headers.REQUEST_ID, "up-1"));
        JsonNode up = awaitResult("up-1");
        assertThat(up.path("success").asBoolean()).as("result %s", up).isTrue();
        assertThat(up.path("control_log")).isNotEmpty();
        assertThat(up.path("control_log").toString()).contains("initiating IKE_SA ab").contains("CHILD_SA net");
        for (CharonNode node : List.of(rig.a(), rig.b())) {
            String sas = node.swanctl("--list-sas");
            assertThat(sas).as("list-sas on %s", node.name()).contains("ab: #").contains("ESTABLISHED")
                    .contains("net: #").contains("INSTALLED");
        }

        kafka.send("vici.cmd.terminate", Map.of("ike", TunnelConfig.CONNECTION),
                Map.of(Headers.ENDPOINT, "A", Headers.REQUEST_ID, "down-1"));
        JsonNode down = awaitResult("down-1");
        assertThat(down.path("success").asBoolean()).as("result %s", down).isTrue();
        assertThat(down.path("control_log").toString()).contains("deleting IKE_SA ab");
        for (CharonNode node : List.of(rig.a(), rig.b())) {
            await("no SA on " + node.name()).atMost(WAIT)
                    .until(() -> !node.swanctl("--list-sas").contains("ab: #"));
        }
    }

    @Test
    @Order(4)
    void badRecordsGoToTheDlqWithReasonsAndLaterGoodOnesStillRun() {
        kafka.sendBytes(PROVISIONING, "[\"not\", \"an\", \"object\"]".getBytes(StandardCharsets.UTF_8),
                Map.of(Headers.COMMAND, "load-conn", Headers.ENDPOINT, "A", Headers.REQUEST_ID, "bad-malformed"));
        kafka.send(PROVISIONING, Map.of(), Map.of(Headers.COMMAND, "reset-counters", Headers.ENDPOINT, "A",
                Headers.REQUEST_ID, "bad-disallowed"));
        kafka.send(PROVISIONING, Map.of("name", "x"), Map.of(Headers.COMMAND, "frobnicate", Headers.ENDPOINT, "A",
                Headers.REQUEST_ID, "bad-unknown"));
        kafka.send(PROVISIONING, Map.of("name", "ab"), Map.of(Headers.COMMAND, "unload-conn", Headers.ENDPOINT, "C",
                Headers.REQUEST_ID, "bad-gateway"));
        kafka.send(PROVISIONING, Map.of("child", "no-such-child"), Map.of(Headers.COMMAND, "initiate",
                Headers.ENDPOINT, "A", Headers.REQUEST_ID, "bad-failing"));
        kafka.send(PROVISIONING, sharedKey(rig.a(), "NO-SUCH-TYPE"), Map.of(Headers.COMMAND, "load-shared",
                Headers.ENDPOINT, "A", Headers.REQUEST_ID, "bad-shared"));
        Message after = renamed(TunnelConfig.loadConn(rig.a()), "after-bad");
        kafka.send(PROVISIONING, SinkFixture.namedShape(after), Map.of(Headers.COMMAND, "load-conn",
                Headers.ENDPOINT, "A", Headers.REQUEST_ID, "good-after"));

        assertThat(awaitResult("good-after").path("success").asBoolean()).isTrue();
        assertThat(rig.a().swanctl("--list-conns")).contains("after-bad:");

        Map<String, String> reasons = new LinkedHashMap<>();
        await("six DLQ entries").atMost(WAIT).until(() -> {
            reasons.clear();
            for (ConsumerRecord<byte[], byte[]> record : kafka.all(DLQ)) {
                String id = SinkFixture.header(record, Headers.REQUEST_ID);
                if (id != null && id.startsWith("bad-")) {
                    reasons.put(id, SinkFixture.header(record, "__connect.errors.exception.message"));
                }
            }
            return reasons.size() == 6;
        });
        assertThat(reasons.get("bad-malformed")).contains("must be a struct or a map");
        assertThat(reasons.get("bad-disallowed")).contains("'reset-counters' is not allowed");
        assertThat(reasons.get("bad-unknown")).contains("unknown command 'frobnicate'");
        assertThat(reasons.get("bad-gateway")).contains("unknown gateway 'C'");
        assertThat(reasons.get("bad-failing")).contains("'initiate' failed");
        assertThat(reasons.get("bad-shared")).contains("'load-shared' failed");

        for (String id : reasons.keySet()) {
            JsonNode result = awaitResult(id);
            assertThat(result.path("success").asBoolean()).as(id).isFalse();
            assertThat(result.path("errmsg").asText()).as(id).isEqualTo(reasons.get(id));
        }
        assertThat(awaitResult("bad-disallowed").path("command").asText()).isEqualTo("reset-counters");
        assertThat(awaitResult("bad-failing").path("reply").path("success").asText()).isEqualTo("no");
    }

    @Test
    @Order(5)
    void commandsWaitingForAStoppedCharonRunOnceItIsBack() throws IOException {
        long warned = countLogLines("Gateway 'A' unreachable");
        rig.a().stop();
        Map<String, String> onA = Map.of(Headers.ENDPOINT, "A");
        kafka.send(PROVISIONING, sharedKey(rig.a(), "IKE"), with(with(onA, "restart-psk"), Headers.COMMAND, "load-shared"));
        kafka.send(PROVISIONING, SinkFixture.namedShape(TunnelConfig.loadConn(rig.a())),
                with(with(onA, "restart-conn"), Headers.COMMAND, "load-conn"));
        kafka.send(PROVISIONING, Map.of("child", TunnelConfig.CHILD, "ike", TunnelConfig.CONNECTION),
                with(with(onA, "restart-up"), Headers.COMMAND, "initiate"));

        await("the sink meeting the stopped charon").atMost(WAIT)
                .until(() -> countLogLines("Gateway 'A' unreachable") >= warned + 2);
        assertThat(kafka.results(RESULTS).stream().map(r -> r.path("request_id").asText()))
                .noneMatch(id -> id.startsWith("restart-"));
        awaitRunning(CONNECTOR);

        rig.a().start();
        for (String id : List.of("restart-psk", "restart-conn", "restart-up")) {
            assertThat(awaitResult(id).path("success").asBoolean()).as(id).isTrue();
        }
        String sas = rig.a().swanctl("--list-sas");
        assertThat(count(sas, "(?m)^ab: #")).as("IKE_SAs 'ab' on A (one initiate)\n%s", sas).isEqualTo(1);
        assertThat(count(sas, "(?m)^\\s+net: #")).as("CHILD_SAs 'net' on A\n%s", sas).isEqualTo(1);
        for (String id : List.of("restart-psk", "restart-conn", "restart-up")) {
            assertThat(kafka.results(RESULTS, id)).as("results of %s", id).hasSize(1);
        }
    }

    /**
     * The task driven directly: gateway B stopped, a batch for A, B and A again. put() returns at once;
     * A's commands run once while B's waits, offsets commit past a record only once it ran and its
     * result is in Kafka, and B's command runs once charon is back, without a redelivery.
     */
    @Test
    @Order(6)
    void whileOneGatewayIsDownItsCommandsWaitOthersRunAndOffsetsCommitOnlyPastWhatRan() {
        rig.b().stop();
        Map<String, String> props = connectorConfig();
        props.put(ViciSinkConfig.RESULT_TOPIC, TASK_RESULTS);
        RecordingContext context = new RecordingContext(props);
        ViciSinkTask task = new ViciSinkTask();
        task.initialize(context);
        task.start(props);
        try {
            List<SinkRecord> batch = List.of(taskRecord(0, rig.a(), "batch-a1"), taskRecord(1, rig.b(), "batch-b1"),
                    taskRecord(2, rig.a(), "batch-a2"));
            TopicPartition partition = new TopicPartition(TASK_TOPIC, 0);
            Map<TopicPartition, OffsetAndMetadata> consumed = Map.of(partition, new OffsetAndMetadata(3));

            task.put(batch);
            await("A's two commands").atMost(WAIT).until(() -> rig.a().swanctl("--list-conns").contains("batch-a2:"));
            assertThat(rig.a().swanctl("--list-conns")).contains("batch-a1:");
            await("A's results acknowledged").atMost(WAIT)
                    .until(() -> kafka.results(TASK_RESULTS, "batch-a2").size() == 1);
            await("the commit held at B's command").atMost(WAIT)
                    .until(() -> task.preCommit(consumed).get(partition), new OffsetAndMetadata(1)::equals);

            rig.b().start();
            await("B's command, run by its gateway thread once charon answers").atMost(WAIT)
                    .until(() -> task.preCommit(consumed).get(partition), new OffsetAndMetadata(3)::equals);
            assertThat(rig.b().swanctl("--list-conns")).contains("batch-b1:");
            assertThat(context.errant).isEmpty();
        } finally {
            task.stop();
        }
        for (String id : List.of("batch-a1", "batch-b1", "batch-a2")) {
            List<JsonNode> results = kafka.results(TASK_RESULTS, id);
            assertThat(results).as("results of %s", id).hasSize(1);
            assertThat(results.get(0).path("success").asBoolean()).as(id).isTrue();
        }
    }

    static SinkRecord taskRecord(long offset, CharonNode node, String name) {
        SinkRecord record = new SinkRecord(TASK_TOPIC, 0, null, null, null,
                SinkFixture.namedShape(renamed(TunnelConfig.loadConn(node), name)), offset);
        record.headers().addString(Headers.COMMAND, "load-conn").addString(Headers.ENDPOINT, node.name())
                .addString(Headers.REQUEST_ID, name);
        return record;
    }

    @Test
    @Order(7)
    void noSecretInTheLogTheResultsOrWhatTheSinkAddedToTheDlq() throws IOException {
        List<String> secrets = List.of(PSK, rig.a().psk());
        String log = Files.readString(logFile());
        assertThat(log).contains("Gateway 'A' unreachable");
        for (String secret : secrets) {
            assertThat(log).doesNotContain(secret);
            SecretScan.assertNoTrace(log, secret.getBytes(StandardCharsets.UTF_8));
        }
        for (ConsumerRecord<byte[], byte[]> record : kafka.all(RESULTS, AVRO_RESULTS, TASK_RESULTS)) {
            String text = new String(record.value(), StandardCharsets.UTF_8);
            secrets.forEach(s -> assertThat(text).doesNotContain(s));
            secrets.forEach(s -> SecretScan.assertNoTrace(text, s.getBytes(StandardCharsets.UTF_8)));
        }
        List<ConsumerRecord<byte[], byte[]>> dlq = kafka.all(DLQ);
        assertThat(dlq).hasSize(6);
        for (ConsumerRecord<byte[], byte[]> record : dlq) {
            for (var header : record.headers()) {
                String text = new String(header.value(), StandardCharsets.UTF_8);
                secrets.forEach(s -> assertThat(text).as("DLQ header %s", header.key()).doesNotContain(s));
                secrets.forEach(s -> SecretScan.assertNoTrace(text, s.getBytes(StandardCharsets.UTF_8)));
            }
        }
        // The DLQ value is the user's own record, unchanged: a failed load-shared carries its key there.
        assertThat(dlq).anySatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains(PSK));
    }

    @Test
    @Order(8)
    void strongswan6LoadConnKeysThroughTheAvroSchemaLoadOn6xAndAreRefusedBy59() throws IOException {
        org.apache.avro.Schema schema = SinkSchemasTest.avroSchema(SinkCommand.LOAD_CONN);
        Message base = TunnelConfig.loadConn(rig.b()).section(TunnelConfig.CONNECTION).orElseThrow();
        Message child = base.section("children").flatMap(c -> c.section(TunnelConfig.CHILD)).orElseThrow()
                .toBuilder().put("icmp", "yes").build();
        Message.Builder conn = Message.builder();
        base.entries().forEach((key, node) -> conn.put(key, key.equals("children")
                ? Message.builder().section(TunnelConfig.CHILD, child).build() : node));
        conn.put("ocsp", "both");
        GenericRecord value = AvroRecords.namedShape(schema, "sink-six", conn.build());
        assertThat(value.toString()).contains("\"ocsp\": \"both\"").contains("\"icmp\": true");
        SchemaAndValue connect = new AvroData(10).toConnectData(schema, value);
        AvroConverter writer = new AvroConverter();
        writer.configure(registry.converterConfig(""), false);
        kafka.sendBytes(AVRO_LOAD_CONN, writer.fromConnectData(AVRO_LOAD_CONN, connect.schema(), connect.value()),
                Map.of(Headers.ENDPOINT, "B", Headers.REQUEST_ID, "avro-six"));

        AvroConverter reader = new AvroConverter();
        reader.configure(registry.converterConfig(""), false);
        Struct result = await("the Avro result of avro-six").atMost(WAIT).until(() -> kafka.all(AVRO_RESULTS).stream()
                .map(r -> (Struct) reader.toConnectData(AVRO_RESULTS, r.value()).value())
                .filter(r -> r.getString("request_id").equals("avro-six")).findFirst(), Optional::isPresent).orElseThrow();
        if (rig.b().daemon() == CharonDaemon.STRONGSWAN_5) {
            assertThat(result.getBoolean("success")).as("result %s", result).isFalse();
            assertThat(result.getString("errmsg")).as("result %s", result).contains("ocsp");
            assertThat(rig.b().swanctl("--list-conns")).doesNotContain("sink-six");
        } else {
            assertThat(result.getBoolean("success")).as("result %s", result).isTrue();
            assertThat(connection(rig.b().swanctl("--list-conns"), "sink-six")).contains("net: TUNNEL");
        }
    }

    static JsonNode awaitResult(String requestId) {
        return await("result of " + requestId).atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> kafka.results(RESULTS, requestId), list -> !list.isEmpty()).get(0);
    }

    static Map<String, Object> sharedKey(CharonNode node, String type) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", TunnelConfig.SECRET_ID);
        value.put("type", type);
        value.put("data", PSK);
        value.put("owners", List.of(node.id(), node.peerId()));
        return value;
    }

    static Message renamed(Message loadConn, String name) {
        String old = loadConn.keys().iterator().next();
        return Message.builder().section(name, loadConn.section(old).orElseThrow()).build();
    }

    static Map<String, String> with(Map<String, String> headers, String requestId) {
        return with(headers, Headers.REQUEST_ID, requestId);
    }

    static Map<String, String> with(Map<String, String> headers, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(key, value);
        return copy;
    }

    /** One connection's block of swanctl --list-conns: its line and the indented ones after it. */
    static String connection(String listConns, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + ":.*(\\n[ \\t].*)*").matcher(listConns);
        assertThat(m.find()).as("%s in\n%s", name, listConns).isTrue();
        return m.group();
    }

    static Path logFile() {
        return Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/it-client.log"));
    }

    static long countLogLines(String text) throws IOException {
        try (var lines = Files.lines(logFile())) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }

    static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
