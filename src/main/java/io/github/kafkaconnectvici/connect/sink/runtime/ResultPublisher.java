package io.github.kafkaconnectvici.connect.sink.runtime;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.storage.Converter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes result records with a producer the task owns (a sink task has no other way to produce),
 * keyed by request id, the value serialised by the configured converter. A result whose conversion
 * or send fails is kept and sent again after the retry backoff, never dropped: the command it
 * reports ran, and its record is finished (its offset committable) only once the result is
 * acknowledged, so a publishing failure can never turn into a second run of the command.
 *
 * <p>Thread-safe: gateway threads publish, the task thread retries and flushes.
 */
public final class ResultPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ResultPublisher.class);

    private final String topic;
    private final Producer<byte[], byte[]> producer;
    private final Converter converter;
    private final Duration retryBackoff;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Pending> failed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private final AtomicLong resends = new AtomicLong();
    private volatile Instant retryNotBefore = Instant.MIN;

    private record Pending(Struct result, Runnable onAcknowledged) {
    }

    public ResultPublisher(String topic, Producer<byte[], byte[]> producer, Converter converter,
                           Duration retryBackoff, Clock clock) {
        this.topic = topic;
        this.producer = producer;
        this.converter = converter;
        this.retryBackoff = retryBackoff;
        this.clock = clock;
    }

    public String topic() {
        return topic;
    }

    /** Sends a result; {@code onAcknowledged} runs once Kafka has it, after retries if need be. */
    public void publish(Struct result, Runnable onAcknowledged) {
        unacknowledged.incrementAndGet();
        send(new Pending(result, onAcknowledged));
    }

    private void send(Pending pending) {
        byte[] key = pending.result().getString("request_id").getBytes(StandardCharsets.UTF_8);
        try {
            byte[] value;
            synchronized (converter) { // converters are not documented as thread-safe
                value = converter.fromConnectData(topic, pending.result().schema(), pending.result());
            }
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
                if (e == null) {
                    unacknowledged.decrementAndGet();
                    pending.onAcknowledged().run();
                } else {
                    keepForRetry(pending, e);
                }
            });
        } catch (RuntimeException e) {
            keepForRetry(pending, e);
        }
    }

    private void keepForRetry(Pending pending, Exception e) {
        // The messages of the producer and converters name the topic and the error, not the result's content.
        log.warn("Writing the result of request '{}' to '{}' failed ({}); it is kept and sent again in {} ms",
                pending.result().getString("request_id"), topic, e.toString(), retryBackoff.toMillis());
        retryNotBefore = clock.instant().plus(retryBackoff);
        resends.incrementAndGet();
        failed.add(pending);
    }

    /** Sends again the results that failed, once the backoff has passed. */
    public void retryFailed() {
        if (failed.isEmpty() || clock.instant().isBefore(retryNotBefore)) {
            return;
        }
        List<Pending> again = new ArrayList<>();
        for (Pending p = failed.poll(); p != null; p = failed.poll()) {
            again.add(p);
        }
        again.forEach(this::send);
    }

    /** Results sent but not acknowledged yet, failed ones included. */
    public int unacknowledged() {
        return unacknowledged.get();
    }

    /** Results kept to be sent again after a failed conversion or send, since the start. */
    public long resends() {
        return resends.get();
    }

    /** Retries what is due and waits until every result sent so far is acknowledged or failed. */
    public void flush() {
        retryFailed();
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
        if (!failed.isEmpty()) {
            log.warn("{} result(s) could not be written to '{}' before the task stopped; their commands' records"
                    + " were not committed and are delivered again to the next task", failed.size(), topic);
        }
    }
}
