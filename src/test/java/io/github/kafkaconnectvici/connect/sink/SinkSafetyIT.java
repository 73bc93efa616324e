package io.github.kafkaconnectvici.connect.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kafkaconnectvici.connect.sink.records.Headers;
import io.github.kafkaconnectvici.connect.sink.runtime.ControlLogRedaction;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.testkit.charon.TunnelConfig;
import io.github.kafkaconnectvici.vici.codec.Message;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.ConnectorConfig;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a topic writer can make the sink do, against real charon daemons that load the updown
 * plugin (as Debian's do) and a real Connect cluster: no shell by default, no key material in
 * results, DLQ headers or the worker log at any log level, refusals that never fail a task nor run
 * again on restart, bounded numbers, and put() that never holds the consumer past
 * max.poll.interval.ms (60 s here) however long charon takes.
 */
@ExtendWith(CharonRigExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SinkSafetyIT {

    static final Duration WAIT = Duration.ofSeconds(120);
    static final String PSK = "Zq7-psk-MARKER-9f3e1a77w";
    static final String DLQ = "safety.dlq";

    static ConnectCluster cluster;
    static SinkFixture kafka;
    static CharonPair rig;

    @BeforeAll
    static void start(CharonPair pair) {
        rig = pair;
        pair.loadDefaultConfig();
        cluster = ConnectCluster.builder().workers(1)
                // Longer than three back-to-back initiates toward a silent peer would hold a blocking put().
                .workerProp("consumer.max.poll.interval.ms", "60000")
                .start();
        kafka = new SinkFixture(cluster);
        for (String topic : List.of("guarded.cmd.load-conn", "guarded.cmd.initiate", "guarded.cmd.terminate",
                "guarded.cmd.load-shared", "guarded.results", "optin.cmd.load-conn", "optin.cmd.initiate",
                "optin.cmd.terminate", "optin.results", "verbose.cmd.initiate", "verbose.cmd.terminate",
                "verbose.cmd.load-shared", "verbose.results", "minimal.cmd.initiate", "minimal.cmd.load-conn",
                "minimal.results", "slow.cmd.load-conn", "slow.cmd.initiate", "slow.results", DLQ)) {
            cluster.kafka().createTopic(topic, 1);
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
    }

    /** A JSON sink on {@code <prefix>.cmd.*} writing results to {@code <prefix>.results}. */
    static Map<String, String> sink(String prefix, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>();
        config.put(ConnectorConfig.CONNECTOR_CLASS_CONFIG, ViciSinkConnector.class.getName());
        config.put(ConnectorConfig.TASKS_MAX_CONFIG, "1");
        config.put(SinkConnectorConfig.TOPICS_REGEX_CONFIG, Pattern.quote(prefix + ".cmd.") + ".*");
        config.put(ViciSinkConfig.COMMAND_TOPIC_PREFIX, prefix + ".cmd.");
        config.put(ConnectorConfig.KEY_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.storage.StringConverter");
        config.put(ConnectorConfig.VALUE_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put(ViciSinkConfig.ENDPOINTS, "A=" + rig.a().viciUri() + ",B=" + rig.b().viciUri());
        config.put(ViciSinkConfig.RESULT_BOOTSTRAP_SERVERS, cluster.bootstrapServers());
        config.put(ViciSinkConfig.RESULT_TOPIC, prefix + ".results");
        config.putAll(extra);
        return config;
    }

    static Map<String, String> withDlq(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(extra);
        config.put(ConnectorConfig.ERRORS_TOLERANCE_CONFIG, "all");
        config.put(SinkConnectorConfig.DLQ_TOPIC_NAME_CONFIG, DLQ);
        config.put(SinkConnectorConfig.DLQ_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
        config.put(SinkConnectorConfig.DLQ_CONTEXT_HEADERS_ENABLE_CONFIG, "true");
        return config;
    }

    static void deploy(String name, Map<String, String> config) {
        cluster.connect().configureConnector(name, config);
        awaitRunning(name);
    }

    static void awaitRunning(String name) {
        try {
            cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, name + " is not running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode awaitResult(String prefix, String requestId) {
        return await("result of " + requestId).atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> kafka.results(prefix + ".results", requestId), list -> !list.isEmpty()).get(0);
    }

    static Map<String, String> on(CharonNode node, String requestId) {
        return Map.of(Headers.ENDPOINT, node.name(), Headers.REQUEST_ID, requestId);
    }

    static Map<String, Object> initiate(Map<String, Object> extra) {
        Map<String, Object> value = new LinkedHashMap<>(Map.of("child", TunnelConfig.CHILD, "ike", TunnelConfig.CONNECTION));
        value.putAll(extra);
        return value;
    }

    /** "ab" of A with children.net.updown set: the shell command writes `id` to {@code marker}. */
    static Map<String, Object> connWithUpdown(Path marker) {
        Map<String, Object> shape = SinkFixture.namedShape(TunnelConfig.loadConn(rig.a()));
        @SuppressWarnings("unchecked")
        Map<String, Object> net = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) shape.get("config"))
                .get("children")).get(TunnelConfig.CHILD);
        net.put("updown", "id > " + marker);
        return shape;
    }

    static void terminate(String prefix, String requestId) {
        kafka.send(prefix + ".cmd.terminate", Map.of("ike", TunnelConfig.CONNECTION), on(rig.a(), requestId));
        assertThat(awaitResult(prefix, requestId).path("success").asBoolean()).as(requestId).isTrue();
        await("no SA on A").atMost(WAIT).until(() -> !rig.a().swanctl("--list-sas").contains("ab: #"));
    }

    @Test
    @Order(1)
    void anUpdownRecordIsRefusedByDefaultAndRunsAsRootOnlyWhenTheOperatorAllowsIt() throws IOException {
        deploy("guarded", sink("guarded", withDlq(Map.of())));
        Path refusedMarker = rig.a().dir().resolve("updown-refused");

        kafka.send("guarded.cmd.load-conn", connWithUpdown(refusedMarker), on(rig.a(), "updown-1"));
        JsonNode refused = awaitResult("guarded", "updown-1");
        assertThat(refused.path("success").asBoolean()).isFalse();
        assertThat(refused.path("errmsg").asText()).contains("'ab.children.net.updown'")
                .contains("vici.keys.allowed=load-conn:updown").doesNotContain(refusedMarker.toString());
        kafka.send("guarded.cmd.initiate", initiate(Map.of()), on(rig.a(), "updown-up-1"));
        assertThat(awaitResult("guarded", "updown-up-1").path("success").asBoolean()).isTrue();
        terminate("guarded", "updown-down-1");
        assertThat(refusedMarker).doesNotExist();
        assertThat(rig.a().swanctl("--list-conns")).doesNotContain("updown");

        deploy("optin", sink("optin", Map.of(ViciSinkConfig.KEYS_ALLOWED, "load-conn:updown")));
        Path allowedMarker = rig.a().dir().resolve("updown-allowed");
        kafka.send("optin.cmd.load-conn", connWithUpdown(allowedMarker), on(rig.a(), "updown-2"));
        assertThat(awaitResult("optin", "updown-2").path("success").asBoolean()).isTrue();
        kafka.send("optin.cmd.initiate", initiate(Map.of()), on(rig.a(), "updown-up-2"));
        assertThat(awaitResult("optin", "updown-up-2").path("success").asBoolean()).isTrue();
        await("the updown command's marker").atMost(WAIT).until(() -> Files.exists(allowedMarker)
                && Files.readString(allowedMarker).contains("uid="));
        assertThat(Files.readString(allowedMarker)).startsWith("uid=0(root)");
        terminate("optin", "updown-down-2");
        // Back to the plain connection for the tests after this one.
        rig.a().swanctl("--load-all", "--file", rig.a().dir().resolve("swanctl.conf").toString());
        cluster.connect().deleteConnector("optin");
    }

    @Test
    @Order(2)
    void noKeyMaterialLeavesTheSinkAtLogLevelFour() throws IOException {
        kafka.send("guarded.cmd.initiate", initiate(Map.of("loglevel", 4)), on(rig.a(), "verbose-refused"));
        JsonNode refused = awaitResult("guarded", "verbose-refused");
        assertThat(refused.path("success").asBoolean()).isFalse();
        assertThat(refused.path("errmsg").asText()).contains("'loglevel' of initiate is 4, above the 1");
        assertThat(refused.path("control_log")).isEmpty();
        assertThat(rig.a().swanctl("--list-sas")).as("nothing was sent to charon").doesNotContain("ab: #");

        // Room for the whole level-4 log of an initiate (about 1,900 lines), so the key dumps are in it.
        deploy("verbose", sink("verbose", withDlq(Map.of(ViciSinkConfig.CONTROL_LOG_LEVEL_MAX, "4",
                ViciSinkConfig.CONTROL_LOG_MAX_LINES, "10000", ViciSinkConfig.CONTROL_LOG_MAX_BYTES, "1048576",
                ViciSinkConfig.COMMANDS_ALLOWED, "load-shared,initiate,terminate"))));
        for (CharonNode node : List.of(rig.a(), rig.b())) {
            Map<String, Object> shared = new LinkedHashMap<>();
            shared.put("id", TunnelConfig.SECRET_ID);
            shared.put("type", "IKE");
            shared.put("data", PSK);
            shared.put("owners", List.of(node.id(), node.peerId()));
            kafka.send("verbose.cmd.load-shared", shared, on(node, "verbose-psk-" + node.name()));
            assertThat(awaitResult("verbose", "verbose-psk-" + node.name()).path("success").asBoolean()).isTrue();
        }
        kafka.send("verbose.cmd.initiate", initiate(Map.of("loglevel", 4)), on(rig.a(), "verbose-up"));
        JsonNode up = awaitResult("verbose", "verbose-up");
        assertThat(up.path("success").asBoolean()).as("result %s", up.path("errmsg")).isTrue();
        String controlLog = up.path("control_log").toString();
        // charon did dump the keys at level 4; the sink kept the labels and dropped the bytes.
        assertThat(controlLog).contains("Sk_ei secret => ").contains(ControlLogRedaction.REDACTED);
        terminate("verbose", "verbose-down");

        List<String> texts = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.all("verbose.results", "guarded.results")) {
            texts.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        for (ConsumerRecord<byte[], byte[]> record : kafka.all(DLQ)) {
            record.headers().forEach(h -> texts.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8)));
        }
        texts.add(Files.readString(ViciSinkIT.logFile()));
        byte[] psk = PSK.getBytes(StandardCharsets.US_ASCII);
        for (String text : texts) {
            SecretScan.assertNoTrace(text, psk);
            assertThat(text).doesNotContainPattern("(?m)^\\s*\\d+: [0-9A-F]{2} [0-9A-F]{2} ")
                    .doesNotContainPattern("(?i)\\bS[Kk]_\\w+ secret => \\d+ bytes @");
        }
    }

    @Test
    @Order(3)
    void aMinimalSinkSurvivesRefusedCommandsAndItsRestartsDoNotRunThemAgain() {
        // Refused commands already waiting when the connector starts: charon's refusal, a refused key, a refused level.
        kafka.send("minimal.cmd.initiate", Map.of("child", "no-such-child"), on(rig.a(), "minimal-charon-no"));
        kafka.send("minimal.cmd.load-conn", connWithUpdown(rig.a().dir().resolve("never")), on(rig.a(), "minimal-key"));
        kafka.send("minimal.cmd.initiate", initiate(Map.of("loglevel", 3)), on(rig.a(), "minimal-level"));
        // The least a user configures: no errors.* settings, so Connect gives the task no errant record reporter.
        deploy("minimal", sink("minimal", Map.of()));
        List<String> refused = List.of("minimal-charon-no", "minimal-key", "minimal-level");
        for (String id : refused) {
            assertThat(awaitResult("minimal", id).path("success").asBoolean()).as(id).isFalse();
        }
        kafka.send("minimal.cmd.initiate", Map.of("child", "no-such-child"), on(rig.a(), "minimal-charon-no-2"));
        assertThat(awaitResult("minimal", "minimal-charon-no-2").path("success").asBoolean()).isFalse();
        awaitRunning("minimal");

        for (int restart = 1; restart <= 3; restart++) {
            cluster.connect().restartTask("minimal", 0);
            awaitRunning("minimal");
            // Records run in partition order: a probe after the restart ran, so any re-run before it has too.
            String probe = "minimal-probe-" + restart;
            kafka.send("minimal.cmd.load-conn", SinkFixture.namedShape(ViciSinkIT.renamed(TunnelConfig.loadConn(rig.a()),
                    probe)), on(rig.a(), probe));
            assertThat(awaitResult("minimal", probe).path("success").asBoolean()).as(probe).isTrue();
        }
        for (String id : List.of("minimal-charon-no", "minimal-key", "minimal-level", "minimal-charon-no-2")) {
            assertThat(kafka.results("minimal.results", id)).as("results of %s", id).hasSize(1);
        }
        ConnectorStateInfo status = cluster.connect().connectorStatus("minimal");
        assertThat(status.tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
        cluster.connect().deleteConnector("minimal");
    }

    @Test
    @Order(4)
    void anAbsurdTimeoutIsARefusedCommandNotAFailedTask() {
        kafka.send("guarded.cmd.initiate", initiate(Map.of("timeout", 10_000_000_000_000L)), on(rig.a(), "absurd"));
        JsonNode result = awaitResult("guarded", "absurd");
        assertThat(result.path("success").asBoolean()).isFalse();
        assertThat(result.path("errmsg").asText()).contains("'timeout' of initiate must be -1 (do not wait) or 1 to");
        await("the absurd timeout in the DLQ").atMost(WAIT).until(() -> kafka.all(DLQ).stream()
                .anyMatch(r -> "absurd".equals(SinkFixture.header(r, Headers.REQUEST_ID))));
        kafka.send("guarded.cmd.initiate", initiate(Map.of()), on(rig.a(), "after-absurd"));
        assertThat(awaitResult("guarded", "after-absurd").path("success").asBoolean()).isTrue();
        terminate("guarded", "after-absurd-down");
        awaitRunning("guarded");
    }

    @Test
    @Order(5)
    void initiatesTowardASilentPeerOutlastingMaxPollIntervalRunExactlyOnce() throws IOException {
        deploy("slow", sink("slow", Map.of(ViciSinkConfig.COMMANDS_ALLOWED, "load-conn,initiate")));
        // B has no IKE listener on 4511-4513: charon retransmits into silence until the initiate's timeout.
        // One connection (and port) per initiate: charon reuses a connecting IKE_SA of an equal configuration.
        List<String> ids = List.of("silent-1", "silent-2", "silent-3");
        for (String id : ids) {
            Map<String, Object> dead = SinkFixture.namedShape(ViciSinkIT.renamed(TunnelConfig.loadConn(rig.a()), id));
            @SuppressWarnings("unchecked")
            Map<String, Object> config = (Map<String, Object>) dead.get("config");
            config.put("remote_port", Integer.toString(4511 + ids.indexOf(id)));
            kafka.send("slow.cmd.load-conn", dead, on(rig.a(), id + "-conn"));
            assertThat(awaitResult("slow", id + "-conn").path("success").asBoolean()).isTrue();
        }
        for (String id : ids) {
            kafka.send("slow.cmd.initiate", Map.of("child", TunnelConfig.CHILD, "ike", id, "timeout", 22_000),
                    on(rig.a(), id));
        }
        for (String id : ids) {
            JsonNode result = await("result of " + id).atMost(Duration.ofSeconds(200)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> kafka.results("slow.results", id), list -> !list.isEmpty()).get(0);
            assertThat(result.path("success").asBoolean()).as(id).isFalse();
            assertThat(result.path("errmsg").asText()).as(id).contains("not established after 22000ms");
        }
        // Past the 66 s the three took, a blocking put() would have lost the group and run them again, before this.
        kafka.send("slow.cmd.load-conn", SinkFixture.namedShape(ViciSinkIT.renamed(TunnelConfig.loadConn(rig.a()),
                "after-silence")), on(rig.a(), "after-silence"));
        assertThat(awaitResult("slow", "after-silence").path("success").asBoolean()).isTrue();
        for (String id : ids) {
            assertThat(kafka.results("slow.results", id)).as("results of %s", id).hasSize(1);
            assertThat(countInLog(rig.a(), "initiating IKE_SA " + id + "[")).as("initiations of %s", id).isEqualTo(1);
        }
        awaitRunning("slow");
    }

    static long countInLog(CharonNode node, String text) throws IOException {
        try (var lines = Files.lines(node.log())) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }
}
