package io.github.kafkaconnectvici.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sink creates its result topic at start against a real broker whose auto-creation is off. */
class ResultTopicIT {

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startBroker() {
        Properties broker = new Properties();
        broker.put("auto.create.topics.enable", "false");
        kafka = new EmbeddedKafkaCluster(1, broker);
        kafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.stop();
        }
    }

    private static Map<String, String> config(String topic, String bootstrap) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "result-topic-it");
        props.put("topics", "commands");
        props.put(ViciSinkConfig.RESULT_BOOTSTRAP_SERVERS, bootstrap);
        props.put(ViciSinkConfig.RESULT_TOPIC, topic);
        return props;
    }

    private static TopicDescription describe(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        }
    }

    @Test
    void startCreatesAMissingResultTopicWithTheConfiguredPartitionsAndReplication() throws Exception {
        Map<String, String> props = config("created.cmd-results", kafka.bootstrapServers());
        props.put(ViciSinkConfig.RESULT_TOPIC_PARTITIONS, "3");
        props.put(ViciSinkConfig.RESULT_TOPIC_REPLICATION_FACTOR, "1");
        new ViciSinkConnector().start(props);

        TopicDescription topic = describe("created.cmd-results");
        assertThat(topic.partitions()).hasSize(3);
        assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
    }

    @Test
    void theBrokerDefaultsApplyWhenNothingIsConfigured() throws Exception {
        new ViciSinkConnector().start(config("defaults.cmd-results", kafka.bootstrapServers()));
        assertThat(describe("defaults.cmd-results").partitions()).as("the broker's num.partitions").hasSize(1);
    }

    @Test
    void anExistingTopicIsLeftAsItIs() throws Exception {
        kafka.createTopic("existing.cmd-results", 2);
        Map<String, String> props = config("existing.cmd-results", kafka.bootstrapServers());
        props.put(ViciSinkConfig.RESULT_TOPIC_PARTITIONS, "5");
        new ViciSinkConnector().start(props);
        assertThat(describe("existing.cmd-results").partitions()).hasSize(2);
    }

    @Test
    void aResultClusterThatDoesNotAnswerFailsStartNamingTheTopic() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> props = config("nowhere.cmd-results", "127.0.0.1:" + closedPort);
        props.put(ViciSinkConfig.RESULT_PRODUCER_PREFIX + "default.api.timeout.ms", "2000");
        props.put(ViciSinkConfig.RESULT_PRODUCER_PREFIX + "request.timeout.ms", "1000");
        assertThatThrownBy(() -> new ViciSinkConnector().start(props)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("'nowhere.cmd-results'").hasMessageContaining("cannot be created");
    }
}
