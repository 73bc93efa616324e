package io.github.kafkaconnectvici.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.connect.source.runtime.RecordHeaders;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.testkit.charon.SwanctlRaw;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The derived topics against real charon in a real Connect cluster: the compacted current-state
 * topic ends each terminated or vanished IKE_SA with a tombstone, a session record sums the real
 * CHILD_SA counters across a rekey as swanctl reports them, and every record carries its headers.
 */
@ExtendWith(CharonRigExtension.class)
class ViciSourceStateAndSessionsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConnectCluster cluster;
    private static CharonPair rig;
    private final List<String> connectors = new ArrayList<>();

    @BeforeAll
    static void start(CharonPair pair) {
        rig = pair;
        rig.loadDefaultConfig();
        cluster = ConnectCluster.start(1);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void removeConnectorsAndTunnels() {
        connectors.forEach(name -> cluster.connect().deleteConnector(name));
        for (CharonNode node : List.of(rig.a(), rig.b())) {
            if (node.isRunning() && node.swanctl("--list-sas", "--raw").contains("list-sa event")) {
                node.swanctl("--terminate", "--ike", "ab", "--force");
            }
        }
    }

    @Test
    void terminateLeavesATombstoneAndOneSessionWithTheTrafficOfBothChildSasAcrossBothRekeys() throws Exception {
        String prefix = startConnector("terminate");
        awaitStatus(prefix, "SNAPSHOT_COMPLETED");

        rig.a().swanctl("--initiate", "--child", "net");
        rig.a().sendUdp(rig.b().innerAddress(), 5);
        Message beforeRekey = awaitCounted(5);
        rig.a().swanctl("--rekey", "--child", "net");
        Message rekeyed = await().atMost(WAIT).until(() -> onlyIkeSa(rig.a()), sa -> sa != null
                && !child(sa, "spi-out").equals(child(beforeRekey, "spi-out")) && installedChildren(sa) == 1);
        long firstUniqueId = Long.parseLong(rekeyed.text("uniqueid").orElseThrow());
        rig.a().swanctl("--rekey", "--ike", "ab");
        await().atMost(WAIT).until(() -> onlyIkeSa(rig.a()), sa -> sa != null && "ESTABLISHED".equals(sa.text("state").orElse(null))
                && Long.parseLong(sa.text("uniqueid").orElseThrow()) != firstUniqueId);
        rig.a().sendUdp(rig.b().innerAddress(), 3);
        Message beforeTerminate = awaitCounted(3);
        assertThat(child(beforeTerminate, "spi-out")).as("the CHILD_SA moved to the new IKE_SA").isEqualTo(child(rekeyed, "spi-out"));
        long uniqueId = Long.parseLong(beforeTerminate.text("uniqueid").orElseThrow());
        rig.a().swanctl("--terminate", "--ike", "ab");

        JsonNode session = awaitRecords(prefix + ".sessions", r -> !r.isEmpty()).get(0).value();
        assertThat(session.path("bytes_out").asLong()).as("bytes over both CHILD_SAs, as swanctl counted them")
                .isEqualTo(number(beforeRekey, "bytes-out") + number(beforeTerminate, "bytes-out")).isPositive();
        assertThat(session.path("packets_out").asLong()).isEqualTo(8);
        assertThat(session.path("bytes_in").asLong())
                .isEqualTo(number(beforeRekey, "bytes-in") + number(beforeTerminate, "bytes-in"));
        assertThat(session.path("child_sas").asLong()).isEqualTo(2);
        assertThat(session.path("child_rekeys").asLong()).isEqualTo(1);
        assertThat(session.path("ike_rekeys").asLong()).isEqualTo(1);
        assertThat(session.path("partial").asBoolean()).isFalse();
        assertThat(session.path("local_id").asText()).isEqualTo(rig.a().id());
        assertThat(session.path("remote_id").asText()).isEqualTo(rig.a().peerId());
        assertThat(session.path("remote_host").asText()).isEqualTo(rig.a().peerAddress());
        assertThat(session.path("ike_sa_unique_ids")).extracting(JsonNode::asLong).containsExactly(firstUniqueId, uniqueId);
        assertThat(session.path("start").asLong()).isPositive().isLessThanOrEqualTo(session.path("end").asLong());
        assertThat(session.path("duration_ms").asLong())
                .isEqualTo(session.path("end").asLong() - session.path("start").asLong());

        List<Kv> state = awaitRecords(prefix + ".sa-state", r -> lastByKey(r).containsKey(key("a", uniqueId))
                && lastByKey(r).get(key("a", uniqueId)).value() == null);
        List<Kv> ofTheFirst = state.stream().filter(r -> r.key().equals(key("a", firstUniqueId))).toList();
        assertThat(ofTheFirst.get(ofTheFirst.size() - 1).value()).as("the IKE_SA rekeyed away is tombstoned").isNull();
        assertThat(ofTheFirst.get(ofTheFirst.size() - 1).header(RecordHeaders.EVENT)).isEqualTo("sa-state");
        List<Kv> ofTheSa = state.stream().filter(r -> r.key().equals(key("a", uniqueId))).toList();
        assertThat(ofTheSa.get(ofTheSa.size() - 1).value()).as("the key's last record is a tombstone").isNull();
        assertThat(ofTheSa.subList(0, ofTheSa.size() - 1)).isNotEmpty().allSatisfy(r -> {
            assertThat(r.value().path("ike_sa").path("uniqueid").asLong()).isEqualTo(uniqueId);
            assertThat(r.value().path("source").asText()).isIn("ike-rekey", "child-updown", "child-rekey");
        });
        JsonNode lastState = ofTheSa.get(ofTheSa.size() - 2).value();
        assertThat(lastState.path("ike_sa").path("child_sas")).as("the state before the end lists the rekeyed CHILD_SA")
                .anySatisfy(c -> assertThat(c.path("spi_out").asText()).isEqualTo(child(rekeyed, "spi-out")));

        for (String topic : List.of(".ike-updown", ".child-updown", ".ike-rekey", ".child-rekey", ".status", ".sa-state",
                ".sessions")) {
            assertThat(awaitRecords(prefix + topic, r -> !r.isEmpty())).as(topic).allSatisfy(r -> {
                assertThat(r.header(RecordHeaders.GATEWAY)).isEqualTo("a");
                assertThat(r.header(RecordHeaders.EVENT)).isNotBlank();
                assertThat(Long.parseLong(r.header(RecordHeaders.SEQUENCE))).isPositive();
                if (r.value() != null) {
                    assertThat(r.header(RecordHeaders.SEQUENCE)).isEqualTo(r.value().path("sequence").asText());
                    assertThat(r.header(RecordHeaders.EVENT)).isEqualTo(r.value().path("event").asText());
                }
            });
        }
        assertThat(awaitRecords(prefix + ".status", r -> !r.isEmpty()))
                .filteredOn(r -> r.value().path("kind").asText().startsWith("SNAPSHOT_"))
                .allSatisfy(r -> assertThat(r.header(RecordHeaders.SNAPSHOT_ID)).isEqualTo(r.value().path("snapshot_id").asText()));
    }

    @Test
    void afterACharonRestartTheSasThatVanishedAreTombstonedAndTheirSessionsEndPartial() throws Exception {
        String prefix = startConnector("restart");
        awaitStatus(prefix, "SNAPSHOT_COMPLETED");
        rig.a().swanctl("--initiate", "--child", "net");
        long uniqueId = Long.parseLong(onlyIkeSa(rig.a()).text("uniqueid").orElseThrow());
        awaitRecords(prefix + ".sa-state", r -> lastByKey(r).containsKey(key("a", uniqueId))
                && lastByKey(r).get(key("a", uniqueId)).value() != null);

        rig.a().kill();
        rig.a().start();
        rig.a().swanctl("--load-all", "--file", rig.a().dir().resolve("swanctl.conf").toString());

        List<Kv> state = awaitRecords(prefix + ".sa-state", r -> lastByKey(r).get(key("a", uniqueId)).value() == null);
        Kv tombstone = lastByKey(state).get(key("a", uniqueId));
        assertThat(tombstone.header(RecordHeaders.EVENT)).isEqualTo("sa-state");
        List<Kv> status = awaitRecords(prefix + ".status", r -> true);
        assertThat(status).filteredOn(r -> r.value().path("kind").asText().equals("GAP")).isNotEmpty();
        assertThat(status.stream().filter(r -> r.value().path("kind").asText().equals("SNAPSHOT_COMPLETED"))
                .map(r -> r.header(RecordHeaders.SEQUENCE))).as("the tombstone follows a completed resync snapshot")
                .contains(tombstone.header(RecordHeaders.SEQUENCE));

        JsonNode session = awaitRecords(prefix + ".sessions", r -> !r.isEmpty()).get(0).value();
        assertThat(session.path("ike_sa_unique_ids")).extracting(JsonNode::asLong).containsExactly(uniqueId);
        assertThat(session.path("partial").asBoolean()).isTrue();
        assertThat(session.path("partial_reason").asText()).contains("gap");
    }

    // --- helpers

    /** A consumed record: its key and value as JSON (value null for a tombstone) and its headers. */
    record Kv(JsonNode key, JsonNode value, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private String startConnector(String name) throws InterruptedException {
        cluster.kafka().createTopic(name + ".sa-state", 1, 1, Map.of("cleanup.policy", "compact"));
        Map<String, String> config = JsonSourceConfig.of(name, "a=" + rig.a().viciUri());
        config.put(ViciSourceConfig.EVENTS, "ike-updown,child-updown,ike-rekey,child-rekey");
        config.put(ViciSourceConfig.HEARTBEAT_INTERVAL_MS, "2000");
        config.put(ViciSourceConfig.SA_STATE_ENABLED, "true");
        config.put(ViciSourceConfig.SESSIONS_ENABLED, "true");
        cluster.connect().configureConnector(name, config);
        connectors.add(name);
        cluster.connect().assertions().assertConnectorAndAtLeastNumTasksAreRunning(name, 1, "connector did not start");
        return name;
    }

    private static List<Kv> records(String topic) {
        List<Kv> records = new ArrayList<>();
        try {
            for (ConsumerRecord<byte[], byte[]> record : cluster.kafka().consumeAll(10_000, topic)) {
                Map<String, String> headers = new HashMap<>();
                for (Header header : record.headers()) {
                    headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                }
                records.add(new Kv(JSON.readTree(record.key()), record.value() == null ? null : JSON.readTree(record.value()),
                        headers));
            }
        } catch (Exception e) {
            return List.of(); // the topic is not there yet: nothing written to it
        }
        return records;
    }

    private static List<Kv> awaitRecords(String topic, Predicate<List<Kv>> done) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> records(topic), done);
    }

    private static void awaitStatus(String prefix, String kind) {
        awaitRecords(prefix + ".status", r -> r.stream().anyMatch(s -> s.value().path("kind").asText().equals(kind)));
    }

    /** The last record of each key, as a compacted topic keeps it. */
    private static Map<JsonNode, Kv> lastByKey(List<Kv> records) {
        Map<JsonNode, Kv> last = new LinkedHashMap<>();
        records.forEach(r -> last.put(r.key(), r));
        return last;
    }

    /** Parsed as the consumed keys are, so that numbers compare equal. */
    private static JsonNode key(String gateway, long uniqueId) {
        try {
            return JSON.readTree("{\"gateway\":\"" + gateway + "\",\"ike_sa\":\"ab\",\"ike_sa_unique_id\":" + uniqueId + "}");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The IKE_SA once swanctl shows its installed CHILD_SA has sent {@code packets} packets. */
    private static Message awaitCounted(long packets) {
        return await().atMost(WAIT).until(() -> onlyIkeSa(rig.a()),
                sa -> sa != null && installedChildren(sa) == 1 && number(sa, "packets-out") == packets);
    }

    private static Message onlyIkeSa(CharonNode node) {
        List<Message> sas = SwanctlRaw.parse(node.swanctl("--list-sas", "--raw")).stream()
                .filter(d -> d.label().equals("list-sa event")).map(SwanctlRaw.Dump::message)
                .flatMap(m -> m.section("ab").stream()).toList();
        return sas.size() == 1 ? sas.get(0) : null;
    }

    private static long installedChildren(Message ikeSa) {
        return children(ikeSa).stream().filter(c -> "INSTALLED".equals(c.text("state").orElse(null))).count();
    }

    private static List<Message> children(Message ikeSa) {
        return ikeSa.section("child-sas").map(s -> s.entries().values().stream().filter(Message.class::isInstance)
                .map(Message.class::cast).toList()).orElse(List.of());
    }

    private static Message installed(Message ikeSa) {
        return children(ikeSa).stream().filter(c -> "INSTALLED".equals(c.text("state").orElse(null))).findFirst().orElseThrow();
    }

    private static String child(Message ikeSa, String key) {
        return installed(ikeSa).text(key).orElseThrow();
    }

    private static long number(Message ikeSa, String key) {
        return Long.parseLong(child(ikeSa, key));
    }
}
