package io.github.kafkaconnectvici.connect.sink.runtime;

import io.github.kafkaconnectvici.connect.sink.records.CommandResults;
import io.github.kafkaconnectvici.connect.sink.records.Headers;
import io.github.kafkaconnectvici.testkit.kafka.ManualClock;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.kafkaconnectvici.connect.sink.Records.record;
import static org.assertj.core.api.Assertions.assertThat;

/** A result that cannot be written is kept and sent again; its record is finished only once Kafka has it. */
class ResultPublisherTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T08:00:00Z"));
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final AtomicInteger acknowledged = new AtomicInteger();

    private static Struct result() {
        SinkRecord record = record("vici.cmd.initiate", 3, Map.of("child", "net"), Map.of(Headers.REQUEST_ID, "req-7"));
        return CommandResults.rejected(record, "req-7", "gw", "initiate", "refused", Instant.EPOCH);
    }

    private ResultPublisher publisher(org.apache.kafka.connect.storage.Converter converter) {
        return new ResultPublisher("vici.cmd-results", producer, converter, Duration.ofSeconds(5), clock);
    }

    private static JsonConverter json() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        return converter;
    }

    @Test
    void aFailedSendIsRetriedAfterTheBackoffAndAcknowledgedOnlyThen() {
        ResultPublisher results = publisher(json());
        results.publish(result(), acknowledged::incrementAndGet);
        assertThat(producer.errorNext(new TimeoutException("broker down"))).isTrue();
        assertThat(acknowledged).hasValue(0);
        assertThat(results.unacknowledged()).isEqualTo(1);

        results.retryFailed();
        assertThat(producer.history()).as("nothing resent before the backoff").hasSize(1);

        clock.advance(Duration.ofSeconds(5));
        results.retryFailed();
        assertThat(producer.history()).hasSize(2);
        assertThat(producer.completeNext()).isTrue();
        assertThat(acknowledged).hasValue(1);
        assertThat(results.unacknowledged()).isZero();
    }

    @Test
    void aConverterFailureIsRetriedToo() {
        AtomicInteger calls = new AtomicInteger();
        JsonConverter flaky = new JsonConverter() {
            @Override
            public byte[] fromConnectData(String topic, Schema schema, Object value) {
                if (calls.incrementAndGet() == 1) {
                    throw new org.apache.kafka.connect.errors.DataException("registry unavailable");
                }
                return super.fromConnectData(topic, schema, value);
            }
        };
        flaky.configure(Map.of("schemas.enable", "false"), false);
        ResultPublisher results = publisher(flaky);
        results.publish(result(), acknowledged::incrementAndGet);
        assertThat(producer.history()).isEmpty();

        clock.advance(Duration.ofSeconds(5));
        results.retryFailed();
        assertThat(producer.completeNext()).isTrue();
        assertThat(acknowledged).hasValue(1);
        assertThat(new String(producer.history().get(0).value())).contains("\"request_id\":\"req-7\"");
    }
}
