package io.github.kafkaconnectvici.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.connect.source.ViciSourceConfig;
import io.github.kafkaconnectvici.connect.source.JsonSourceConfig;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked SIEM example, examples/siem-ecs/EcsConsumer.java, run as a user runs it (the JDK's
 * source launcher, a separate JVM) against the records the source connector wrote from real charon:
 * a tunnel up, traffic, down. Its ECS documents must carry what the records say.
 */
@ExtendWith(CharonRigExtension.class)
class SiemExampleIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "siem";

    private static ConnectCluster cluster;
    private static CharonPair rig;

    @BeforeAll
    static void start(CharonPair pair) throws InterruptedException {
        rig = pair;
        rig.loadDefaultConfig();
        cluster = ConnectCluster.start(1);
        // No heartbeats (the default here): the example exits once no record came for a while.
        Map<String, String> config = JsonSourceConfig.of(PREFIX, "a=" + rig.a().viciUri());
        config.put(ViciSourceConfig.EVENTS, "ike-updown,child-updown,ike-rekey,child-rekey");
        config.put(ViciSourceConfig.SA_STATE_ENABLED, "true");
        config.put(ViciSourceConfig.SESSIONS_ENABLED, "true");
        config.put(ViciSourceConfig.INVENTORY_INTERVAL_MS, "600000");
        cluster.connect().configureConnector(PREFIX, config);
        cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(PREFIX, 1, "connector did not start");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theExampleTurnsRealRecordsIntoEcsDocuments(@TempDir Path dir) throws Exception {
        await().atMost(WAIT).until(() -> values(PREFIX + ".status").stream()
                .anyMatch(s -> s.path("kind").asText().equals("INVENTORY_COMPLETED")));
        rig.a().swanctl("--initiate", "--child", "net");
        rig.a().sendUdp(rig.b().innerAddress(), 4);
        await().atMost(WAIT).until(() -> rig.a().swanctl("--list-sas").contains("4 packets"));
        rig.a().swanctl("--terminate", "--ike", "ab");
        JsonNode session = await().atMost(WAIT).until(() -> values(PREFIX + ".sessions"), s -> !s.isEmpty()).get(0);

        List<JsonNode> docs = runExample(dir);

        JsonNode up = only(docs, "ike-sa-up");
        assertThat(up.path("event").path("kind").asText()).isEqualTo("event");
        assertThat(up.path("event").path("type").get(0).asText()).isEqualTo("start");
        assertThat(up.path("source").path("ip").asText()).isEqualTo(rig.a().peerAddress());
        assertThat(up.path("destination").path("ip").asText()).isEqualTo(rig.a().address());
        assertThat(up.path("user").path("name").asText()).isEqualTo(rig.a().peerId());
        assertThat(up.path("observer").path("name").asText()).isEqualTo("a");
        assertThat(up.path("rule").path("name").asText()).isEqualTo("ab");

        JsonNode ecsSession = only(docs, "vpn-session");
        assertThat(ecsSession.path("source").path("bytes").asLong()).isEqualTo(session.path("bytes_in").asLong());
        assertThat(ecsSession.path("destination").path("bytes").asLong()).isEqualTo(session.path("bytes_out").asLong()).isPositive();
        assertThat(ecsSession.path("destination").path("packets").asLong()).isEqualTo(4);
        assertThat(ecsSession.path("event").path("duration").asLong()).isEqualTo(session.path("duration_ms").asLong() * 1_000_000L);
        assertThat(ecsSession.path("event").path("correlation_id").asText())
                .isEqualTo(up.path("event").path("correlation_id").asText());
        assertThat(ecsSession.path("strongswan").path("session").path("partial").asBoolean()).isFalse();

        assertThat(only(docs, "sa-gone").path("event").path("correlation_id").asText())
                .isEqualTo(up.path("event").path("correlation_id").asText());
        assertThat(docs).filteredOn(d -> d.path("event").path("action").asText().equals("configured-connection"))
                .anySatisfy(d -> assertThat(d.path("rule").path("name").asText()).isEqualTo("ab"));
        assertThat(docs).filteredOn(d -> d.path("event").path("action").asText().equals("snapshot-completed")).isNotEmpty();
        assertThat(docs).allSatisfy(d -> {
            assertThat(d.path("@timestamp").asText()).isNotEmpty();
            assertThat(d.path("event").path("id").asText()).startsWith("a-");
        });
        assertThat(docs.stream().map(d -> d.path("event").path("id").asText()).distinct().count())
                .as("event ids are unique").isEqualTo(docs.size());
    }

    private static List<JsonNode> runExample(Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve("ecs.jsonl");
        Path err = dir.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Path.of("examples", "siem-ecs", "EcsConsumer.java").toAbsolutePath().toString(),
                "--bootstrap", cluster.bootstrapServers(), "--prefix", PREFIX, "--from-beginning", "--idle-exit-ms", "5000")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the example exits once idle").isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as(Files.readString(err)).isZero();
        List<JsonNode> docs = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            docs.add(JSON.readTree(line));
        }
        return docs;
    }

    private static JsonNode only(List<JsonNode> docs, String action) {
        List<JsonNode> found = docs.stream().filter(d -> d.path("event").path("action").asText().equals(action)).toList();
        assertThat(found).as(action).hasSize(1);
        return found.get(0);
    }

    private static List<JsonNode> values(String topic) {
        List<JsonNode> values = new ArrayList<>();
        try {
            for (ConsumerRecord<byte[], byte[]> record : cluster.kafka().consumeAll(10_000, topic)) {
                values.add(JSON.readTree(record.value()));
            }
        } catch (Exception e) {
            return List.of(); // the topic is not there yet: nothing written to it
        }
        return values;
    }
}
