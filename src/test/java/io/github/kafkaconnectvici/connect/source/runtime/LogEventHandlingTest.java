package io.github.kafkaconnectvici.connect.source.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoint;
import io.github.kafkaconnectvici.connect.source.ViciSourceConfig;
import io.github.kafkaconnectvici.connect.source.records.RecordMapper;
import io.github.kafkaconnectvici.connect.source.records.SourceTopics;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.session.Event;
import io.github.kafkaconnectvici.vici.session.ViciUri;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a gateway worker treats events before they reach the queue: the log level filter, shedding
 * of log events only when allowed, and sequence numbers without holes. Real mapper, queue and
 * metrics; the events are handed over directly instead of read from charon.
 */
class LogEventHandlingTest {

    private GatewayMetrics metrics;

    @AfterEach
    void closeMetrics() {
        if (metrics != null) {
            metrics.close();
        }
    }

    private GatewayFollower worker(RecordQueue queue, String... settings) {
        Map<String, String> props = new HashMap<>();
        props.put(ViciSourceConfig.MAX_QUEUE_SIZE, Integer.toString(queue.capacity()));
        props.put(ViciSourceConfig.MAX_BATCH_SIZE, "1");
        for (int i = 0; i < settings.length; i += 2) {
            props.put(settings[i], settings[i + 1]);
        }
        ViciSourceConfig config = new ViciSourceConfig(props);
        metrics = new GatewayMetrics("log-test", 0, "gw", List.of("log", "ike-updown", "status"), queue::size,
                Clock.systemUTC());
        // A task started at the epoch numbers from 1, which keeps the expected numbers readable.
        GatewaySequence sequence = GatewaySequence.resume(null, Instant.EPOCH);
        return new GatewayFollower(new GatewayEndpoint("gw", ViciUri.parse("unix:///nonexistent/charon.vici")), config.settings(),
                queue, new GatewayRecords("gw", new SourceTopics("t"), new RecordMapper(), sequence), sequence,
                metrics, Clock.systemUTC(), config.snapshotPacing(), null, "log-test"); // never started: no threads
    }

    private static Event log(int level, String text) {
        return new Event("log", Message.builder().put("group", "IKE").put("level", Integer.toString(level))
                .put("thread", "7").put("msg", text).build(), Instant.now());
    }

    private static Event updown() {
        return new Event("ike-updown", Message.builder().put("up", "yes")
                .section("ab", sa -> sa.put("uniqueid", "1").put("state", "ESTABLISHED")).build(), Instant.now());
    }

    private static List<SourceRecord> drain(RecordQueue queue) throws InterruptedException {
        return queue.drain(100, Duration.ofMillis(10)).stream().map(QueuedRecord::record).toList();
    }

    private static long sequence(SourceRecord record) {
        return ((Struct) record.value()).getInt64("sequence");
    }

    @Test
    void logEventsAboveTheLevelAreFilteredAndCounted() throws InterruptedException {
        RecordQueue queue = new RecordQueue(10);
        GatewayFollower worker = worker(queue, ViciSourceConfig.LOG_LEVEL, "0");

        worker.onEvent(log(0, "IKE_SA ab[1] established"));
        worker.onEvent(log(1, "sending packet"));
        worker.onEvent(log(2, "detail"));

        List<SourceRecord> records = drain(queue);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("t.log");
            assertThat(((Struct) r.value()).getString("message")).isEqualTo("IKE_SA ab[1] established");
        });
        assertThat(metrics.logEventsFiltered()).isEqualTo(2);
    }

    @Test
    void withSheddingAFullQueueDropsLogEventsOnlyCountsThemAndLeavesNoHoleInTheSequence() throws InterruptedException {
        RecordQueue queue = new RecordQueue(3);
        GatewayFollower worker = worker(queue, ViciSourceConfig.LOG_SHEDDING, "true");

        for (int i = 0; i < 6; i++) {
            worker.onEvent(log(1, "line " + i));
        }
        assertThat(metrics.logEventsShed()).isEqualTo(3);
        List<SourceRecord> first = drain(queue);
        assertThat(first).extracting(LogEventHandlingTest::sequence).containsExactly(1L, 2L, 3L);

        worker.onEvent(updown()); // room again: the report of the shed events comes first
        List<SourceRecord> next = drain(queue);
        assertThat(next).extracting(SourceRecord::topic).containsExactly("t.status", "t.ike-updown");
        Struct report = (Struct) next.get(0).value();
        assertThat(report.getString("kind")).isEqualTo("EVENTS_SHED");
        assertThat(report.getInt64("events_shed")).isEqualTo(3L);
        assertThat(next).extracting(LogEventHandlingTest::sequence).containsExactly(4L, 5L);
    }

    @Test
    void onceThereIsRoomTheShedReportAndTheNextLogEventBothGetThrough() throws InterruptedException {
        RecordQueue queue = new RecordQueue(2);
        GatewayFollower worker = worker(queue, ViciSourceConfig.LOG_SHEDDING, "true");
        for (int i = 0; i < 4; i++) {
            worker.onEvent(log(1, "line " + i));
        }
        assertThat(drain(queue)).hasSize(2);

        worker.onEvent(log(1, "after"));

        List<SourceRecord> next = drain(queue);
        assertThat(next).extracting(SourceRecord::topic).containsExactly("t.status", "t.log");
        assertThat(((Struct) next.get(0).value()).getInt64("events_shed")).isEqualTo(2L);
        assertThat(((Struct) next.get(1).value()).getString("message")).isEqualTo("after");
        assertThat(metrics.logEventsShed()).isEqualTo(2);
    }

    @Test
    void lifecycleEventsAreNeverShed() throws Exception {
        RecordQueue queue = new RecordQueue(2);
        GatewayFollower worker = worker(queue, ViciSourceConfig.LOG_SHEDDING, "true");
        worker.onEvent(updown());
        worker.onEvent(updown());

        Thread third = new Thread(() -> {
            try {
                worker.onEvent(updown()); // waits for room instead of being dropped
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        third.start();
        List<SourceRecord> got = new java.util.ArrayList<>(drain(queue));
        third.join(10_000);
        got.addAll(drain(queue));

        assertThat(third.isAlive()).isFalse();
        assertThat(got).extracting(SourceRecord::topic).containsExactly("t.ike-updown", "t.ike-updown", "t.ike-updown");
        assertThat(metrics.logEventsShed()).isZero();
    }
}
