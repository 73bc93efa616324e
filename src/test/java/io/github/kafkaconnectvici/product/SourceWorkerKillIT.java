package io.github.kafkaconnectvici.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.connect.source.FaultLedger;
import io.github.kafkaconnectvici.connect.source.ReferenceSubscriber;
import io.github.kafkaconnectvici.connect.source.SaChurn;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker killed, not stopped: three distributed Connect workers in JVMs of their own (the packaged
 * plugin), the source task on one of them, SIGKILL to that one while SAs are initiated and terminated
 * back to back. The task moves to a survivor; every event the reference subscriber saw is a record or
 * inside a GAP window, no sequence names two records, and a completed snapshot follows every gap.
 */
@ExtendWith(CharonRigExtension.class)
class SourceWorkerKillIT {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "worker-kill";

    private static ConnectCluster kafka;

    @BeforeAll
    static void startBroker() {
        kafka = ConnectCluster.start(1); // its broker; its own in-process worker is in another group
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aKilledWorkersTaskMovesAndEveryReferenceEventIsARecordOrInsideAGap(CharonPair rig) throws Exception {
        rig.loadDefaultConfig();
        CharonNode a = rig.a();
        Path dir = Files.createDirectories(Path.of("target", "worker-kill-it").toAbsolutePath());
        Map<String, String> settings = new HashMap<>();
        settings.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("key.converter.schemas.enable", "false");
        settings.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("value.converter.schemas.enable", "false");
        List<ConnectWorkerProcess> workers = new ArrayList<>();
        try (ReferenceSubscriber reference = new ReferenceSubscriber(a.viciUri())) {
            for (int i = 0; i < 3; i++) {
                workers.add(ConnectWorkerProcess.distributed(kafka.bootstrapServers(), PackagedPlugin.pluginPath(),
                        settings, "vici-kill", dir.resolve("worker-" + i)));
            }
            ConnectWorkerProcess first = workers.get(0);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> workers.stream().allMatch(w -> w.get("/connectors").status() == 200));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> first.put("/connectors/" + NAME + "/config", ConnectWorkerProcess.json(config(a))).status(),
                            status -> status == 200 || status == 201);
            String runningOn = await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> taskWorker(first), Optional::isPresent).orElseThrow();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> kinds().contains("SNAPSHOT_COMPLETED"));

            Instant from;
            try (SaChurn churn = new SaChurn(a.viciUri())) {
                awaitMoreEvents(reference, 20);
                from = Instant.now();
                ConnectWorkerProcess victim = workers.stream().filter(w -> w.workerId().equals(runningOn)).findFirst()
                        .orElseThrow(() -> new AssertionError("no worker " + runningOn + " among " + workers));
                victim.kill();
                ConnectWorkerProcess survivor = workers.stream().filter(w -> w != victim).findFirst().orElseThrow();
                await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                        .until(() -> taskWorker(survivor).filter(w -> !w.equals(runningOn)).isPresent());
                long gaps = await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                        .until(() -> count("GAP"), n -> n >= 1);
                assertThat(gaps).isPositive();
                awaitMoreEvents(reference, 20);
                assertThat(churn.cycles()).isPositive();
            }

            FaultLedger ledger = await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> new FaultLedger(reference.seen(), allRecords()),
                            l -> l.silentLosses().isEmpty() && l.gapsWithoutResync() == 0);
            FaultLedger.Phase phase = new FaultLedger.Phase("worker SIGKILL (3 workers)", 1, from, Instant.now());
            String row = FaultLedger.Row.header() + "\n" + ledger.row(phase, 0).markdown();
            System.out.println(row);
            Files.writeString(Path.of("target", "fault-campaign-worker-kill.md"), row + "\n");
            assertThat(ledger.row(phase, 0).events()).isPositive();
            assertThat(ledger.duplicates()).isZero();
        } finally {
            for (ConnectWorkerProcess worker : workers) {
                worker.close();
            }
        }
    }

    private static Map<String, String> config(CharonNode node) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.github.kafkaconnectvici.connect.source.ViciSourceConnector");
        config.put("tasks.max", "1");
        config.put("vici.endpoints", "a=" + node.viciUri());
        config.put("topic.prefix", NAME);
        config.put("vici.events", "ike-updown,child-updown");
        config.put("heartbeat.interval.ms", "1000");
        config.put("snapshot.interval.ms", "0");
        config.put("topic.creation.default.replication.factor", "1");
        config.put("topic.creation.default.partitions", "1");
        return config;
    }

    /** The worker id running task 0 and RUNNING, as {@code worker} reports it. */
    private static Optional<String> taskWorker(ConnectWorkerProcess worker) throws IOException {
        ConnectWorkerProcess.Response status = worker.get("/connectors/" + NAME + "/status");
        if (status.status() != 200) {
            return Optional.empty();
        }
        JsonNode task = JSON.readTree(status.body()).path("tasks").path(0);
        return task.path("state").asText().equals("RUNNING") ? Optional.of(task.path("worker_id").asText()) : Optional.empty();
    }

    private static void awaitMoreEvents(ReferenceSubscriber reference, int more) {
        int before = reference.count();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> reference.count() >= before + more);
    }

    private static List<String> kinds() {
        return records(NAME + ".status").stream().map(r -> r.path("kind").asText()).toList();
    }

    private static long count(String kind) {
        return kinds().stream().filter(kind::equals).count();
    }

    private static List<JsonNode> allRecords() {
        List<JsonNode> all = new ArrayList<>();
        for (String topic : List.of("status", "list-sas", "ike-updown", "child-updown")) {
            all.addAll(records(NAME + "." + topic));
        }
        return all;
    }

    private static List<JsonNode> records(String topic) {
        List<JsonNode> records = new ArrayList<>();
        try {
            for (ConsumerRecord<byte[], byte[]> record : kafka.kafka().consumeAll(10_000, topic)) {
                records.add(JSON.readTree(record.value()));
            }
        } catch (Exception e) {
            // the topic is not there yet: nothing written to it
        }
        return records;
    }
}
