package io.github.kafkaconnectvici.connect.sink;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.Converter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes result records with a producer the task owns (a sink task has no other way to produce),
 * keyed by request id, the value serialised by the configured converter. {@link #flush()} runs
 * before offsets are committed, so a committed command always has its result in Kafka.
 */
public final class ResultPublisher implements AutoCloseable {

    private final String topic;
    private final Producer<byte[], byte[]> producer;
    private final Converter converter;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public ResultPublisher(String topic, Producer<byte[], byte[]> producer, Converter converter) {
        this.topic = topic;
        this.producer = producer;
        this.converter = converter;
    }

    public String topic() {
        return topic;
    }

    public void publish(Struct result) {
        throwIfFailed();
        byte[] key = result.getString("request_id").getBytes(StandardCharsets.UTF_8);
        byte[] value = converter.fromConnectData(topic, result.schema(), result);
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /** Waits until every result sent so far is acknowledged. */
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    private void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            // The producer's message names the topic and the Kafka error; result content is not in it.
            throw new ConnectException("writing a result to '" + topic + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
