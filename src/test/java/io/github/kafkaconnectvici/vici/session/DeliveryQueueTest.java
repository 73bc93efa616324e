package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.codec.Message;
import org.junit.jupiter.api.Test;

import io.github.kafkaconnectvici.testkit.ManualClock;
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

    private void overflowThenDrain(DeliveryQueue queue) {
        for (int i = 0; i < 3; i++) {
            queue.offerEvent(new Event("log", Message.builder().put("msg", "m" + i).build(), clock.instant()));
        }
        while (queue.poll() != null) {
            // drains events and the gap queued in the room the first poll made
        }
    }
}
