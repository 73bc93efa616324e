package io.github.kafkaconnectvici.connect.source.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the signal topic on a thread of its own, as Debezium's Kafka signal channel does: every
 * partition, from its end when the task starts (a signal sent while no task ran is not acted on
 * later, when it may no longer be wanted), without a consumer group. Each valid signal goes to
 * {@link Handler#request}, each refused one to {@link Handler#rejected}.
 */
final class SignalListener {

    private static final Logger log = LoggerFactory.getLogger(SignalListener.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);
    // The setting's name as the face declares it; the runtime does not import the face.
    private static final String SIGNAL_TOPIC_SETTING = "signal.topic";

    interface Handler {
        void request(SnapshotRequest request);

        /** {@code id} is null when the signal had none that could be read. */
        void rejected(String id, String reason);
    }

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Handler handler;
    private final Thread thread;
    private volatile boolean running = true;

    /** Connects and positions at the end of every partition before returning, so later signals are seen. */
    SignalListener(String topic, Map<String, Object> consumerProps, Handler handler, String threadName) {
        this.topic = topic;
        this.handler = handler;
        Map<String, Object> props = new HashMap<>(consumerProps);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, SETUP_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new ConnectException("the signal topic '" + topic + "' does not exist; create it (one partition"
                        + " is enough) or unset " + SIGNAL_TOPIC_SETTING);
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(p -> consumer.position(p, SETUP_TIMEOUT));
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e instanceof ConnectException c ? c
                    : new ConnectException("cannot read the signal topic '" + topic + "': " + e.getMessage(), e);
        }
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            // stop()
        } catch (RuntimeException e) {
            log.error("reading the signal topic '{}' failed; signals are no longer acted on", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        try {
            SnapshotRequest request = SignalParser.parse(record.value());
            log.info("signal '{}' from {}-{}@{}: snapshot of {}{}", request.id(), record.topic(), record.partition(),
                    record.offset(), request.gateway() == null ? "every gateway" : "gateway '" + request.gateway() + "'",
                    request.filterText() == null ? "" : " filtered by " + request.filterText());
            handler.request(request);
        } catch (SignalParser.InvalidSignal e) {
            log.warn("signal at {}-{}@{} refused: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            handler.rejected(e.id(), e.getMessage());
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(SETUP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
