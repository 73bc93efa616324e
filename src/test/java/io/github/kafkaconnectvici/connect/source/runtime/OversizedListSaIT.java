package io.github.kafkaconnectvici.connect.source.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.connect.source.JsonSourceConfig;
import io.github.kafkaconnectvici.connect.source.ViciSourceConfig;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.MessageEncoder;
import io.github.kafkaconnectvici.vici.session.CharonCommands;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real {@code list-sa} over charon's 512 KiB message limit: one IKE_SA between the rig's two
 * charon 5.9.8 daemons is given CHILD_SAs until charon stops listing it. Node a's connection "ab"
 * is replaced by one with {@value #MAX_CHILDREN} CHILD_SA configs, each for another TCP port of the
 * rig's subnets (initiating "net" a second time failed here: "establishing CHILD_SA 'net' failed";
 * node b's "net" accepts each, narrowed), and they are initiated on the one IKE_SA, a hundred at a
 * time. Seen here: listed with 1,400 CHILD_SAs, not with 1,500. What charon does then, seen with a
 * plain VICI client: {@code list-sas} answers with no {@code list-sa} event for that IKE_SA
 * and no error, while {@code stats} still counts it, and charon's log says the message "exceeds
 * maximum size of 524288, discarded". The connector's snapshot of that gateway must not pass for
 * whole: its total is cross-checked with {@code stats} and a SNAPSHOT_MISMATCH status record follows.
 */
@ExtendWith(CharonRigExtension.class)
class OversizedListSaIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "oversized";
    // Well past the limit: ~500 bytes a CHILD_SA in a list-sa event puts 512 KiB near 1,000 of them
    // (and the load-conn of 2,000 CHILD_SA configs stays below 512 KiB itself).
    private static final int MAX_CHILDREN = 2_000;
    private static final int CHUNK = 100;

    private static ConnectCluster cluster;

    @BeforeAll
    static void start() {
        cluster = ConnectCluster.start(1);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anIkeSaCharonCannotListIsReportedAsASnapshotMismatch(CharonPair rig) throws Exception {
        rig.loadDefaultConfig();
        CharonNode a = rig.a();
        int children = 0;
        int mostChildrenListed = 0;
        int largestListed = 0;
        try (ViciClient client = ViciClient.builder().uri(a.viciUri().toString()).commandTimeout(COMMAND_TIMEOUT)
                .connect()) {
            CharonCommands charon = new CharonCommands(client);
            charon.loadConn("ab", manyChildren(a));
            // grow the IKE_SA until charon no longer lists it
            while (children < MAX_CHILDREN) {
                for (int i = children; i < children + CHUNK; i++) {
                    charon.initiateChild(child(i), "ab", COMMAND_TIMEOUT, log -> { });
                }
                children += CHUNK;
                List<Message> listed = charon.listSas();
                if (listed.isEmpty()) {
                    break;
                }
                mostChildrenListed = childSas(listed.get(0));
                largestListed = MessageEncoder.encodedLength(listed.get(0));
                assertThat(mostChildrenListed).as("CHILD_SAs of the one IKE_SA").isEqualTo(children);
            }
            System.out.printf("charon listed the IKE_SA with %d CHILD_SAs (a list-sa message of %d bytes), not with %d%n",
                    mostChildrenListed, largestListed, children);
            assertThat(largestListed).as("the largest list-sa charon sent").isLessThanOrEqualTo(512 * 1024);
            assertThat(charon.listSas()).as("list-sas of an IKE_SA with %d CHILD_SAs", children).isEmpty();
            assertThat(SnapshotCrossCheck.ikeSaCount(charon.stats())).as("charon's stats")
                    .isEqualTo(OptionalLong.of(1));
            assertThat(mostChildrenListed).as("the IKE_SA was listed while it was smaller").isPositive();
            assertThat(Files.readString(a.log())).contains("exceeds maximum size of 524288, discarded");

            cluster.connect().configureConnector(NAME, connectorConfig(a));
            cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(NAME, 1, "connector did not start");
            JsonNode mismatch = await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> status("SNAPSHOT_MISMATCH"), r -> r != null);
            System.out.println("status record: " + mismatch);
            assertThat(mismatch.path("total").asLong()).as("IKE_SAs the snapshot listed").isZero();
            assertThat(mismatch.path("reason").asText()).contains("counted 1 IKE_SA(s)", "512 KiB");
            JsonNode completed = status("SNAPSHOT_COMPLETED");
            assertThat(completed).as("the snapshot completed, with a total that looks whole").isNotNull();
            assertThat(completed.path("snapshot_id").asText()).isEqualTo(mismatch.path("snapshot_id").asText());
            assertThat(cluster.connect().connectorStatus(NAME).tasks().get(0).state()).isEqualTo("RUNNING");
        } finally {
            if (cluster.connect().connectors().contains(NAME)) {
                cluster.connect().deleteConnector(NAME);
            }
        }
    }

    private static String child(int i) {
        return "c" + i;
    }

    /** Node a's side of "ab" (as in the rig's swanctl.conf) with a CHILD_SA config per TCP port. */
    private static Message manyChildren(CharonNode a) {
        Message.Builder children = Message.builder();
        for (int i = 0; i < MAX_CHILDREN; i++) {
            int port = 10_000 + i;
            children.section(child(i), c -> c.put("mode", "tunnel")
                    .list("local_ts", a.localTs())
                    .list("remote_ts", a.remoteTs() + "[tcp/" + port + "]")
                    .list("esp_proposals", "aes128gcm16")
                    .put("start_action", "none"));
        }
        return Message.builder()
                .put("version", "2")
                .list("local_addrs", a.address())
                .list("remote_addrs", a.peerAddress())
                .list("proposals", "aes128-sha256-modp2048")
                .section("local", l -> l.put("auth", "psk").put("id", a.id()))
                .section("remote", r -> r.put("auth", "psk").put("id", a.peerId()))
                .section("children", children.build())
                .build();
    }

    private static int childSas(Message listSa) {
        Message ikeSa = listSa.entries().values().stream().filter(Message.class::isInstance).map(Message.class::cast)
                .findFirst().orElse(Message.EMPTY);
        return ikeSa.section("child-sas").map(c -> c.entries().size()).orElse(0);
    }

    private static Map<String, String> connectorConfig(CharonNode node) {
        Map<String, String> config = JsonSourceConfig.of(NAME, "a=" + node.viciUri());
        config.put(ViciSourceConfig.EVENTS, "ike-updown");
        return config;
    }

    /** The first status record of {@code kind}, or null. */
    private static JsonNode status(String kind) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        try {
            for (ConsumerRecord<byte[], byte[]> record : cluster.kafka().consumeAll(10_000, NAME + ".status")) {
                records.add(JSON.readTree(record.value()));
            }
        } catch (Exception e) {
            return null; // the topic is not there yet
        }
        return records.stream().filter(r -> r.path("kind").asText().equals(kind)).findFirst().orElse(null);
    }
}
