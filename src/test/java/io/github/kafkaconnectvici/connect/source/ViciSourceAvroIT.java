package io.github.kafkaconnectvici.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apicurio.registry.utils.converter.AvroConverter;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.kafka.SchemaRegistry;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.testkit.charon.SwanctlRaw;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The source connector's records end to end in Avro: a real charon, the worker's AvroConverter
 * registering the connector's schemas in a real Apicurio registry, Kafka, and a fresh AvroConverter
 * decoding them back into typed Connect data.
 */
@ExtendWith(CharonRigExtension.class)
class ViciSourceAvroIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    private static SchemaRegistry registry;
    private static ConnectCluster cluster;
    private static CharonPair rig;

    @BeforeAll
    static void start(CharonPair pair) {
        rig = pair;
        rig.loadDefaultConfig();
        registry = SchemaRegistry.start();
        cluster = ConnectCluster.builder()
                .workerProps(registry.converterConfig("key.converter."))
                .workerProps(registry.converterConfig("value.converter."))
                .start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void lifecycleStatusAndSnapshotRecordsDecodeThroughTheRegistry() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", ViciSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(ViciSourceConfig.ENDPOINTS, "gw-a=" + rig.a().viciUri());
        config.put(ViciSourceConfig.TOPIC_PREFIX, "avro");
        config.put(ViciSourceConfig.SNAPSHOT_INTERVAL_MS, "0");
        config.put("topic.creation.default.replication.factor", "1");
        config.put("topic.creation.default.partitions", "1");
        cluster.connect().configureConnector("avro", config);
        cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning("avro", 1, "connector did not start");
        await().atMost(WAIT).until(() -> decoded("avro.status", false).stream()
                .anyMatch(s -> "SNAPSHOT_COMPLETED".equals(s.getString("kind"))));

        rig.a().swanctl("--initiate", "--child", "net");
        Message sa = SwanctlRaw.parse(rig.a().swanctl("--list-sas", "--raw")).stream()
                .filter(d -> d.label().equals("list-sa event")).findFirst().orElseThrow().message().section("ab").orElseThrow();
        try {
            List<Struct> ups = await().atMost(WAIT).until(() -> decoded("avro.ike-updown", false), r -> !r.isEmpty());
            Struct up = ups.get(0);
            assertThat(up.schema().name()).isEqualTo("io.github.kafkaconnectvici.source.IkeUpdown");
            assertThat(up.getString("gateway")).isEqualTo("gw-a");
            assertThat(up.getBoolean("up")).isTrue();
            Struct ikeSa = up.getStruct("ike_sa");
            assertThat(ikeSa.getInt64("uniqueid")).isEqualTo(Long.parseLong(sa.text("uniqueid").orElseThrow()));
            assertThat(ikeSa.getInt32("version")).isEqualTo(2);
            assertThat(ikeSa.getString("initiator_spi")).isEqualTo(sa.text("initiator-spi").orElseThrow());
            assertThat(ikeSa.getString("remote_id")).isEqualTo("b.test");
            assertThat(ikeSa.getBoolean("initiator")).isTrue();

            Struct key = decoded("avro.ike-updown", true).get(0);
            assertThat(key.getString("gateway")).isEqualTo("gw-a");
            assertThat(key.getInt64("ike_sa_unique_id")).isEqualTo(ikeSa.getInt64("uniqueid"));

            // a snapshot taken by a restart of the task lists the SA, in Avro too
            cluster.connect().restartConnectorAndTasks("avro", false, true, false);
            List<Struct> entries = await().atMost(WAIT).until(() -> decoded("avro.list-sas", false), r -> !r.isEmpty());
            Struct entry = entries.get(0);
            assertThat(entry.getBoolean("last")).isTrue();
            assertThat(entry.getInt64("total")).isEqualTo(1L);
            assertThat(entry.getStruct("ike_sa").getString("responder_spi")).isEqualTo(sa.text("responder-spi").orElseThrow());
            List<Struct> status = decoded("avro.status", false);
            assertThat(status).extracting(s -> s.getString("kind")).contains("SNAPSHOT_STARTED", "SNAPSHOT_COMPLETED");
            assertThat(status).allSatisfy(s -> assertThat(s.schema().name()).isEqualTo("io.github.kafkaconnectvici.source.Status"));
        } finally {
            rig.a().swanctl("--terminate", "--ike", "ab");
        }
    }

    /** Every record of {@code topic}, keys or values, decoded by a converter with no cache of its own. */
    private static List<Struct> decoded(String topic, boolean keys) {
        Converter converter = new AvroConverter<>();
        converter.configure(registry.converterConfig(""), keys);
        Iterable<ConsumerRecord<byte[], byte[]>> records;
        try {
            records = cluster.kafka().consumeAll(10_000, topic);
        } catch (Exception e) {
            return List.of(); // not created yet
        }
        List<Struct> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            SchemaAndValue data = converter.toConnectData(topic, keys ? record.key() : record.value());
            out.add((Struct) data.value());
        }
        return out;
    }
}
