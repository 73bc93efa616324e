package io.github.kafkaconnectvici.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.connect.source.runtime.GatewayMetrics;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.testkit.charon.SwanctlRaw;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The source connector in a real Connect cluster against two real charon daemons: the records on
 * each topic are checked against what swanctl, the reference client, reports. One rig and one
 * cluster for the class; each test has its own connector and topic prefix.
 */
@ExtendWith(CharonRigExtension.class)
class ViciSourceConnectorIT {

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
    void removeConnectorsAndTunnel() {
        connectors.forEach(name -> cluster.connect().deleteConnector(name));
        terminateAll(rig.a());
    }

    // --- tests

    @Test
    void initiateRekeyAndTerminateArriveOnTheirTopicsWithSwanctlsValues() throws Exception {
        String prefix = start("lifecycle", endpoint("a", rig.a()), Map.of(ViciSourceConfig.LOG_LEVEL, "0"));
        awaitStatus(prefix, "SNAPSHOT_COMPLETED");

        rig.a().swanctl("--initiate", "--child", "net");
        Message up = onlyIkeSa(rig.a());
        rig.a().swanctl("--rekey", "--ike", "ab");
        Message rekeyed = await().atMost(WAIT).until(() -> onlyIkeSa(rig.a()),
                sa -> sa != null && !text(sa, "uniqueid").equals(text(up, "uniqueid")) && "ESTABLISHED".equals(text(sa, "state")));
        rig.a().swanctl("--rekey", "--child", "net");
        Message childRekeyed = await().atMost(WAIT).until(() -> onlyIkeSa(rig.a()),
                sa -> sa != null && !childText(sa, "spi-in").equals(childText(rekeyed, "spi-in")));
        rig.a().swanctl("--terminate", "--ike", "ab");

        JsonNode upRecord = awaitRecords(prefix + ".ike-updown", r -> r.size() >= 2).get(0);
        assertThat(upRecord.path("up").asBoolean()).isTrue();
        assertSameIkeSa(upRecord.path("ike_sa"), up);
        JsonNode down = awaitRecords(prefix + ".ike-updown", r -> r.size() >= 2).get(1);
        assertThat(down.path("up").asBoolean()).isFalse();
        assertThat(down.path("ike_sa").path("uniqueid").asLong()).isEqualTo(Long.parseLong(text(rekeyed, "uniqueid")));

        JsonNode childUp = awaitRecords(prefix + ".child-updown", r -> !r.isEmpty()).get(0);
        assertThat(childUp.path("up").asBoolean()).isTrue();
        JsonNode child = childUp.path("ike_sa").path("child_sas").get(0);
        assertThat(child.path("spi_in").asText()).isEqualTo(childText(up, "spi-in"));
        assertThat(child.path("spi_out").asText()).isEqualTo(childText(up, "spi-out"));

        JsonNode ikeRekey = awaitRecords(prefix + ".ike-rekey", r -> !r.isEmpty()).get(0);
        assertThat(ikeRekey.path("old_ike_sa").path("uniqueid").asLong()).isEqualTo(Long.parseLong(text(up, "uniqueid")));
        assertSameIkeSa(ikeRekey.path("new_ike_sa"), rekeyed);

        JsonNode childRekey = awaitRecords(prefix + ".child-rekey", r -> !r.isEmpty()).get(0);
        assertThat(childRekey.path("old_child_sa").path("spi_in").asText()).isEqualTo(childText(rekeyed, "spi-in"));
        assertThat(childRekey.path("new_child_sa").path("spi_in").asText()).isEqualTo(childText(childRekeyed, "spi-in"));
        assertThat(childRekey.path("new_child_sa").path("spi_out").asText()).isEqualTo(childText(childRekeyed, "spi-out"));

        // vici.log.level=0: charon's audit lines only, and the establishment is among them
        List<JsonNode> logs = awaitRecords(prefix + ".log", r -> r.stream()
                .anyMatch(l -> l.path("message").asText().contains("established")));
        assertThat(logs).allSatisfy(l -> assertThat(l.path("level").asInt()).isLessThanOrEqualTo(0));

        List<JsonNode> all = allRecords(prefix);
        assertThat(all).allSatisfy(r -> assertThat(r.path("gateway").asText()).isEqualTo("a"));
        assertContiguousSequences(all);
    }

    @Test
    void aSnapshotEqualsSwanctlListSasRaw() throws Exception {
        rig.a().swanctl("--initiate", "--child", "net");
        List<SwanctlRaw.Dump> raw = SwanctlRaw.parse(rig.a().swanctl("--list-sas", "--raw"));
        List<Message> expected = raw.stream().filter(d -> d.label().equals("list-sa event")).map(SwanctlRaw.Dump::message).toList();
        assertThat(expected).isNotEmpty();

        String prefix = start("snapshot", endpoint("a", rig.a()), Map.of());
        JsonNode completed = awaitStatus(prefix, "SNAPSHOT_COMPLETED");
        String snapshotId = completed.path("snapshot_id").asText();
        assertThat(completed.path("snapshot_total").asLong()).isEqualTo(expected.size());
        List<JsonNode> entries = awaitRecords(prefix + ".list-sas", r -> r.size() >= expected.size()).stream()
                .filter(r -> r.path("snapshot_id").asText().equals(snapshotId)).toList();

        assertThat(entries).hasSize(expected.size());
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            assertThat(entry.path("position").asLong()).isEqualTo(i);
            assertThat(entry.path("last").asBoolean()).isEqualTo(i == entries.size() - 1);
            assertThat(entry.path("total").isNull()).isEqualTo(i != entries.size() - 1);
            String name = entry.path("ike_sa").path("name").asText();
            Message sa = expected.stream().map(m -> m.section(name).orElse(null)).filter(s -> s != null
                    && text(s, "uniqueid").equals(entry.path("ike_sa").path("uniqueid").asText())).findFirst().orElseThrow();
            assertSameIkeSa(entry.path("ike_sa"), sa);
            JsonNode child = entry.path("ike_sa").path("child_sas").get(0);
            Message rawChild = firstChild(sa);
            for (String key : List.of("name", "uniqueid", "reqid", "state", "mode", "protocol", "spi-in", "spi-out",
                    "encr-alg")) {
                if (rawChild.text(key).isPresent()) {
                    assertThat(child.path(key.replace('-', '_')).asText()).as(key).isEqualTo(text(rawChild, key));
                }
            }
            assertThat(child.path("local_ts").toString()).contains("10.98.1.0/24");
        }
        assertThat(entries.get(entries.size() - 1).path("total").asLong()).isEqualTo(expected.size());
    }

    @Test
    void twoGatewaysOverTwoTasks() throws Exception {
        String prefix = start("pair", endpoint("a", rig.a()) + "," + endpoint("b", rig.b()),
                Map.of("tasks.max", "2"));
        cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning("pair", 2, "two tasks expected");
        await().atMost(WAIT).until(() -> allRecords(prefix + ".status").stream()
                .filter(r -> r.path("kind").asText().equals("SNAPSHOT_COMPLETED")).map(r -> r.path("gateway").asText())
                .distinct().count() == 2);

        rig.a().swanctl("--initiate", "--child", "net");
        String spi = text(onlyIkeSa(rig.a()), "initiator-spi");

        List<JsonNode> ups = awaitRecords(prefix + ".ike-updown", r -> r.size() >= 2);
        assertThat(ups).extracting(r -> r.path("gateway").asText()).containsExactlyInAnyOrder("a", "b");
        assertThat(ups).allSatisfy(r -> {
            assertThat(r.path("up").asBoolean()).isTrue();
            assertThat(r.path("ike_sa").path("initiator_spi").asText()).isEqualTo(spi);
        });
        assertThat(ups).filteredOn(r -> r.path("gateway").asText().equals("a"))
                .allSatisfy(r -> assertThat(r.path("ike_sa").path("initiator").asBoolean()).isTrue());
        var server = ManagementFactory.getPlatformMBeanServer();
        assertThat(server.queryNames(new ObjectName(GatewayMetrics.DOMAIN + ":type=source-task-metrics,connector=pair,*"), null))
                .extracting(n -> n.getKeyProperty("task") + "/" + n.getKeyProperty("gateway"))
                .containsExactlyInAnyOrder("0/a", "1/b");
        assertThat((Long) server.getAttribute(GatewayMetrics.objectName("pair", 0, "a"), "RecordsIkeUpdown")).isEqualTo(1L);
    }

    @Test
    void charonKilledAndRestartedGivesAGapAResyncAndTheTaskKeepsRunning() throws Exception {
        String prefix = start("crash", endpoint("a", rig.a()), Map.of(ViciSourceConfig.HEARTBEAT_INTERVAL_MS, "1000"));
        awaitStatus(prefix, "SNAPSHOT_COMPLETED");

        rig.a().kill();
        rig.a().start();
        rig.a().swanctl("--load-all", "--file", rig.a().dir().resolve("swanctl.conf").toString());

        List<JsonNode> status = await().atMost(WAIT).until(() -> allRecords(prefix + ".status"), records -> {
            int gap = indexOf(records, "GAP", 0);
            return gap >= 0 && indexOf(records, "SNAPSHOT_COMPLETED", gap) > gap;
        });
        int gapAt = indexOf(status, "GAP", 0);
        JsonNode gap = status.get(gapAt);
        assertThat(gap.path("reason").asText()).contains("CONNECTION_LOST");
        assertThat(gap.path("gap_start").asLong()).isPositive().isLessThanOrEqualTo(gap.path("gap_end").asLong());
        assertThat(indexOf(status, "RECONNECTED", gapAt)).isGreaterThan(gapAt);
        assertThat(status.get(indexOf(status, "RECONNECTED", gapAt)).path("daemon_version").asText()).contains("5.9");
        ConnectorStateInfo state = cluster.connect().connectorStatus("crash");
        assertThat(state.tasks()).singleElement().satisfies(t -> assertThat(t.state()).isEqualTo("RUNNING"));

        // and events flow again on the new connection
        rig.a().swanctl("--initiate", "--child", "net");
        assertThat(awaitRecords(prefix + ".ike-updown", r -> !r.isEmpty()).get(0).path("up").asBoolean()).isTrue();
        assertContiguousSequences(allRecords(prefix));
    }

    @Test
    void aRestartedConnectorContinuesTheSequenceFromItsCommittedOffset() throws Exception {
        String prefix = start("resume", endpoint("a", rig.a()), Map.of(ViciSourceConfig.HEARTBEAT_INTERVAL_MS, "300"));
        await().atMost(WAIT).until(() -> allRecords(prefix + ".status").size() >= 4);

        cluster.connect().stopConnector("resume");
        cluster.connect().assertions().assertConnectorIsStopped("resume", "connector did not stop");
        long written = allRecords(prefix).stream().mapToLong(r -> r.path("sequence").asLong()).max().orElseThrow();
        long lastWrittenAt = allRecords(prefix).stream().filter(r -> r.path("sequence").asLong() == written)
                .findFirst().orElseThrow().path("received_at").asLong();
        List<ConnectorOffset> offsets = cluster.connect().connectorOffsets("resume").offsets();
        assertThat(offsets).singleElement().satisfies(o -> {
            assertThat(o.partition()).isEqualTo(Map.of("gateway", "a"));
            assertThat(((Number) o.offset().get("sequence")).longValue()).isEqualTo(written);
            assertThat(((Number) o.offset().get("time")).longValue()).as("the watermark").isLessThanOrEqualTo(lastWrittenAt);
        });

        cluster.connect().resumeConnector("resume");
        assertTheNewTaskReportsTheGapAndContinuesAbove(prefix, written);
    }

    /**
     * A task that resumes after {@code written} numbers above it, contiguously; its first record is a
     * GAP from the committed watermark to its own start, and a snapshot follows.
     */
    private static void assertTheNewTaskReportsTheGapAndContinuesAbove(String prefix, long written) {
        List<JsonNode> all = await().atMost(WAIT).until(() -> allRecords(prefix),
                records -> records.stream().filter(r -> r.path("sequence").asLong() > written).count() > 3);
        List<JsonNode> before = all.stream().filter(r -> r.path("sequence").asLong() <= written).toList();
        List<JsonNode> after = all.stream().filter(r -> r.path("sequence").asLong() > written).toList();
        assertContiguousSequences(before);
        assertContiguousSequences(after);
        JsonNode gap = after.get(0);
        assertThat(gap.path("kind").asText()).as("a resumed task first reports the gap").isEqualTo("GAP");
        assertThat(gap.path("reason").asText()).startsWith("TASK_START");
        long lastBefore = before.get(before.size() - 1).path("received_at").asLong();
        assertThat(gap.path("gap_start").asLong()).isLessThanOrEqualTo(lastBefore);
        assertThat(gap.path("gap_end").asLong()).isGreaterThanOrEqualTo(lastBefore).isLessThanOrEqualTo(gap.path("received_at").asLong());
        assertThat(after.get(1).path("kind").asText()).as("then lists the SAs").isIn("SNAPSHOT_STARTED", "SNAPSHOT_COMPLETED");
    }

    @Test
    void aRestartedWorkerResumesFromTheCommittedOffset() throws Exception {
        String prefix = start("worker-restart", endpoint("a", rig.a()), Map.of(ViciSourceConfig.HEARTBEAT_INTERVAL_MS, "300"));
        await().atMost(WAIT).until(() -> allRecords(prefix + ".status").size() >= 4);

        // The only worker stops as an operator's restart stops it: its task stops and commits its offsets.
        cluster.connect().removeWorker();
        long written = allRecords(prefix).stream().mapToLong(r -> r.path("sequence").asLong()).max().orElseThrow();
        cluster.connect().addWorker();
        cluster.connect().assertions().assertConnectorAndAtLeastNumTasksAreRunning("worker-restart", 1,
                "connector did not come back with the new worker");

        assertTheNewTaskReportsTheGapAndContinuesAbove(prefix, written);
    }

    @Test
    void anEventCharonDoesNotKnowIsReportedNotACrashLoop() throws Exception {
        Map<String, String> config = connectorConfig("unknown", endpoint("a", rig.a()));
        config.put(ViciSourceConfig.EVENTS, "ike-updown,ike-state-established");
        config.put("name", "unknown");

        ConfigInfos validation = cluster.connect().validateConnectorConfig(ViciSourceConnector.class.getName(), config);
        ConfigInfo events = validation.configs().stream()
                .filter(v -> v.configValue().name().equals(ViciSourceConfig.EVENTS)).findFirst().orElseThrow();
        assertThat(events.configValue().errors()).singleElement().asString()
                .contains("gateway 'a'").contains("ike-state-established").doesNotContain("ike-updown,");
        assertThat(validation.configs()).filteredOn(c -> !c.configValue().errors().isEmpty())
                .extracting(c -> c.configValue().name()).containsExactly(ViciSourceConfig.EVENTS);

        // Deployed anyway (as during a downgrade): the task says so and goes on with the events charon knows.
        config.put(ViciSourceConfig.VALIDATE_GATEWAYS, "false");
        cluster.connect().configureConnector("unknown", config);
        connectors.add("unknown");
        JsonNode report = awaitStatus("unknown", "EVENT_UNKNOWN");
        assertThat(report.path("events")).extracting(JsonNode::asText).containsExactly("ike-state-established");
        awaitStatus("unknown", "HEARTBEAT");
        rig.a().swanctl("--initiate", "--child", "net");
        awaitRecords("unknown.ike-updown", r -> !r.isEmpty());
        cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning("unknown", 1, "task must keep running");
        assertThat(allRecords("unknown.status")).filteredOn(r -> r.path("kind").asText().equals("EVENT_UNKNOWN")).hasSize(1);
    }

    // --- helpers

    private static String endpoint(String name, CharonNode node) {
        return name + "=" + node.viciUri();
    }

    private static Map<String, String> connectorConfig(String name, String endpoints) {
        Map<String, String> config = JsonSourceConfig.of(name, endpoints);
        config.put(ViciSourceConfig.HEARTBEAT_INTERVAL_MS, "2000");
        return config;
    }

    /** Starts a connector whose topic prefix is its name; returns the prefix. */
    private String start(String name, String endpoints, Map<String, String> extra) throws InterruptedException {
        Map<String, String> config = connectorConfig(name, endpoints);
        config.putAll(extra);
        cluster.connect().configureConnector(name, config);
        connectors.add(name);
        cluster.connect().assertions().assertConnectorAndAtLeastNumTasksAreRunning(name, 1, "connector did not start");
        return name;
    }

    private static List<JsonNode> allRecords(String topicOrPrefix) {
        List<String> topics = topicOrPrefix.contains(".") ? List.of(topicOrPrefix) : topicsOf(topicOrPrefix);
        List<JsonNode> records = new ArrayList<>();
        for (String topic : topics) {
            try {
                for (ConsumerRecord<byte[], byte[]> record : cluster.kafka().consumeAll(10_000, topic)) {
                    records.add(JSON.readTree(record.value()));
                }
            } catch (Exception e) {
                // the topic is not there yet: nothing written to it
            }
        }
        records.sort(Comparator.comparingLong(r -> r.path("sequence").asLong()));
        return records;
    }

    private static List<String> topicsOf(String prefix) {
        try (var admin = cluster.kafka().createAdminClient()) {
            return admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix + ".")).toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot list topics", e);
        }
    }

    private static List<JsonNode> awaitRecords(String topic, Predicate<List<JsonNode>> done) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> allRecords(topic), done);
    }

    private static JsonNode awaitStatus(String prefix, String kind) {
        List<JsonNode> status = awaitRecords(prefix + ".status", r -> indexOf(r, kind, 0) >= 0);
        return status.get(indexOf(status, kind, 0));
    }

    private static int indexOf(List<JsonNode> status, String kind, int from) {
        for (int i = from; i < status.size(); i++) {
            if (status.get(i).path("kind").asText().equals(kind)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The records of one task: every sequence number from its first up, each once, nothing skipped or
     * repeated. A task starts above the clock in microseconds (see GatewaySequence).
     */
    private static void assertContiguousSequences(List<JsonNode> records) {
        List<Long> sequences = records.stream().map(r -> r.path("sequence").asLong()).sorted().toList();
        assertThat(sequences).isNotEmpty();
        long first = sequences.get(0);
        assertThat(first).as("above the start time in us").isGreaterThan(1_700_000_000_000_000L);
        for (int i = 0; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).as("sequence #%d", i).isEqualTo(first + i);
        }
    }

    private static void assertSameIkeSa(JsonNode record, Message raw) {
        for (String key : List.of("uniqueid", "version", "state", "local-host", "local-port", "local-id", "remote-host",
                "remote-port", "remote-id", "initiator-spi", "responder-spi", "encr-alg", "encr-keysize", "integ-alg",
                "prf-alg", "dh-group")) {
            if (raw.text(key).isPresent()) {
                assertThat(record.path(key.replace('-', '_')).asText()).as(key).isEqualTo(text(raw, key));
            }
        }
    }

    /** The one IKE_SA swanctl lists on {@code node}, or null if there is none. */
    private static Message onlyIkeSa(CharonNode node) {
        List<Message> sas = SwanctlRaw.parse(node.swanctl("--list-sas", "--raw")).stream()
                .filter(d -> d.label().equals("list-sa event")).map(SwanctlRaw.Dump::message)
                .flatMap(m -> m.section("ab").stream()).toList();
        return sas.size() == 1 ? sas.get(0) : null;
    }

    private static Message firstChild(Message ikeSa) {
        Message children = ikeSa.section("child-sas").orElseThrow();
        return children.entries().values().stream().filter(Message.class::isInstance).map(Message.class::cast)
                .findFirst().orElseThrow();
    }

    private static String childText(Message ikeSa, String key) {
        return text(firstChild(ikeSa), key);
    }

    private static String text(Message message, String key) {
        return message.text(key).orElseThrow(() -> new AssertionError("swanctl gave no " + key + " in " + message.keys()));
    }

    private static void terminateAll(CharonNode node) {
        if (node.isRunning() && onlyIkeSaOrAny(node)) {
            node.swanctl("--terminate", "--ike", "ab");
        }
    }

    private static boolean onlyIkeSaOrAny(CharonNode node) {
        return node.swanctl("--list-sas", "--raw").contains("list-sa event");
    }
}
