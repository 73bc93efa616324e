package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.codec.Message;
import org.junit.jupiter.api.Test;

import io.github.kafkaconnectvici.testkit.kafka.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryQueueTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void aConsumerThatStaysBehindIsWarnedOfOncePerIntervalButEveryOverflowIsAGap() {
        List<Gap> gaps = new ArrayList<>();
        DeliveryQueue queue = new DeliveryQueue(2, gaps::add, clock);

        for (int round = 0; round < 50; round++) {
            overflowThenDrain(queue);
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(gaps).hasSize(50).allMatch(g -> g.reason() == Gap.Reason.QUEUE_OVERFLOW && g.droppedEvents() == 1);
        assertThat(queue.overflowWarnings()).isEqualTo(1);

        clock.advance(DeliveryQueue.OVERFLOW_WARNING_INTERVAL);
        overflowThenDrain(queue);
        assertThat(queue.overflowWarnings()).isEqualTo(2);
    }

    @Test
    void bigEventsAreBoundedByBytesAsWellAsByCountAndTheOverflowIsAGap() {
        List<Gap> gaps = new ArrayList<>();
        Event big = new Event("list-sa", Message.builder().put("a", new byte[50_000])
                .put("b", new byte[50_000]).build(), clock.instant());
        long size = DeliveryQueue.sizeOf(big);
        assertThat(size).isGreaterThan(100_000);
        DeliveryQueue queue = new DeliveryQueue(10_000, 3 * size, gaps::add, clock);

        for (int i = 0; i < 5; i++) {
            queue.offerEvent(big);
        }

        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.bytes()).isEqualTo(3 * size);
        assertThat(queue.droppedEvents()).isEqualTo(2);
        List<Delivery> out = new ArrayList<>();
        for (Delivery d = queue.poll(); d != null; d = queue.poll()) {
            out.add(d);
        }
        assertThat(out).hasSize(4).last().isInstanceOf(Gap.class);
        assertThat(gaps).singleElement().satisfies(g -> {
            assertThat(g.droppedEvents()).isEqualTo(2);
            assertThat(g.detail()).contains(3 * size + " bytes");
        });
        assertThat(queue.bytes()).isZero();
    }

    @Test
    void oneEventLargerThanTheByteBoundStillGetsThroughAnEmptyQueue() {
        DeliveryQueue queue = new DeliveryQueue(10, 1_000, gap -> { }, clock);
        Event big = new Event("list-sa", Message.builder().put("blob", new byte[5_000]).build(), clock.instant());

        queue.offerEvent(big);
        queue.offerEvent(big);

        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.droppedEvents()).isEqualTo(1);
    }

    private void overflowThenDrain(DeliveryQueue queue) {
        for (int i = 0; i < 3; i++) {
            queue.offerEvent(new Event("log", Message.builder().put("msg", "m" + i).build(), clock.instant()));
        }
        while (queue.poll() != null) {
            // drains events and the gap queued in the room the first poll made
        }
    }
}
