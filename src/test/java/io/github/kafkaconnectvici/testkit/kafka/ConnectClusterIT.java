package io.github.kafkaconnectvici.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.Response;

/** The kit's cluster is real: a broker that stores and serves records, and workers answering REST. */
class ConnectClusterIT {

    private static ConnectCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectCluster.start(1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void topicIsCreatedProducedToAndConsumedFrom() throws Exception {
        String topic = "testkit-round-trip";
        cluster.kafka().createTopic(topic, 2);
        cluster.connect().assertions().assertTopicSettings(topic, 1, 2, "topic was not created as asked");

        List<String> sent = List.of("alpha", "beta", "gamma", "delta");
        for (int i = 0; i < sent.size(); i++) {
            cluster.kafka().produce(topic, i % 2, "key-" + i, sent.get(i));
        }

        ConsumerRecords<byte[], byte[]> records = cluster.kafka().consume(sent.size(), 60_000, topic);
        List<String> received = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            received.add(new String(record.value(), StandardCharsets.UTF_8));
            int index = sent.indexOf(received.get(received.size() - 1));
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("key-" + index);
            assertThat(record.partition()).isEqualTo(index % 2);
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(cluster.kafka().endOffset(new TopicPartition(topic, 0))).isEqualTo(2);
        assertThat(cluster.kafka().endOffset(new TopicPartition(topic, 1))).isEqualTo(2);
    }

    @Test
    void workersAnswerRestAndUseTheKitsSettings() throws Exception {
        Response root = cluster.connect().requestGet(cluster.connect().endpointForResource(""));
        assertThat(root.getStatus()).isEqualTo(200);
        JsonNode info = new ObjectMapper().readTree(body(root));
        assertThat(info.path("kafka_cluster_id").asText()).isNotBlank();
        assertThat(info.path("version").asText()).startsWith("4.3.");

        assertThat(cluster.workerProps())
                .containsEntry("plugin.discovery", "service_load")
                .containsEntry("offset.flush.interval.ms", String.valueOf(ConnectCluster.OFFSET_FLUSH_INTERVAL_MS))
                .containsEntry("bootstrap.servers", cluster.bootstrapServers());

        // Plugins come from META-INF/services (service_load): Connect's own transforms are listed.
        Response plugins = cluster.connect().requestGet(
                cluster.connect().endpointForResource("connector-plugins?connectorsOnly=false"));
        assertThat(plugins.getStatus()).isEqualTo(200);
        assertThat(body(plugins)).contains("org.apache.kafka.connect.transforms.Filter");
    }

    /** The embedded cluster's responses are built in memory, so the entity is already the body text. */
    private static String body(Response response) {
        return String.valueOf(response.getEntity());
    }
}
