package io.github.kafkaconnectvici.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.session.Delivery;
import io.github.kafkaconnectvici.vici.session.Event;
import io.github.kafkaconnectvici.vici.session.EventSubscription;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet simulator, driven by the real VICI client: listings of K SAs, replayed events, subscriber counts. */
class FleetSimulatorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void eachEndpointAnswersListSasWithKCapturedSasAndVersion() throws Exception {
        try (FleetSimulator fleet = FleetSimulator.start(dir, 3, 5, FleetFrames.listSaFrame(), FleetFrames.replay());
             ViciClient vici = ViciClient.connect(fleet.uri(2))) {
            List<Message> sas = new ArrayList<>();
            vici.stream("list-sas", Message.EMPTY, "list-sa", sas::add);

            assertThat(sas).hasSize(5).allSatisfy(sa -> assertThat(sa.section("ab")).as("the captured IKE_SA").isPresent());
            assertThat(vici.call("version").text("version")).contains("5.9.8");
            assertThat(fleet.endpointsWithSubscribers()).as("a listing is no subscription").isZero();
        }
    }

    @Test
    void subscribersAreCountedPerEndpointAndReceiveTheReplayedEvents() throws Exception {
        try (FleetSimulator fleet = FleetSimulator.start(dir, 4, 0, FleetFrames.listSaFrame(), FleetFrames.replay());
             ViciClient one = ViciClient.connect(fleet.uri(1));
             ViciClient three = ViciClient.connect(fleet.uri(3))) {
            EventSubscription first = one.subscribe("ike-updown", "child-updown");
            EventSubscription second = one.subscribe("ike-updown");
            try (EventSubscription other = three.subscribe("ike-rekey")) {
                await().atMost(WAIT).until(() -> fleet.subscribers(1) == 2 && fleet.subscribers(3) == 1);
                assertThat(fleet.subscribers(0)).isZero();
                assertThat(fleet.subscribers(2)).isZero();
                assertThat(fleet.endpointsWithSubscribers()).isEqualTo(2);

                fleet.replayRound();
                assertThat(next(first).name()).isIn("ike-updown", "child-updown");
                assertThat(next(second).name()).isEqualTo("ike-updown");
                Event rekey = next(other);
                assertThat(rekey.name()).isEqualTo("ike-rekey");
                assertThat(rekey.message().keys()).as("the captured event's IKE_SA").contains("ab");
            }
            first.close();
            second.close();
            await().atMost(WAIT).until(() -> fleet.endpointsWithSubscribers() == 0);
            assertThat(fleet.unfollowed(1)).isEmpty(); // still open: nobody followed it again
            try (EventSubscription again = three.subscribe("ike-updown")) {
                await().atMost(WAIT).until(() -> fleet.subscribers(3) == 1);
                assertThat(fleet.unfollowed(3)).singleElement()
                        .satisfies(w -> assertThat(w.from()).isBeforeOrEqualTo(w.to()));
            }
            assertThat(fleet.peakSubscribers(1)).isEqualTo(2);
            assertThat(fleet.peakSubscribers(3)).isEqualTo(1);
            assertThat(fleet.maxPeakSubscribers()).isEqualTo(2);
            assertThat(fleet.eventsSent()).isEqualTo(4); // first: ike-updown and child-updown; second and other: one each
        }
    }

    private static Event next(EventSubscription subscription) throws InterruptedException {
        Delivery delivery = subscription.poll(WAIT);
        assertThat(delivery).isInstanceOf(Event.class);
        return (Event) delivery;
    }
}
