package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonDaemon;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Events from two real charon daemons as tunnels come up, rekey, go down, and a daemon dies. */
@ExtendWith(CharonRigExtension.class)
class EventSubscriptionIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2.0, 0.5);

    private final CharonPair pair;

    EventSubscriptionIT(CharonPair pair) {
        this.pair = pair;
    }

    @BeforeEach
    void freshDaemonsWithTheTunnelConfigured() {
        pair.a().restart();
        pair.b().restart();
        pair.loadDefaultConfig();
    }

    private static ViciClient connect(CharonNode node) {
        return ViciClient.builder().uri(node.viciUri().toString()).commandTimeout(Duration.ofSeconds(15)).connect();
    }

    private static Message initiate() {
        return Message.builder().put("child", "net").put("ike", "ab").put("timeout", 10_000).build();
    }

    @Test
    void upEventsArriveOnBothEndsInOrder() {
        try (ViciClient a = connect(pair.a()); ViciClient b = connect(pair.b());
             EventSubscription onA = a.subscribe("ike-updown", "child-updown", "log");
             EventSubscription onB = b.subscribe("ike-updown", "child-updown")) {
            a.call("initiate", initiate());

            Recorder fromA = new Recorder(onA);
            Event ikeUp = fromA.awaitEvent("ike-updown", e -> e.message().contains("up"));
            Event childUp = fromA.awaitEvent("child-updown", e -> e.message().contains("up"));
            assertThat(fromA.indexOf(ikeUp)).isLessThan(fromA.indexOf(childUp));

            Message ike = ikeUp.message().section("ab").orElseThrow();
            assertThat(ikeUp.message().flag("up")).contains(true);
            assertThat(ike.text("state")).contains("ESTABLISHED");
            assertThat(ike.text("remote-host")).contains("10.99.0.2");
            assertThat(ike.text("remote-id")).contains("b.test");
            assertThat(ike.flag("initiator")).contains(true);
            assertThat(ike.section("child-sas")).as("ike-updown carries no child-sas").isEmpty();

            Message children = childUp.message().section("ab").flatMap(s -> s.section("child-sas")).orElseThrow();
            assertThat(children.keys()).singleElement().asString().startsWith("net-");
            Message child = children.section(children.keys().iterator().next()).orElseThrow();
            assertThat(child.text("state")).contains("INSTALLED");
            assertThat(child.list("local-ts")).contains(List.of("10.98.1.0/24"));
            assertThat(child.list("remote-ts")).contains(List.of("10.98.2.0/24"));

            Event log = fromA.awaitEvent("log", e -> e.message().text("ikesa-name").filter("ab"::equals).isPresent());
            assertThat(log.message().text("msg")).isPresent();
            assertThat(log.message().number("level")).isPresent();

            Event upOnB = new Recorder(onB).awaitEvent("ike-updown", e -> e.message().contains("up"));
            Message responder = upOnB.message().section("ab").orElseThrow();
            assertThat(responder.flag("initiator")).as("absent on the responder").isEmpty();
            assertThat(responder.text("initiator-spi")).isEqualTo(ike.text("initiator-spi"));
        }
    }

    @Test
    void rekeyAndTerminateRaiseTheirEvents() {
        try (ViciClient a = connect(pair.a());
             EventSubscription events = a.subscribe("ike-rekey", "child-rekey", "ike-updown", "child-updown")) {
            a.call("initiate", initiate());
            Recorder recorder = new Recorder(events);
            recorder.awaitEvent("child-updown", e -> e.message().contains("up"));

            a.call("rekey", Message.builder().put("ike", "ab").build());
            Message ikeRekey = recorder.awaitEvent("ike-rekey", e -> true).message().section("ab").orElseThrow();
            Message oldIke = ikeRekey.section("old").orElseThrow();
            Message newIke = ikeRekey.section("new").orElseThrow();
            assertThat(newIke.number("uniqueid")).isNotEqualTo(oldIke.number("uniqueid"));
            assertThat(newIke.text("initiator-spi")).isNotEqualTo(oldIke.text("initiator-spi"));
            assertThat(newIke.text("state")).contains("ESTABLISHED");

            a.call("rekey", Message.builder().put("child", "net").build());
            Message childRekey = recorder.awaitEvent("child-rekey", e -> true).message()
                    .section("ab").flatMap(s -> s.section("child-sas")).flatMap(s -> s.section("net")).orElseThrow();
            Message oldChild = childRekey.section("old").orElseThrow();
            Message newChild = childRekey.section("new").orElseThrow();
            // 6.x raises child-rekey while the old CHILD_SA is still REKEYING; 5.9.8 once it is REKEYED.
            assertThat(oldChild.text("state")).contains(pair.a().daemon() == CharonDaemon.STRONGSWAN_5 ? "REKEYED" : "REKEYING");
            assertThat(newChild.text("state")).contains("INSTALLED");
            assertThat(newChild.text("spi-in")).isNotEqualTo(oldChild.text("spi-in"));

            a.stream("terminate", Message.builder().put("child", "net").put("timeout", 10_000).build(), "control-log", m -> { });
            Event childDown = recorder.awaitEvent("child-updown", e -> !e.message().contains("up"));
            assertThat(childDown.message().section("ab").flatMap(s -> s.section("child-sas"))).isPresent();

            a.stream("terminate", Message.builder().put("ike", "ab").put("timeout", 10_000).build(), "control-log", m -> { });
            Event ikeDown = recorder.awaitEvent("ike-updown", e -> !e.message().contains("up"));
            assertThat(ikeDown.message().flag("up")).isEmpty();
            assertThat(ikeDown.message().section("ab").flatMap(s -> s.text("state"))).contains("DELETING");
            assertThat(events.gaps()).isZero();
        }
    }

    @Test
    void aKilledDaemonIsReconnectedReRegisteredAndTheGapReported() {
        List<Gap> told = new CopyOnWriteArrayList<>();
        try (ViciClient a = connect(pair.a());
             EventSubscription events = a.subscription("ike-updown", "child-updown").backoff(FAST).onGap(told::add).open()) {
            a.call("initiate", initiate());
            Recorder recorder = new Recorder(events);
            recorder.awaitEvent("child-updown", e -> e.message().contains("up"));

            pair.a().kill();
            await().atMost(WAIT).until(() -> events.state() == EventSubscription.State.RECONNECTING);
            pair.a().start();
            await().atMost(WAIT).until(() -> events.state() == EventSubscription.State.CONNECTED);
            pair.a().swanctl("--load-all");
            pair.a().swanctl("--initiate", "--child", "net", "--timeout", "10");

            Gap gap = await().atMost(WAIT).until(recorder::gaps, gaps -> !gaps.isEmpty()).get(0);
            Event upAgain = recorder.awaitEvent("ike-updown",
                    e -> e.message().contains("up") && recorder.indexOf(e) > recorder.indexOf(gap));
            recorder.awaitEvent("child-updown", e -> e.message().contains("up") && recorder.indexOf(e) > recorder.indexOf(gap));

            assertThat(recorder.gaps()).containsExactly(gap);
            assertThat(gap.reason()).isEqualTo(Gap.Reason.CONNECTION_LOST);
            assertThat(gap.since()).isBeforeOrEqualTo(gap.until());
            assertThat(gap.detail()).contains("lost").contains("regained");
            assertThat(upAgain.message().section("ab").flatMap(s -> s.text("state"))).contains("ESTABLISHED");
            assertThat(told).containsExactly(gap);
            assertThat(events.registeredEvents()).containsExactly("ike-updown", "child-updown");
        }
    }

    /** Polls a subscription and keeps everything it delivered, in order. */
    private static final class Recorder {

        private final EventSubscription subscription;
        private final List<Delivery> seen = new ArrayList<>();

        Recorder(EventSubscription subscription) {
            this.subscription = subscription;
        }

        Event awaitEvent(String name, Predicate<Event> matching) {
            return await().atMost(WAIT).until(() -> {
                drain();
                return seen.stream().filter(d -> d instanceof Event e && e.name().equals(name) && matching.test(e))
                        .map(Event.class::cast).findFirst().orElse(null);
            }, found -> found != null);
        }

        int indexOf(Delivery delivery) {
            return seen.indexOf(delivery);
        }

        List<Gap> gaps() {
            drain();
            return seen.stream().filter(Gap.class::isInstance).map(Gap.class::cast).toList();
        }

        private void drain() {
            for (Delivery d = subscription.poll(); d != null; d = subscription.poll()) {
                seen.add(d);
            }
        }
    }
}
