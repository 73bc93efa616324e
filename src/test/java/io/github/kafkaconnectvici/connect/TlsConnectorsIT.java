package io.github.kafkaconnectvici.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.connect.gateway.ViciTlsConfig;
import io.github.kafkaconnectvici.connect.sink.SinkFixture;
import io.github.kafkaconnectvici.connect.sink.ViciSinkConfig;
import io.github.kafkaconnectvici.connect.sink.ViciSinkConnector;
import io.github.kafkaconnectvici.connect.source.ViciSourceConfig;
import io.github.kafkaconnectvici.connect.source.ViciSourceConnector;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.testkit.charon.Stunnel;
import io.github.kafkaconnectvici.testkit.charon.TestCertificates;
import io.github.kafkaconnectvici.testkit.charon.TunnelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both connectors reach a real charon through stunnel4 with mutual TLS: the source writes records
 * of what happens on the gateway, the sink runs a command on it, a source the gateway refuses writes
 * only why (CONNECTION_FAILED), and validate() reports a client the gateway refuses or a store that
 * cannot be read against the right setting, without its password.
 * The trust store's password comes through a config provider, as a deployment would supply it.
 */
@ExtendWith(CharonRigExtension.class)
class TlsConnectorsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static CharonPair rig;
    private static TestCertificates pki;
    private static Stunnel stunnel;
    private static ConnectCluster cluster;
    private static Path secrets;

    @BeforeAll
    static void start(CharonPair pair) throws Exception {
        rig = pair;
        rig.loadDefaultConfig();
        pki = TestCertificates.create(dir);
        stunnel = Stunnel.start(pki, rig.a().socket(), dir.resolve("stunnel"));
        secrets = dir.resolve("vici-tls.properties");
        Files.writeString(secrets, "truststore.password=" + TestCertificates.STORE_PASSWORD + "\n");
        cluster = ConnectCluster.builder().workerProp("config.providers", "file")
                .workerProp("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider")
                .start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (stunnel != null) {
            stunnel.close();
        }
    }

    /** The client of a PEM key store and a PKCS12 trust store whose password a config provider supplies. */
    private static Map<String, String> tls() {
        Map<String, String> config = new HashMap<>();
        config.put(ViciTlsConfig.KEYSTORE_LOCATION, pki.keyStorePem("client").toString());
        config.put(ViciTlsConfig.KEYSTORE_TYPE, "PEM");
        config.put(ViciTlsConfig.TRUSTSTORE_LOCATION, pki.trustStoreP12("ca").toString());
        config.put(ViciTlsConfig.TRUSTSTORE_PASSWORD, "${file:" + secrets + ":truststore.password}");
        return config;
    }

    @Test
    void theSourceWritesTheGatewaysEventsReadThroughStunnel() throws Exception {
        Map<String, String> config = source(tls(), "tls");
        cluster.connect().configureConnector("tls-source", config);
        try {
            cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning("tls-source", 1, "not running");
            await("the first snapshot over TLS").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> records("tls.status").stream().anyMatch(r -> r.path("kind").asText().equals("SNAPSHOT_COMPLETED")));

            rig.a().swanctl("--initiate", "--child", "net");
            JsonNode up = await("ike-updown over TLS").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> records("tls.ike-updown"), r -> !r.isEmpty()).get(0);
            assertThat(up.path("gateway").asText()).isEqualTo("a");
            assertThat(up.path("up").asBoolean()).isTrue();
            assertThat(up.path("ike_sa").path("remote_host").asText()).isEqualTo(rig.a().peerAddress());
        } finally {
            cluster.connect().deleteConnector("tls-source");
            rig.a().swanctl("--terminate", "--ike", TunnelConfig.CONNECTION);
        }
    }

    private static Map<String, String> source(Map<String, String> tls, String prefix) {
        Map<String, String> config = new HashMap<>(tls);
        config.put("connector.class", ViciSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(ViciSourceConfig.ENDPOINTS, "a=" + stunnel.uri());
        config.put(ViciSourceConfig.TOPIC_PREFIX, prefix);
        config.put(ViciSourceConfig.SNAPSHOT_INTERVAL_MS, "0");
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("key.converter.schemas.enable", "false");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("topic.creation.default.replication.factor", "1");
        config.put("topic.creation.default.partitions", "1");
        return config;
    }

    @Test
    void aSourceWhoseCertificateTheGatewayRefusesWritesOnlyWhyItCannotConnect() throws Exception {
        Map<String, String> otherCa = new HashMap<>(tls());
        otherCa.put(ViciTlsConfig.KEYSTORE_LOCATION, pki.keyStorePem("client-other-ca").toString());
        Map<String, String> config = source(otherCa, "refused");
        config.put(ViciSourceConfig.VALIDATE_GATEWAYS, "false"); // else validate() refuses to create it
        cluster.connect().configureConnector("tls-refused", config);
        try {
            cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning("tls-refused", 1, "not running");
            JsonNode failed = await("a CONNECTION_FAILED status record").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> records("refused.status"), r -> !r.isEmpty()).get(0);
            assertThat(failed.path("kind").asText()).isEqualTo("CONNECTION_FAILED");
            assertThat(failed.path("reason").asText()).contains(stunnel.uri()).contains("refused the TLS session");
            try (var admin = cluster.kafka().createAdminClient()) {
                assertThat(admin.listTopics().names().get()).filteredOn(t -> t.startsWith("refused."))
                        .as("no data: status records only").containsExactly("refused.status");
            }
            assertThat(records("refused.status")).allSatisfy(r -> assertThat(r.path("kind").asText()).isEqualTo("CONNECTION_FAILED"));
        } finally {
            cluster.connect().deleteConnector("tls-refused");
        }
    }

    @Test
    void theSinkRunsACommandThroughStunnel() throws Exception {
        cluster.kafka().createTopic("tls.cmd.load-conn", 1);
        Map<String, String> config = new HashMap<>(tls());
        config.put("connector.class", ViciSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", "tls.cmd.load-conn");
        config.put(ViciSinkConfig.COMMAND_TOPIC_PREFIX, "tls.cmd.");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put(ViciSinkConfig.ENDPOINTS, "A=" + stunnel.uri());
        config.put(ViciSinkConfig.RESULT_BOOTSTRAP_SERVERS, cluster.bootstrapServers());
        cluster.connect().configureConnector("tls-sink", config);
        try {
            cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning("tls-sink", 1, "not running");
            Map<String, Object> value = Map.of("name", "over-tls",
                    "config", SinkFixture.json(TunnelConfig.loadConn(rig.a()).section(TunnelConfig.CONNECTION).orElseThrow()));
            cluster.kafka().produce("tls.cmd.load-conn", null, JSON.writeValueAsString(value));

            await("over-tls in list-conns on A").atMost(WAIT)
                    .until(() -> rig.a().swanctl("--list-conns").contains("over-tls:"));
        } finally {
            cluster.connect().deleteConnector("tls-sink");
        }
    }

    @Test
    void validateReportsARefusedClientAndAnUnreadableStoreWithoutPasswords() {
        Map<String, String> noCertificate = new HashMap<>(tls());
        noCertificate.remove(ViciTlsConfig.KEYSTORE_LOCATION);
        noCertificate.remove(ViciTlsConfig.KEYSTORE_TYPE);
        assertThat(errors(ViciSinkConnector.class, noCertificate, ViciSinkConfig.ENDPOINTS)).singleElement().asString()
                .contains("gateway 'A'").contains("refused the TLS session");

        Map<String, String> wrongPassword = new HashMap<>(tls());
        wrongPassword.put(ViciTlsConfig.TRUSTSTORE_PASSWORD, "not-" + TestCertificates.STORE_PASSWORD);
        for (Class<?> connector : List.of(ViciSinkConnector.class, ViciSourceConnector.class)) {
            assertThat(errors(connector, wrongPassword, ViciTlsConfig.TRUSTSTORE_LOCATION)).singleElement().asString()
                    .contains(pki.trustStoreP12("ca").toString()).doesNotContain(TestCertificates.STORE_PASSWORD);
        }
    }

    private static List<String> errors(Class<?> connector, Map<String, String> tls, String setting) {
        Map<String, String> config = new HashMap<>(tls);
        config.put("connector.class", connector.getName());
        config.put("name", "tls-validate");
        config.put("topics", "tls.cmd.load-conn");
        config.put(ViciSinkConfig.ENDPOINTS, "A=" + stunnel.uri());
        config.put(ViciSinkConfig.RESULT_BOOTSTRAP_SERVERS, cluster.bootstrapServers());
        ConfigInfos infos = cluster.connect().validateConnectorConfig(connector.getName(), config);
        return infos.configs().stream().map(ConfigInfo::configValue).filter(v -> v.name().equals(setting))
                .findFirst().orElseThrow().errors();
    }

    private static List<JsonNode> records(String topic) {
        List<JsonNode> records = new ArrayList<>();
        try {
            for (ConsumerRecord<byte[], byte[]> record : cluster.kafka().consumeAll(10_000, topic)) {
                records.add(JSON.readTree(record.value()));
            }
        } catch (Exception e) {
            // the topic is not there yet
        }
        return records;
    }
}
