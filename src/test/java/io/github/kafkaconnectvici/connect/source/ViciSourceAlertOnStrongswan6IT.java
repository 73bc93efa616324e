package io.github.kafkaconnectvici.connect.source;

import static io.github.kafkaconnectvici.testkit.charon.CharonDaemon.STRONGSWAN_6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apicurio.registry.utils.converter.AvroConverter;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.kafka.SchemaRegistry;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.testkit.charon.RigDaemons;
import io.github.kafkaconnectvici.testkit.charon.TunnelConfig;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * strongSwan 6's alert event through the source connector end to end: subscribed by name, written in
 * Avro through a real registry to {@code <prefix>.alert}, keyed by its IKE_SA, so that on a topic of
 * several partitions it lands on the partition of that SA's other records.
 */
@ExtendWith(CharonRigExtension.class)
@RigDaemons(a = STRONGSWAN_6, b = STRONGSWAN_6)
class ViciSourceAlertOnStrongswan6IT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int PARTITIONS = 5;

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
    void aNarrowedTrafficSelectorAlertLandsOnItsSasPartitionOfTheAlertTopic() throws InterruptedException {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", ViciSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(ViciSourceConfig.ENDPOINTS, "gw-a=" + rig.a().viciUri());
        config.put(ViciSourceConfig.TOPIC_PREFIX, "six");
        config.put(ViciSourceConfig.EVENTS, "ike-updown,alert");
        config.put(ViciSourceConfig.SNAPSHOT_INTERVAL_MS, "0");
        config.put("topic.creation.default.replication.factor", "1");
        config.put("topic.creation.default.partitions", Integer.toString(PARTITIONS));
        cluster.connect().configureConnector("six", config);
        cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning("six", 1, "connector did not start");
        await().atMost(WAIT).until(() -> records("six.status").stream().map(r -> decode("six.status", r, false))
                .anyMatch(s -> "SNAPSHOT_COMPLETED".equals(s.getString("kind"))));
        try (ViciClient b = ViciClient.builder().uri(rig.b().viciUri().toString()).connect()) {
            // B accepts only half of what A proposes for B's side: A sees its traffic selectors narrowed.
            b.call("load-conn", TunnelConfig.loadConn(rig.b(), "aes128-sha256-modp2048", "aes128gcm16", "10.98.2.0/25"));
        }

        rig.a().swanctl("--initiate", "--child", TunnelConfig.CHILD, "--timeout", "10");
        try {
            ConsumerRecord<byte[], byte[]> alert = await().atMost(WAIT).until(() -> records("six.alert"), r -> !r.isEmpty()).get(0);
            ConsumerRecord<byte[], byte[]> up = await().atMost(WAIT).until(() -> records("six.ike-updown"), r -> !r.isEmpty()).get(0);

            Struct value = decode("six.alert", alert, false);
            assertThat(value.schema().name()).isEqualTo("io.github.kafkaconnectvici.source.Alert");
            assertThat(value.getString("type")).isEqualTo("TS_NARROWED");
            assertThat(value.getString("type_name")).isEqualTo("ts-narrowed");
            Struct key = decode("six.alert", alert, true);
            Struct upKey = decode("six.ike-updown", up, true);
            assertThat(key.getString("ike_sa")).isEqualTo(TunnelConfig.CONNECTION);
            assertThat(key).isEqualTo(upKey);
            assertThat(value.getStruct("ike_sa").getInt64("uniqueid")).isEqualTo(key.getInt64("ike_sa_unique_id"));
            assertThat(alert.partition()).as("partition of the alert and of its SA's ike-updown").isEqualTo(up.partition());
        } finally {
            rig.a().swanctl("--terminate", "--ike", TunnelConfig.CONNECTION);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try {
            cluster.kafka().consumeAll(10_000, topic).forEach(out::add);
        } catch (Exception e) {
            return List.of(); // not created yet
        }
        return out;
    }

    /** A record's key or value, decoded by a converter with no cache of its own. */
    private static Struct decode(String topic, ConsumerRecord<byte[], byte[]> record, boolean key) {
        Converter converter = new AvroConverter<>();
        converter.configure(registry.converterConfig(""), key);
        return (Struct) converter.toConnectData(topic, key ? record.key() : record.value()).value();
    }
}
