package io.github.kafkaconnectvici.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fault campaign: the source connector follows gateway a of a real charon pair while SAs are
 * initiated, rekeyed (CHILD_SA, then IKE_SA) and terminated back to back, and faults are applied
 * mid-burst: charon SIGKILLed and restarted, the task restarted through the REST API, the connector
 * paused and resumed, a consumer too slow (Connect does not call poll for a minute), the broker
 * stopped. A second VICI client on the same charon is the reference. At the end every event it saw
 * (up/down and rekey) must be a record (same SA, same content) or inside a GAP window of the gateway;
 * no sequence may name two records; the task never fails; a completed snapshot follows every gap.
 *
 * <p>Short form in {@code mvn verify}: 10 kills, 3 task restarts, 2 pauses, one 60 s poll stall, a
 * 10 s broker stop. The full campaign sets counts through system properties, e.g.
 * {@code -Dcampaign.kills=100 -Dcampaign.restarts=20 -Dcampaign.pauses=10
 * -Dcampaign.brokerOutageSeconds=120} (see BENCHMARKS.md); {@code campaign.slowConsumers} and
 * {@code campaign.pollStallSeconds} set the stalls. The table goes to target/fault-campaign.md.
 */
@ExtendWith(CharonRigExtension.class)
class SourceFaultCampaignIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "campaign";
    // Each fault waits for this many more reference events, so that it lands mid-burst.
    private static final int EVENTS_BETWEEN_FAULTS = 6;

    private static ConnectCluster cluster;
    private static CharonPair rig;

    @BeforeAll
    static void start(CharonPair pair) {
        rig = pair;
        rig.loadDefaultConfig();
        // each throttle of the slow-consumer fault lasts one quota window (ThrottledProducer)
        cluster = ConnectCluster.builder().workers(1).brokerProp(ThrottledProducer.WINDOW_SETTING, "10").start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyEventTheReferenceSawIsARecordOrInsideAGap() throws Exception {
        int kills = Integer.getInteger("campaign.kills", 10);
        int restarts = Integer.getInteger("campaign.restarts", 3);
        int pauses = Integer.getInteger("campaign.pauses", 2);
        int brokerStops = Integer.getInteger("campaign.brokerStops", 1);
        Duration brokerOutage = Duration.ofSeconds(Integer.getInteger("campaign.brokerOutageSeconds", 10));
        int slowConsumers = Integer.getInteger("campaign.slowConsumers", 1);
        Duration pollStall = Duration.ofSeconds(Integer.getInteger("campaign.pollStallSeconds", 60));
        CharonNode a = rig.a();
        List<FaultLedger.Phase> phases = new ArrayList<>();
        Map<String, Long> taskFailures = new HashMap<>();

        try (ReferenceSubscriber reference = new ReferenceSubscriber(a.viciUri(), ReferenceSubscriber.UPDOWN_AND_REKEY)) {
            cluster.connect().configureConnector(NAME, connectorConfig(a));
            cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(NAME, 1, "connector did not start");
            awaitUntil(() -> kinds().contains("SNAPSHOT_COMPLETED"));

            try (SaChurn churn = SaChurn.withRekeys(a.viciUri())) {
                Instant from = Instant.now();
                for (int i = 0; i < kills; i++) {
                    awaitMoreEvents(reference);
                    long gapsBefore = count("GAP");
                    a.kill();
                    a.start();
                    a.swanctl("--load-all", "--file", a.dir().resolve("swanctl.conf").toString());
                    // the connector is back once it has written the gap, so that it falls in this phase
                    awaitUntil(() -> count("GAP") > gapsBefore);
                    countFailure(taskFailures, "charon SIGKILL + restart");
                }
                phases.add(new FaultLedger.Phase("charon SIGKILL + restart", kills, from, Instant.now()));

                from = Instant.now();
                for (int i = 0; i < restarts; i++) {
                    awaitMoreEvents(reference);
                    long snapshotsBefore = count("SNAPSHOT_COMPLETED");
                    cluster.connect().restartTask(NAME, 0);
                    // the new task is running once it has listed the SAs
                    awaitUntil(() -> count("SNAPSHOT_COMPLETED") > snapshotsBefore);
                    countFailure(taskFailures, "task restart (REST)");
                }
                phases.add(new FaultLedger.Phase("task restart (REST)", restarts, from, Instant.now()));

                from = Instant.now();
                for (int i = 0; i < pauses; i++) {
                    awaitMoreEvents(reference);
                    cluster.connect().pauseConnector(NAME);
                    awaitUntil(() -> taskState().equals("PAUSED"));
                    awaitMoreEvents(reference);
                    cluster.connect().resumeConnector(NAME);
                    awaitUntil(() -> taskState().equals("RUNNING"));
                    countFailure(taskFailures, "connector pause + resume");
                }
                awaitMoreEvents(reference);
                phases.add(new FaultLedger.Phase("connector pause + resume", pauses, from, Instant.now()));

                from = Instant.now();
                String slowFault = "slow consumer: poll not called for " + pollStall.toSeconds() + " s";
                for (int i = 0; i < slowConsumers; i++) {
                    awaitMoreEvents(reference);
                    long gapsBefore = count("GAP");
                    Duration stalled = stallPoll(pollStall);
                    System.out.printf("poll not called for %d s of a %d s stall%n", stalled.toSeconds(), pollStall.toSeconds());
                    // the fault took hold: poll stood still for most of the stall, not just between batches
                    assertThat(stalled).as("longest time without a poll").isGreaterThan(pollStall.dividedBy(2));
                    awaitCaughtUp(reference);
                    // and it cost events, as the buffers below make sure: a GAP gives their window
                    awaitUntil(() -> count("GAP") > gapsBefore);
                    countFailure(taskFailures, slowFault);
                }
                phases.add(new FaultLedger.Phase(slowFault, slowConsumers, from, Instant.now()));

                from = Instant.now();
                String brokerFault = "broker stopped " + brokerOutage.toSeconds() + " s + restarted";
                for (int i = 0; i < brokerStops; i++) {
                    awaitMoreEvents(reference);
                    cluster.kafka().stopOnlyBrokers();
                    Instant back = Instant.now().plus(brokerOutage);
                    // the outage is the fault's parameter: the load goes on meanwhile
                    await().atMost(brokerOutage.plus(WAIT)).pollInterval(Duration.ofMillis(200))
                            .until(() -> Instant.now().isAfter(back));
                    cluster.kafka().restartOnlyBrokers();
                    int seen = reference.count();
                    awaitUntil(() -> records(NAME + ".ike-updown").size() + records(NAME + ".child-updown").size() > 0
                            && reference.count() > seen + EVENTS_BETWEEN_FAULTS);
                    countFailure(taskFailures, brokerFault);
                }
                awaitMoreEvents(reference);
                phases.add(new FaultLedger.Phase(brokerFault, brokerStops, from, Instant.now()));
                assertThat(churn.cycles()).as("initiate/terminate cycles completed").isPositive();
                assertThat(churn.rekeys()).as("rekeys completed").isPositive();
            }

            // Load stopped: everything the reference saw must now be accounted for.
            FaultLedger ledger;
            try {
                ledger = await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                        .until(() -> new FaultLedger(reference.seen(), allRecords()),
                                l -> l.silentLosses().isEmpty() && l.gapsWithoutResync() == 0);
            } catch (ConditionTimeoutException e) {
                ledger = new FaultLedger(reference.seen(), allRecords());
            }
            String table = report(ledger, phases, taskFailures);
            System.out.println(table);

            for (FaultLedger.Phase phase : phases) {
                assertThat(ledger.row(phase, 0).events()).as("reference events during %s", phase.fault()).isPositive();
            }
            for (String event : ReferenceSubscriber.UPDOWN_AND_REKEY) {
                assertThat(ledger.recordsOf(event)).as("%s events recorded", event).isPositive();
            }
            assertThat(ledger.silentLosses()).as("reference events neither recorded nor inside a GAP\n%s", table).isEmpty();
            assertThat(ledger.duplicates()).as("sequence numbers naming two different records").isZero();
            assertThat(ledger.gapsWithoutResync()).as("gaps without a completed snapshot after them").isZero();
            assertThat(taskFailures.values().stream().mapToLong(Long::longValue).sum()).as("task failures").isZero();
            assertThat(taskState()).isEqualTo("RUNNING");
        } finally {
            if (cluster.connect().connectors().contains(NAME)) {
                cluster.connect().deleteConnector(NAME);
            }
        }
    }

    // --- helpers

    private static Map<String, String> connectorConfig(CharonNode node) {
        Map<String, String> config = JsonSourceConfig.of(NAME, "a=" + node.viciUri());
        config.put(ViciSourceConfig.EVENTS, String.join(",", ReferenceSubscriber.UPDOWN_AND_REKEY));
        config.put(ViciSourceConfig.HEARTBEAT_INTERVAL_MS, "1000");
        // A worker's default 32 MiB producer buffer takes this load ~100 s to fill; with 256 KiB a
        // throttled producer reaches poll within seconds (the slow-consumer fault). No record comes near it.
        config.put("producer.override.buffer.memory", Integer.toString(256 * 1024));
        // Buffers that half of a stall outlasts at this load (~70 events/s, so ~2,000 events in 30 s while
        // poll() stands still, against room for 900: the task's queue and the gateway's event buffer): the
        // slow consumer then costs events, which must come back as a QUEUE_OVERFLOW gap and a resync.
        // Batches stay at 500 (and the queue must be larger): smaller ones let a throttled task reach
        // poll() between sends.
        config.put(ViciSourceConfig.MAX_QUEUE_SIZE, "600");
        config.put(ViciSourceConfig.MAX_BATCH_SIZE, "500");
        config.put(ViciSourceConfig.EVENT_BUFFER_SIZE, "300");
        return config;
    }

    /**
     * The slow-consumer fault: the broker throttles the task's producer for {@code stall} (see
     * {@link ThrottledProducer}), so it fills its buffer, blocks in send and Connect stops calling
     * poll, while charon's events go on. Returns the longest time poll was not called.
     */
    private static Duration stallPoll(Duration stall) {
        PollWatch watch = new PollWatch(NAME, 0);
        try (ThrottledProducer throttled = ThrottledProducer.throttle(cluster.kafka(), ThrottledProducer.producerOf(NAME, 0))) {
            Instant end = Instant.now().plus(stall);
            // the stall is the fault's parameter: the load goes on meanwhile
            await().atMost(stall.plus(WAIT)).pollInterval(Duration.ofMillis(200)).until(() -> {
                watch.sample();
                return Instant.now().isAfter(end);
            });
        }
        watch.sample();
        return watch.longestWithoutPoll();
    }

    /** Waits until the connector has written (or reported as lost) the newest event the reference saw. */
    private static void awaitCaughtUp(ReferenceSubscriber reference) {
        awaitMoreEvents(reference);
        List<ReferenceSubscriber.Seen> seen = reference.seen();
        List<ReferenceSubscriber.Seen> newest = seen.subList(seen.size() - 1, seen.size());
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> new FaultLedger(newest, allRecords()).silentLosses().isEmpty());
    }

    private static void awaitMoreEvents(ReferenceSubscriber reference) {
        int before = reference.count();
        awaitUntil(() -> reference.count() >= before + EVENTS_BETWEEN_FAULTS);
    }

    private static void awaitUntil(BooleanSupplier condition) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
    }

    private static void countFailure(Map<String, Long> failures, String fault) {
        ConnectorStateInfo state = cluster.connect().connectorStatus(NAME);
        long failed = state.tasks().stream().filter(t -> t.state().equals("FAILED")).count()
                + (state.connector().state().equals("FAILED") ? 1 : 0);
        failures.merge(fault, failed, Long::sum);
    }

    private static String taskState() {
        List<ConnectorStateInfo.TaskState> tasks = cluster.connect().connectorStatus(NAME).tasks();
        return tasks.isEmpty() ? "NONE" : tasks.get(0).state();
    }

    private static List<String> kinds() {
        return records(NAME + ".status").stream().map(r -> r.path("kind").asText()).toList();
    }

    private static long count(String kind) {
        return kinds().stream().filter(kind::equals).count();
    }

    private static List<String> connectorTopics() {
        List<String> topics = new ArrayList<>(List.of(NAME + ".status", NAME + ".list-sas"));
        ReferenceSubscriber.UPDOWN_AND_REKEY.forEach(event -> topics.add(NAME + "." + event));
        return topics;
    }

    private static List<JsonNode> allRecords() {
        List<JsonNode> all = new ArrayList<>();
        for (String topic : connectorTopics()) {
            all.addAll(records(topic));
        }
        return all;
    }

    private static List<JsonNode> records(String topic) {
        List<JsonNode> records = new ArrayList<>();
        try {
            for (ConsumerRecord<byte[], byte[]> record : cluster.kafka().consumeAll(10_000, topic)) {
                records.add(JSON.readTree(record.value()));
            }
        } catch (Exception e) {
            // the topic is not there yet: nothing written to it
        }
        return records;
    }

    private static String report(FaultLedger ledger, List<FaultLedger.Phase> phases, Map<String, Long> failures)
            throws IOException {
        StringBuilder out = new StringBuilder("Fault campaign of the source connector (arrival tolerance "
                + ledger.tolerance().toMillis() + " ms; duplicates counted over the whole run)\n\n");
        out.append(FaultLedger.Row.header()).append('\n');
        for (FaultLedger.Phase phase : phases) {
            out.append(ledger.row(phase, failures.getOrDefault(phase.fault(), 0L)).markdown()).append('\n');
        }
        out.append("\nreference events by kind (as records):");
        for (String event : ReferenceSubscriber.UPDOWN_AND_REKEY) {
            out.append(' ').append(event).append(' ').append(ledger.referenceOf(event)).append(" (")
                    .append(ledger.recordsOf(event)).append(')');
        }
        out.append("\ngaps without a completed snapshot after them: ").append(ledger.gapsWithoutResync()).append('\n');
        ledger.silentLosses().forEach(s -> out.append("silent loss: ").append(s).append('\n'));
        Files.writeString(Path.of("target", "fault-campaign.md"), out);
        return out.toString();
    }
}
