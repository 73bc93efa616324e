package io.github.kafkaconnectvici.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.kafka.FleetFrames;
import io.github.kafkaconnectvici.testkit.kafka.FleetSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fleet through worker loss: three distributed Connect workers in JVMs of their own (the packaged
 * plugin) follow a {@link FleetSimulator} fleet with {@code tasks.max} = 6 while every gateway raises
 * one ike-updown event a second. Every gateway gets followed; one worker is killed (SIGKILL) and its
 * gateways are followed again by the survivors; a fourth worker joins and takes tasks over. Throughout,
 * no endpoint ever has two subscribers at once; every window in which a followed gateway had none is
 * covered by a GAP record of that gateway, and a completed snapshot follows that GAP; no (gateway,
 * sequence) names two different records.
 *
 * <p>{@code -Dfleet.gateways=1000} makes it the fleet benchmark of BENCHMARKS.md; it prints its figures
 * and writes them to {@code target/fleet-worker-kill.md}.
 */
class FleetWorkerKillIT {

    private static final int GATEWAYS = Integer.getInteger("fleet.gateways", 60);
    private static final int TASKS = 6;
    private static final Duration WAIT = Duration.ofSeconds(300);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "fleet";
    private static final String EVENT = "ike-updown";

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
    void everyGatewayIsFollowedByOneTaskThroughAWorkerKillAndAWorkerJoining() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "fleet-kill-it").toAbsolutePath());
        Map<String, String> settings = new HashMap<>();
        settings.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("key.converter.schemas.enable", "false");
        settings.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("value.converter.schemas.enable", "false");
        List<ConnectWorkerProcess> workers = new ArrayList<>();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try (FleetSimulator fleet = FleetSimulator.start(dir.resolve("gateways"), GATEWAYS, 1, FleetFrames.listSaFrame(),
                Map.of(EVENT, FleetFrames.replay().get(EVENT)))) {
            pacer.scheduleAtFixedRate(fleet::replayRound, 1, 1, TimeUnit.SECONDS); // the load: 1 event/s per gateway
            for (int i = 0; i < 3; i++) {
                workers.add(ConnectWorkerProcess.distributed(kafka.bootstrapServers(), PackagedPlugin.pluginPath(),
                        settings, "vici-fleet", dir.resolve("worker-" + i)));
            }
            await().atMost(WAIT).pollInterval(POLL)
                    .until(() -> workers.stream().allMatch(w -> w.get("/connectors").status() == 200));

            Instant deployed = Instant.now();
            await().atMost(WAIT).pollInterval(POLL)
                    .until(() -> workers.get(0).put("/connectors/" + NAME + "/config",
                            ConnectWorkerProcess.json(config(fleet))).status(), status -> status == 200 || status == 201);
            await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.endpointsWithSubscribers() == GATEWAYS);
            Instant allFollowed = Instant.now();
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(2))
                    .until(() -> gatewaysWith("SNAPSHOT_COMPLETED").size() == GATEWAYS);

            Map<String, List<Integer>> tasksByWorker = await().atMost(WAIT).pollInterval(POLL)
                    .until(() -> runningTasks(workers.get(0)), m -> m.values().stream().mapToInt(List::size).sum() == TASKS);
            ConnectWorkerProcess victim = workers.stream().skip(1)
                    .filter(w -> tasksByWorker.containsKey(w.workerId())).findFirst()
                    .orElseThrow(() -> new AssertionError("workers 1 and 2 run no task: " + tasksByWorker));
            Set<Integer> moved = gatewaysOf(workers.get(0), tasksByWorker.get(victim.workerId()));
            assertThat(moved).isNotEmpty();
            Instant killed = Instant.now();
            victim.kill();
            await().atMost(WAIT).pollInterval(POLL).until(() -> moved.stream().allMatch(g -> !fleet.unfollowed(g).isEmpty()));
            Instant recovered = Instant.now();
            assertThat(fleet.endpointsWithSubscribers()).isEqualTo(GATEWAYS);
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> assertGapsAndResyncs(fleet, moved));

            ConnectWorkerProcess joined = ConnectWorkerProcess.distributed(kafka.bootstrapServers(),
                    PackagedPlugin.pluginPath(), settings, "vici-fleet", dir.resolve("worker-3"));
            workers.add(joined);
            await().atMost(WAIT).pollInterval(POLL).until(() -> runningTasks(workers.get(0)),
                    m -> m.containsKey(joined.workerId()) && m.values().stream().mapToInt(List::size).sum() == TASKS);
            await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.endpointsWithSubscribers() == GATEWAYS);
            Set<Integer> taken = gatewaysOf(workers.get(0), runningTasks(workers.get(0)).get(joined.workerId()));
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                assertThat(taken).allMatch(g -> !fleet.unfollowed(g).isEmpty());
                assertGapsAndResyncs(fleet, allGateways());
            });

            assertThat(fleet.maxPeakSubscribers()).as("most subscribers one endpoint had at once").isEqualTo(1);
            List<JsonNode> all = new ArrayList<>();
            for (String topic : List.of("status", "list-sas", EVENT)) {
                all.addAll(records(NAME + "." + topic));
            }
            assertThat(sequencesNamingTwoRecords(all)).isEmpty();

            long events = records(NAME + "." + EVENT).stream().map(r -> Instant.ofEpochMilli(r.path("received_at").asLong()))
                    .filter(t -> !t.isBefore(allFollowed) && t.isBefore(killed)).count();
            double seconds = Duration.between(allFollowed, killed).toMillis() / 1000.0;
            String row = "| gateways | tasks | all followed after deploy | gateways moved | all followed again after kill"
                    + " | ike-updown records/s (steady) | records |\n|---|---|---|---|---|---|---|\n"
                    + String.format("| %d | %d | %.1f s | %d | %.1f s | %.0f | %d |", GATEWAYS, TASKS,
                    Duration.between(deployed, allFollowed).toMillis() / 1000.0, moved.size(),
                    Duration.between(killed, recovered).toMillis() / 1000.0, events / seconds, all.size());
            System.out.println(row);
            Files.writeString(Path.of("target", "fleet-worker-kill.md"), row + "\n");
        } finally {
            pacer.shutdownNow();
            for (ConnectWorkerProcess worker : workers) {
                worker.close();
            }
        }
    }

    private static Map<String, String> config(FleetSimulator fleet) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.github.kafkaconnectvici.connect.source.ViciSourceConnector");
        config.put("tasks.max", Integer.toString(TASKS));
        config.put("vici.endpoints", fleet.endpoints());
        config.put("vici.validate.gateways", "false");
        config.put("topic.prefix", NAME);
        config.put("vici.events", EVENT);
        config.put("snapshot.interval.ms", "0");
        config.put("topic.creation.default.replication.factor", "1");
        config.put("topic.creation.default.partitions", "1");
        return config;
    }

    /**
     * Every closed unfollowed window of these gateways that began after the gateway's first record lies
     * inside a GAP record of the gateway, and a SNAPSHOT_COMPLETED of the gateway has a higher sequence than
     * that GAP (the resync). A window that began before the gateway's first record hides nothing a consumer
     * saw: Connect may stop a task of a config it is replacing while the task is starting, after it has
     * subscribed and before it has delivered anything, and the next task's start snapshot is then the
     * gateway's first record.
     */
    private static void assertGapsAndResyncs(FleetSimulator fleet, Set<Integer> gateways) {
        Map<String, List<JsonNode>> status = new HashMap<>();
        for (JsonNode r : records(NAME + ".status")) {
            status.computeIfAbsent(r.path("gateway").asText(), g -> new ArrayList<>()).add(r);
        }
        Map<String, Long> firstRecord = new HashMap<>();
        for (String topic : List.of("status", "list-sas", EVENT)) {
            for (JsonNode r : records(NAME + "." + topic)) {
                firstRecord.merge(r.path("gateway").asText(), r.path("received_at").asLong(), Math::min);
            }
        }
        for (int g : gateways) {
            List<JsonNode> own = status.getOrDefault("gw-" + g, List.of());
            long lastCompleted = own.stream().filter(r -> r.path("kind").asText().equals("SNAPSHOT_COMPLETED"))
                    .mapToLong(r -> r.path("sequence").asLong()).max().orElse(-1);
            long first = firstRecord.getOrDefault("gw-" + g, Long.MAX_VALUE);
            for (FleetSimulator.Unfollowed window : fleet.unfollowed(g)) {
                if (window.from().toEpochMilli() < first) {
                    continue; // nothing of the gateway was delivered before it
                }
                JsonNode gap = own.stream().filter(r -> r.path("kind").asText().equals("GAP"))
                        .filter(r -> r.path("gap_start").asLong() <= window.from().toEpochMilli()
                                && r.path("gap_end").asLong() >= window.to().toEpochMilli())
                        .findFirst().orElseThrow(() -> new AssertionError("no GAP of gw-" + g + " covers " + window
                                + "; its GAPs: " + own.stream().filter(r -> r.path("kind").asText().equals("GAP")).toList()));
                assertThat(lastCompleted).as("a resync snapshot of gw-%d after %s", g, gap).isGreaterThan(gap.path("sequence").asLong());
            }
        }
    }

    private static Set<Integer> allGateways() {
        Set<Integer> all = new TreeSet<>();
        for (int g = 0; g < GATEWAYS; g++) {
            all.add(g);
        }
        return all;
    }

    /** (gateway, sequence) pairs that two records with different content carry. */
    private static List<String> sequencesNamingTwoRecords(List<JsonNode> records) {
        Map<String, Set<String>> contents = new HashMap<>();
        for (JsonNode r : records) {
            contents.computeIfAbsent(r.path("gateway").asText() + "#" + r.path("sequence").asLong(), k -> new HashSet<>())
                    .add(r.toString());
        }
        return contents.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
    }

    /** Worker id to the ids of the RUNNING tasks it runs, as {@code worker} reports the connector's status. */
    private static Map<String, List<Integer>> runningTasks(ConnectWorkerProcess worker) throws IOException {
        Map<String, List<Integer>> byWorker = new HashMap<>();
        ConnectWorkerProcess.Response status = worker.get("/connectors/" + NAME + "/status");
        if (status.status() != 200) {
            return byWorker;
        }
        for (JsonNode task : JSON.readTree(status.body()).path("tasks")) {
            if (task.path("state").asText().equals("RUNNING")) {
                byWorker.computeIfAbsent(task.path("worker_id").asText(), w -> new ArrayList<>()).add(task.path("id").asInt());
            }
        }
        return byWorker;
    }

    /** The simulator's gateway numbers that these tasks follow, from their task configs. */
    private static Set<Integer> gatewaysOf(ConnectWorkerProcess worker, List<Integer> tasks) throws IOException {
        ConnectWorkerProcess.Response response = worker.get("/connectors/" + NAME + "/tasks");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Set<Integer> gateways = new TreeSet<>();
        for (JsonNode task : JSON.readTree(response.body())) {
            if (tasks.contains(task.path("id").path("task").asInt())) {
                for (String endpoint : task.path("config").path("vici.endpoints").asText().split(",")) {
                    gateways.add(Integer.parseInt(endpoint.substring("gw-".length(), endpoint.indexOf('='))));
                }
            }
        }
        return gateways;
    }

    private static Set<String> gatewaysWith(String kind) {
        Set<String> gateways = new HashSet<>();
        for (JsonNode r : records(NAME + ".status")) {
            if (r.path("kind").asText().equals(kind)) {
                gateways.add(r.path("gateway").asText());
            }
        }
        return gateways;
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
