package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.codec.Message;
import org.junit.jupiter.api.Test;

import io.github.kafkaconnectvici.testkit.kafka.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

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

    @Test
    void aConsumerWaitingOnAnEmptyQueueGetsTheNextEventAndOneWithNothingToWaitForTimesOut() throws Exception {
        DeliveryQueue queue = new DeliveryQueue(10, gap -> { }, clock);
        assertThat(queue.poll(Duration.ofMillis(20))).isNull();

        CompletableFuture<Delivery> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.poll(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> queue.waitingConsumers() == 1);
        Event event = new Event("log", Message.builder().put("msg", "m").build(), clock.instant());
        queue.offerEvent(event);

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isSameAs(event);
        assertThat(queue.size()).isZero();
        assertThat(queue.bytes()).isZero();
    }

    @Test
    void manyEventsCrossToAConsumerOnAnotherThreadInOrderWithNoneLostAndTheCountsBackAtZero() throws Exception {
        DeliveryQueue queue = new DeliveryQueue(64, gap -> { }, clock);
        int events = 200_000;
        List<Delivery> received = new ArrayList<>();
        Thread consumer = new Thread(() -> {
            try {
                for (int got = 0; got < events; ) {
                    // the producer never pauses: a wait this long is a lost wake-up, and ends the test short
                    Delivery d = queue.poll(Duration.ofSeconds(5));
                    if (d == null) {
                        return;
                    }
                    received.add(d);
                    got += d instanceof Event ? 1 : 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        Message message = Message.builder().put("msg", "m").build();
        long queued = 0;
        for (int i = 0; queued < events && consumer.isAlive(); i++) {
            long dropsBefore = queue.droppedEvents();
            queue.offerEvent(new Event("log-" + i, message, clock.instant()));
            if (queue.droppedEvents() == dropsBefore) {
                queued++;
            }
        }
        consumer.join(60_000);

        List<Delivery> eventsReceived = received.stream().filter(d -> d instanceof Event).toList();
        assertThat(eventsReceived).hasSize(events);
        assertThat(received.stream().filter(d -> d instanceof Gap).mapToLong(d -> ((Gap) d).droppedEvents()).sum())
                .isEqualTo(queue.droppedEvents());
        List<Integer> order = eventsReceived.stream().map(d -> Integer.parseInt(((Event) d).name().substring(4))).toList();
        assertThat(order).isSorted();
        assertThat(queue.size()).isZero();
        assertThat(queue.bytes()).isZero();
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
