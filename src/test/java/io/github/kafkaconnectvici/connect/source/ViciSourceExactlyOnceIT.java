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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With exactly-once source support on the worker and {@code transaction.boundary=connector}, the task
 * decides where transactions end: a read_committed consumer sees the snapshot and the status and
 * event records after it, which it would not if the task never ended a transaction.
 */
@ExtendWith(CharonRigExtension.class)
class ViciSourceExactlyOnceIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConnectCluster cluster;
    private static CharonPair rig;

    @BeforeAll
    static void start(CharonPair pair) {
        rig = pair;
        rig.loadDefaultConfig();
        cluster = ConnectCluster.builder()
                .workerProp("exactly.once.source.support", "enabled")
                .brokerProp("transaction.state.log.replication.factor", "1")
                .brokerProp("transaction.state.log.min.isr", "1")
                .start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void connectorDefinedTransactionsCommitWholeSnapshotsAndTheEventsBetween() throws Exception {
        rig.a().swanctl("--initiate", "--child", "net");
        try {
            Map<String, String> config = JsonSourceConfig.of("eos", "a=" + rig.a().viciUri());
            config.put(ViciSourceConfig.EVENTS, "ike-updown,child-updown");
            config.put(ViciSourceConfig.HEARTBEAT_INTERVAL_MS, "500");
            config.put(ViciSourceConfig.SNAPSHOT_INTERVAL_MS, "2000");
            config.put("exactly.once.support", "requested");
            config.put("transaction.boundary", "connector");
            cluster.connect().configureConnector("eos", config);
            cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning("eos", 1, "connector did not start");

            // Two snapshots and heartbeats between them, all committed.
            List<JsonNode> status = await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> committed("eos.status"), s -> s.stream()
                            .filter(r -> r.path("kind").asText().equals("SNAPSHOT_COMPLETED")).count() >= 2
                            && s.get(s.size() - 1).path("kind").asText().equals("HEARTBEAT"));
            List<JsonNode> entries = committed("eos.list-sas");
            for (JsonNode completed : status.stream().filter(r -> r.path("kind").asText().equals("SNAPSHOT_COMPLETED")).toList()) {
                String id = completed.path("snapshot_id").asText();
                List<JsonNode> of = entries.stream().filter(e -> e.path("snapshot_id").asText().equals(id)).toList();
                assertThat(of).as("entries of committed snapshot %s", id).hasSize(completed.path("snapshot_total").asInt());
                assertThat(of).last().satisfies(e -> assertThat(e.path("last").asBoolean()).isTrue());
            }
            // The entries were read after the status records: a snapshot begun in between has entries whose
            // SNAPSHOT_STARTED was not read yet. Everything up to the last status record read is complete.
            long lastRead = status.get(status.size() - 1).path("sequence").asLong();
            List<JsonNode> all = new ArrayList<>(status);
            entries.stream().filter(e -> e.path("sequence").asLong() < lastRead).forEach(all::add);
            all.sort(Comparator.comparingLong(r -> r.path("sequence").asLong()));
            long first = all.get(0).path("sequence").asLong();
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).path("sequence").asLong()).isEqualTo(first + i);
            }
            assertThat(cluster.connect().connectorStatus("eos").tasks()).singleElement()
                    .satisfies(t -> assertThat(t.state()).isEqualTo("RUNNING"));
        } finally {
            cluster.connect().deleteConnector("eos");
            rig.a().swanctl("--terminate", "--ike", "ab");
        }
    }

    /** What a read_committed consumer sees of {@code topic}, in order: everything up to the last stable offset. */
    private static List<JsonNode> committed(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.kafka().createConsumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            if (consumer.partitionsFor(topic, Duration.ofSeconds(5)).isEmpty()) {
                return out;
            }
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long stable = consumer.endOffsets(List.of(partition)).get(partition); // read_committed: the LSO
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (consumer.position(partition) < stable && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    out.add(JSON.readTree(record.value()));
                }
            }
        } catch (Exception e) {
            return List.of(); // the topic is not there yet
        }
        return out;
    }
}
