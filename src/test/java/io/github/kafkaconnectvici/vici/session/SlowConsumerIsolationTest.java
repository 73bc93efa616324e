package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.kafkaconnectvici.testkit.kafka.FleetFrames;
import io.github.kafkaconnectvici.testkit.kafka.FleetSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscriptions share one reading thread (the {@link EventLoop}), yet a consumer that stops polling
 * costs only its own subscription events: its socket goes on being drained (what does not fit its
 * queue is dropped and counted), and another gateway's events keep arriving. Two endpoints of a
 * {@link FleetSimulator}, each event replayed to both.
 */
class SlowConsumerIsolationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int ROUNDS = 200;

    @TempDir
    Path dir;

    @Test
    void aConsumerThatNeverPollsDoesNotStopAnotherGatewaysSocketFromBeingDrained() throws Exception {
        try (FleetSimulator fleet = FleetSimulator.start(dir, 2, 0, FleetFrames.listSaFrame(), FleetFrames.replay());
             ViciClient slowClient = ViciClient.connect(fleet.uri(0));
             ViciClient busyClient = ViciClient.connect(fleet.uri(1));
             EventSubscription slow = slowClient.subscription("ike-updown").capacity(2).open();
             EventSubscription busy = busyClient.subscription("ike-updown").capacity(2).open()) {
            await().atMost(WAIT).until(() -> fleet.subscribers(0) == 1 && fleet.subscribers(1) == 1);
            List<Event> received = new ArrayList<>();

            for (int round = 0; round < ROUNDS; round++) {
                fleet.replayRound(); // one ike-updown to each endpoint's subscriber
                int expected = round + 1;
                // the busy consumer keeps up (a queue of 2 lets nothing pile up), the slow one never polls
                await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).until(() -> {
                    for (Delivery d = busy.poll(); d != null; d = busy.poll()) {
                        assertThat(d).as("nothing of the busy gateway is dropped").isInstanceOf(Event.class);
                        received.add((Event) d);
                    }
                    return received.size() == expected;
                });
            }

            assertThat(received).hasSize(ROUNDS).allSatisfy(e -> assertThat(e.name()).isEqualTo("ike-updown"));
            assertThat(busy.droppedEvents()).isZero();
            // every event sent to the slow gateway was read off its socket: queued, or dropped and counted
            await().atMost(WAIT).until(() -> slow.deliveredEvents() + slow.droppedEvents() == ROUNDS);
            assertThat(slow.queued()).isEqualTo(2);
            assertThat(slow.droppedEvents()).isGreaterThan(ROUNDS - 3L);
        }
    }
}
