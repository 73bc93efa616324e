package io.github.kafkaconnectvici.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.connect.source.SaChurn;
import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.testkit.charon.TestCertificates;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge profile as shipped: a standalone worker in a JVM of its own (the packaged plugin) started
 * from {@code config/connect-standalone-edge.properties} and {@code config/vici-source-edge.properties},
 * with only the site's values replaced (broker address, CA file, secrets file, offsets file, socket).
 * It follows a real charon through the local socket and produces to a broker that accepts SASL_SSL
 * only (SASL/PLAIN here, as the embedded broker has no SCRAM users); the password reaches the worker
 * through the file config provider; offsets go to the local file.
 */
@ExtendWith(CharonRigExtension.class)
class EdgeProfileIT {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "edge-17";
    private static final String PASSWORD = "edge-password-5309";
    private static final String SCRAM = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule";

    @Test
    void theShippedEdgeWorkerFollowsTheLocalSocketAndProducesOverSaslSsl(CharonPair rig, @TempDir Path tmp)
            throws Exception {
        rig.loadDefaultConfig();
        CharonNode gateway = rig.a();
        TestCertificates pki = TestCertificates.create(Files.createDirectories(tmp.resolve("pki")));
        Path secrets = tmp.resolve("edge-secrets.properties");
        Files.writeString(secrets, "sasl.username=" + USER + "\nsasl.password=" + PASSWORD + "\n");

        EmbeddedKafkaCluster central = new EmbeddedKafkaCluster(1, brokerProps(pki), clientProps(pki));
        central.start();
        Path dir = Path.of("target", "edge-profile-it").toAbsolutePath();
        ConnectWorkerProcess worker = null;
        try {
            Map<String, String> settings = read(Path.of("config", "connect-standalone-edge.properties"));
            // what ConnectWorkerProcess sets itself: the broker, REST port, plugin path, offsets file
            for (String own : List.of("bootstrap.servers", "listeners", "plugin.path", "offset.storage.file.filename")) {
                assertThat(settings).containsKey(own);
                settings.remove(own);
            }
            settings.replaceAll((key, value) -> site(value, pki, secrets));
            worker = ConnectWorkerProcess.start(central.bootstrapServers(), PackagedPlugin.pluginPath(), settings, dir);

            Map<String, String> connector = read(Path.of("config", "vici-source-edge.properties"));
            String name = connector.remove("name");
            connector.put("vici.endpoints", "site-17=" + gateway.viciUri());
            connector.put("topic.creation.default.replication.factor", "1");
            connector.put("snapshot.interval.ms", "0");
            connector.put("vici.events", "ike-updown,child-updown");
            worker.awaitPlugins();
            worker.configure(name, connector);
            worker.awaitRunning(name);

            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> kinds(central, "vici.status").contains("SNAPSHOT_COMPLETED"));
            try (SaChurn churn = new SaChurn(gateway.viciUri())) {
                await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                        .until(() -> !records(central, "vici.ike-updown").isEmpty());
            }
            assertThat(records(central, "vici.ike-updown")).allSatisfy(r -> assertThat(r.path("gateway").asText())
                    .isEqualTo("site-17"));
            Path offsets = dir.resolve("offsets");
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> Files.exists(offsets)
                    && new String(Files.readAllBytes(offsets), StandardCharsets.ISO_8859_1).contains("{\"gateway\":\"site-17\"}"));
            assertThat(worker.logText()).doesNotContain(PASSWORD);
            // the broker does check: the same client with another password is refused
            Map<String, Object> wrong = new HashMap<>(clientProps(pki));
            wrong.put("sasl.jaas.config", PLAIN + " required username=\"" + USER + "\" password=\"not-" + PASSWORD + "\";");
            wrong.put("bootstrap.servers", central.bootstrapServers());
            try (Admin admin = Admin.create(wrong)) {
                assertThatThrownBy(() -> admin.listTopics().names().get()).hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        } finally {
            if (worker != null) {
                worker.close();
            }
            central.stop();
        }
    }

    /** A shipped value with this site's files: the CA, the secrets file, SASL/PLAIN for SCRAM. */
    private static String site(String value, TestCertificates pki, Path secrets) {
        return value.replace("/etc/kafka-connect/central-ca.pem", pki.caPem("ca").toString())
                .replace("/etc/kafka-connect/edge-secrets.properties", secrets.toString())
                .replace(SCRAM, PLAIN)
                .replace("SCRAM-SHA-512", "PLAIN");
    }

    /** One combined KRaft node whose client listener takes SASL_SSL only; server certificate from the test CA. */
    private static Properties brokerProps(TestCertificates pki) {
        Properties broker = new Properties();
        // Lower case: Kafka reads protocols in any case, while EmbeddedKafkaCluster, seeing ":SASL_SSL",
        // would give its own clients SSL without SASL. They get clientProps instead.
        broker.put("listener.security.protocol.map", "EXTERNAL:sasl_ssl,CONTROLLER:PLAINTEXT");
        broker.put("sasl.enabled.mechanisms", "PLAIN");
        broker.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        broker.put("listener.name.external.plain.sasl.jaas.config", PLAIN + " required username=\"broker\""
                + " password=\"broker-password\" user_broker=\"broker-password\" user_" + USER + "=\"" + PASSWORD + "\";");
        broker.put("ssl.keystore.type", "PKCS12");
        broker.put("ssl.keystore.location", pki.keyStoreP12("broker").toString());
        broker.put("ssl.keystore.password", TestCertificates.STORE_PASSWORD);
        broker.put("ssl.truststore.type", "PKCS12");
        broker.put("ssl.truststore.location", pki.trustStoreP12("ca").toString());
        broker.put("ssl.truststore.password", TestCertificates.STORE_PASSWORD);
        return broker;
    }

    /** The test's own clients of the central cluster: SASL_SSL as the edge. */
    private static Map<String, String> clientProps(TestCertificates pki) {
        Map<String, String> client = new HashMap<>();
        client.put("security.protocol", "SASL_SSL");
        client.put("sasl.mechanism", "PLAIN");
        client.put("sasl.jaas.config", PLAIN + " required username=\"" + USER + "\" password=\"" + PASSWORD + "\";");
        client.put("ssl.truststore.type", "PEM");
        client.put("ssl.truststore.location", pki.caPem("ca").toString());
        return client;
    }

    private static List<String> kinds(EmbeddedKafkaCluster central, String topic) {
        return records(central, topic).stream().map(r -> r.path("kind").asText()).toList();
    }

    private static List<JsonNode> records(EmbeddedKafkaCluster central, String topic) {
        List<JsonNode> records = new ArrayList<>();
        try {
            for (ConsumerRecord<byte[], byte[]> record : central.consumeAll(10_000, topic)) {
                records.add(JSON.readTree(record.value()));
            }
        } catch (Exception e) {
            // the topic is not there yet: nothing written to it
        }
        return records;
    }

    private static Map<String, String> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return map;
    }
}
