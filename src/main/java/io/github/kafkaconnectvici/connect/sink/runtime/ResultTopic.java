package io.github.kafkaconnectvici.connect.sink.runtime;

import io.github.kafkaconnectvici.connect.sink.records.SinkSettingNames;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the sink's result topic when the connector starts, as {@code topic.creation.*} does for a source's
 * topics, instead of relying on the broker's auto-creation (off on most production clusters). An existing
 * topic is left as it is; a topic that can be neither found nor created stops the connector with the reason.
 */
public final class ResultTopic {

    /** -1 leaves the number to the broker (num.partitions, default.replication.factor). */
    public static final int BROKER_DEFAULT = -1;

    private static final Logger LOG = LoggerFactory.getLogger(ResultTopic.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ResultTopic() {
    }

    /**
     * What the topic is created with: its name, partitions and replication factor ({@link #BROKER_DEFAULT} for
     * the broker's), and the result producer's settings, which name the cluster and its security.
     */
    public record Settings(String topic, int partitions, int replicationFactor, Map<String, Object> producerConfig) {

        public Settings {
            producerConfig = Collections.unmodifiableMap(new HashMap<>(producerConfig));
        }

        /** Admin settings: the result cluster and those producer settings an admin client knows (security). */
        public Map<String, Object> adminConfig() {
            return ResultTopic.adminConfig(producerConfig);
        }
    }

    private static Map<String, Object> adminConfig(Map<String, Object> producerConfig) {
        Map<String, Object> admin = new HashMap<>();
        producerConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                admin.put(key, value);
            }
        });
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "vici-sink-result-topic");
        // Bounded, so that a result cluster that does not answer fails start() instead of holding it.
        admin.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        admin.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        return admin;
    }

    public static void ensureExists(Settings config) {
        String topic = config.topic();
        Admin admin = Admin.create(config.adminConfig());
        try {
            if (exists(admin, topic)) {
                LOG.debug("Result topic {} exists", topic);
                return;
            }
            NewTopic newTopic = new NewTopic(topic, brokerDefaultOr(config.partitions()),
                    brokerDefaultOr(config.replicationFactor()).map(Integer::shortValue));
            try {
                admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("Created the result topic {} (partitions {}, replication factor {})", topic,
                        describe(config.partitions()), describe(config.replicationFactor()));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw failure(topic, e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while creating the result topic '" + topic + "'", e);
        } catch (TimeoutException e) {
            throw failure(topic, e);
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }

    private static boolean exists(Admin admin, String topic) throws InterruptedException, TimeoutException {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw failure(topic, e.getCause());
        }
    }

    private static ConnectException failure(String topic, Throwable cause) {
        return new ConnectException("the result topic '" + topic + "' (" + SinkSettingNames.RESULT_TOPIC
                + ") does not exist and cannot be created: " + cause, cause);
    }

    private static Optional<Integer> brokerDefaultOr(int value) {
        return value == BROKER_DEFAULT ? Optional.empty() : Optional.of(value);
    }

    private static String describe(int value) {
        return value == BROKER_DEFAULT ? "broker default" : String.valueOf(value);
    }

    /** -1 (the broker's default) or a number in [1, max]. */
    public static ConfigDef.Validator brokerDefaultOrBetween(int max) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                int number = (Integer) value;
                if (number != BROKER_DEFAULT && (number < 1 || number > max)) {
                    throw new ConfigException(name, value, "must be -1 (the broker's default) or between 1 and " + max);
                }
            }

            @Override
            public String toString() {
                return "-1 (broker default) or [1,...," + max + "]";
            }
        };
    }
}
