package io.github.kafkaconnectvici.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signals against two real charon daemons in a real Connect cluster: a snapshot asked of one gateway
 * with a filter is taken there only, lists what charon's filter lets through, carries the request id
 * on its status records and tombstones nothing; a malformed signal is reported, not fatal.
 */
@ExtendWith(CharonRigExtension.class)
class ViciSourceSignalIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "signals";
    private static final String SIGNALS = "ops.vici-signals";

    private static ConnectCluster cluster;
    private static CharonPair rig;

    @BeforeAll
    static void start(CharonPair pair) throws InterruptedException {
        rig = pair;
        rig.loadDefaultConfig();
        cluster = ConnectCluster.start(1);
        cluster.kafka().createTopic(SIGNALS, 1, 1, Map.of());
        cluster.kafka().createTopic(PREFIX + ".sa-state", 1, 1, Map.of("cleanup.policy", "compact"));
        rig.a().swanctl("--initiate", "--child", "net");

        Map<String, String> config = JsonSourceConfig.of(PREFIX, "a=" + rig.a().viciUri() + ",b=" + rig.b().viciUri());
        config.put("tasks.max", "2");
        config.put(ViciSourceConfig.EVENTS, "ike-updown,child-updown");
        config.put(ViciSourceConfig.SA_STATE_ENABLED, "true");
        config.put(ViciSourceConfig.SIGNAL_TOPIC, SIGNALS);
        config.put(ViciSourceConfig.SIGNAL_BOOTSTRAP_SERVERS, cluster.bootstrapServers());
        cluster.connect().configureConnector(PREFIX, config);
        cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(PREFIX, 2, "connector did not start");
        // The tasks read the signal topic from its end once their start snapshot is under way.
        await().atMost(WAIT).until(() -> records(PREFIX + ".status").stream()
                .filter(r -> r.path("kind").asText().equals("SNAPSHOT_COMPLETED")).map(r -> r.path("gateway").asText())
                .distinct().count() == 2);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (rig != null && rig.a().isRunning() && rig.a().swanctl("--list-sas", "--raw").contains("list-sa event")) {
            rig.a().swanctl("--terminate", "--ike", "ab");
        }
    }

    @Test
    void aFilteredSnapshotOfOneGatewayCarriesTheRequestIdAndTombstonesNothing() {
        cluster.kafka().produce(SIGNALS, PREFIX, "{\"id\":\"req-one\",\"type\":\"execute-snapshot\","
                + "\"data\":{\"gateway\":\"a\",\"ike\":\"ab\",\"child\":\"net\"}}");
        cluster.kafka().produce(SIGNALS, PREFIX, "{\"id\":\"req-none\",\"type\":\"execute-snapshot\","
                + "\"data\":{\"ike\":\"no-such-connection\"}}");

        List<JsonNode> status = awaitRecords(PREFIX + ".status", r -> completed(r, "req-none").size() == 2
                && completed(r, "req-one").size() == 1);

        JsonNode one = completed(status, "req-one").get(0);
        assertThat(one.path("gateway").asText()).isEqualTo("a");
        assertThat(one.path("snapshot_filter").asText()).isEqualTo("ike=ab,child=net");
        assertThat(one.path("snapshot_total").asLong()).isEqualTo(1);
        assertThat(status).filteredOn(r -> r.path("kind").asText().equals("SNAPSHOT_STARTED")
                        && r.path("snapshot_id").asText().equals(one.path("snapshot_id").asText()))
                .singleElement().satisfies(r -> assertThat(r.path("request_id").asText()).isEqualTo("req-one"));
        List<JsonNode> listed = records(PREFIX + ".list-sas").stream()
                .filter(r -> r.path("snapshot_id").asText().equals(one.path("snapshot_id").asText())).toList();
        assertThat(listed).singleElement().satisfies(r -> {
            assertThat(r.path("ike_sa").path("name").asText()).isEqualTo("ab");
            assertThat(r.path("ike_sa").path("child_sas")).extracting(c -> c.path("name").asText()).containsOnly("net");
        });

        assertThat(completed(status, "req-none")).extracting(r -> r.path("gateway").asText()).containsExactlyInAnyOrder("a", "b");
        assertThat(completed(status, "req-none")).allSatisfy(r -> {
            assertThat(r.path("snapshot_total").asLong()).isZero();
            assertThat(r.path("snapshot_filter").asText()).isEqualTo("ike=no-such-connection");
        });
        assertThat(records(PREFIX + ".sa-state")).as("a filtered snapshot that lists nothing removes nothing")
                .isNotEmpty().allSatisfy(r -> assertThat(r).isNotNull());
    }

    @Test
    void aMalformedSignalIsReportedWithItsIdAndTheTasksKeepRunning() throws InterruptedException {
        cluster.kafka().produce(SIGNALS, PREFIX, "{\"id\":\"req-bad\",\"type\":\"execute-snapshot\",\"data\":{\"ike-id\":\"x\"}}");

        List<JsonNode> rejected = awaitRecords(PREFIX + ".status", r -> r.stream()
                .filter(s -> s.path("kind").asText().equals("SIGNAL_REJECTED")
                        && s.path("request_id").asText().equals("req-bad")).count() == 2).stream()
                .filter(s -> s.path("request_id").asText().equals("req-bad")).toList();

        assertThat(rejected).extracting(r -> r.path("gateway").asText()).containsExactlyInAnyOrder("a", "b");
        assertThat(rejected).allSatisfy(r -> assertThat(r.path("reason").asText()).contains("data.ike-id 'x'"));
        cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(PREFIX, 2, "tasks must keep running");
    }

    private static List<JsonNode> completed(List<JsonNode> status, String requestId) {
        return status.stream().filter(r -> r.path("kind").asText().equals("SNAPSHOT_COMPLETED")
                && r.path("request_id").asText().equals(requestId)).toList();
    }

    /** Values; a tombstone shows as null. */
    private static List<JsonNode> records(String topic) {
        List<JsonNode> records = new ArrayList<>();
        try {
            for (ConsumerRecord<byte[], byte[]> record : cluster.kafka().consumeAll(10_000, topic)) {
                records.add(record.value() == null ? null : JSON.readTree(record.value()));
            }
        } catch (Exception e) {
            return List.of(); // the topic is not there yet: nothing written to it
        }
        return records;
    }

    private static List<JsonNode> awaitRecords(String topic, Predicate<List<JsonNode>> done) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> records(topic), done);
    }
}
