package io.github.kafkaconnectvici.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.connect.source.runtime.RecordHeaders;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.charon.CharonDaemon;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.vici.ViciCommand;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway's inventory from real charon through a real Connect cluster: its configured
 * connections as list-conns lists them, a loaded certificate with its real validity, a
 * pool, and the stats, closed by INVENTORY_COMPLETED with the item count.
 */
@ExtendWith(CharonRigExtension.class)
class ViciSourceInventoryIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "inventory";

    private static ConnectCluster cluster;
    private static CharonPair rig;
    private static X509Certificate cert;

    @BeforeAll
    static void start(CharonPair pair, @TempDir Path dir) throws Exception {
        rig = pair;
        rig.loadDefaultConfig();
        cert = selfSigned(dir);
        try (ViciClient vici = ViciClient.builder().uri(rig.a().viciUri().toString()).connect()) {
            assertThat(vici.call(ViciCommand.LOAD_CERT.wireName(), Message.builder().put("type", "X509").put("flag", "NONE")
                    .put("data", cert.getEncoded()).build()).text("success")).contains("yes");
            assertThat(vici.call(ViciCommand.LOAD_POOL.wireName(), Message.builder()
                    .section("p1", p -> p.put("addrs", "10.200.0.0/28")).build()).text("success")).contains("yes");
        }
        cluster = ConnectCluster.start(1);
        Map<String, String> config = JsonSourceConfig.of(PREFIX, "a=" + rig.a().viciUri());
        config.put(ViciSourceConfig.EVENTS, "ike-updown");
        config.put(ViciSourceConfig.INVENTORY_INTERVAL_MS, "600000");
        cluster.connect().configureConnector(PREFIX, config);
        cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(PREFIX, 1, "connector did not start");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (rig != null) {
            try (ViciClient vici = ViciClient.builder().uri(rig.a().viciUri().toString()).connect()) {
                vici.call(ViciCommand.UNLOAD_POOL.wireName(), Message.builder().put("name", "p1").build());
                vici.call(ViciCommand.CLEAR_CREDS.wireName(), Message.EMPTY);
            }
            rig.loadDefaultConfig();
        }
    }

    @Test
    void connsCertsPoolsAndStatsArriveOnTheirTopicsClosedByInventoryCompleted() throws Exception {
        JsonNode completed = await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> records(PREFIX + ".status"), r -> r.stream()
                        .anyMatch(s -> s.value().path("kind").asText().equals("INVENTORY_COMPLETED")))
                .stream().filter(s -> s.value().path("kind").asText().equals("INVENTORY_COMPLETED")).findFirst()
                .orElseThrow().value();
        String id = completed.path("snapshot_id").asText();
        List<Rec> conns = ofInventory(PREFIX + ".conns", id);
        List<Rec> certs = ofInventory(PREFIX + ".certs", id);
        List<Rec> pools = ofInventory(PREFIX + ".pools", id);
        List<Rec> stats = ofInventory(PREFIX + ".stats", id);
        assertThat(completed.path("snapshot_total").asLong()).isEqualTo(conns.size() + certs.size() + pools.size() + stats.size());

        List<String> swanctlConns;
        try (ViciClient vici = ViciClient.builder().uri(rig.a().viciUri().toString()).connect()) {
            swanctlConns = vici.streamAll(ViciCommand.LIST_CONNS.wireName(), Message.EMPTY, "list-conn").events().stream()
                    .flatMap(m -> m.keys().stream()).toList();
        }
        assertThat(conns).extracting(r -> r.value().path("name").asText()).containsExactlyElementsOf(swanctlConns).contains("ab");
        JsonNode ab = conns.get(swanctlConns.indexOf("ab")).value().path("values");
        assertThat(ab.toString()).contains(rig.a().peerAddress()).contains("children/net");
        assertThat(conns.get(0).key().path("ike_sa").asText()).isEqualTo(swanctlConns.get(0));

        assertThat(certs).singleElement().satisfies(c -> {
            assertThat(c.value().path("type").asText()).isEqualTo("X509");
            assertThat(c.value().path("subject").asText()).isEqualTo("CN=inventory.test");
            assertThat(c.value().path("not_after").asLong()).isEqualTo(cert.getNotAfter().getTime());
            assertThat(c.value().path("not_before").asLong()).isEqualTo(cert.getNotBefore().getTime());
            assertThat(c.value().path("sha256").asText())
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())));
            assertThat(c.value().path("has_privkey").asBoolean()).isFalse();
            assertThat(c.header(RecordHeaders.EVENT)).isEqualTo("list-cert");
        });
        assertThat(pools).singleElement().satisfies(p -> assertThat(p.value().path("values").path("p1/base").asText())
                .isEqualTo(rig.a().daemon() == CharonDaemon.STRONGSWAN_5 ? "10.200.0.0" : "10.200.0.1"));
        assertThat(stats).singleElement().satisfies(s -> {
            assertThat(s.value().path("values").path("ikesas/total").asText()).matches("\\d+");
            assertThat(s.header(RecordHeaders.GATEWAY)).isEqualTo("a");
        });
    }

    record Rec(JsonNode key, JsonNode value, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private static List<Rec> ofInventory(String topic, String inventoryId) {
        return records(topic).stream().filter(r -> r.value().path("inventory_id").asText().equals(inventoryId)).toList();
    }

    private static List<Rec> records(String topic) {
        List<Rec> records = new ArrayList<>();
        try {
            for (ConsumerRecord<byte[], byte[]> record : cluster.kafka().consumeAll(10_000, topic)) {
                Map<String, String> headers = new HashMap<>();
                record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
                records.add(new Rec(JSON.readTree(record.key()), JSON.readTree(record.value()), headers));
            }
        } catch (Exception e) {
            return List.of(); // the topic is not there yet: nothing written to it
        }
        return records;
    }

    private static X509Certificate selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("inventory.p12");
        Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-alias", "inv", "-keyalg", "EC", "-dname", "CN=inventory.test", "-validity", "3")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        return (X509Certificate) keyStore.getCertificate("inv");
    }
}
