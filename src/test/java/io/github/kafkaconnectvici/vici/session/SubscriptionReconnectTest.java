package io.github.kafkaconnectvici.vici.session;

import static io.github.kafkaconnectvici.vici.session.EventSubscriptionTest.WAIT;
import static io.github.kafkaconnectvici.vici.session.EventSubscriptionTest.describe;
import static io.github.kafkaconnectvici.vici.session.FakeCharon.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.kafkaconnectvici.vici.codec.Packet;
import io.github.kafkaconnectvici.vici.codec.PacketType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lost event connection: reconnect with backoff, re-register every event, and put a
 * CONNECTION_LOST gap before the first event of the new connection. Connection 1 is the command
 * pool's; the subscription uses 2, then 3, ...
 */
class SubscriptionReconnectTest {

    private static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), 2.0, 0.5);

    @TempDir
    Path dir;

    /** Gaps the listener heard, with how many events the subscription had queued at that moment. */
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final AtomicReference<EventSubscription> subscription = new AtomicReference<>();

    private EventSubscription open(ViciClient client, Backoff backoff) {
        EventSubscription sub = client.subscription("ike-updown", "child-updown").backoff(backoff)
                .onGap(gap -> heard.add(gap.reason() + " after " + subscription.get().deliveredEvents() + " event(s)"))
                .open();
        subscription.set(sub);
        return sub;
    }

    @Test
    void lostConnectionIsReRegisteredAndReportedByAGapBeforeTheNextEvent() throws Exception {
        try (FakeCharon fake = FakeCharon.start(dir, FakeCharon.Conn::actLikeCharon);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect();
                EventSubscription sub = open(client, FAST)) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                fake.connection(2).write(FakeCharon.event("ike-updown", "n", "1"));
                fake.connection(2).close();

                FakeCharon.Conn again = fake.connection(3);
                eventually().until(() -> fake.receivedOn(3).size() == 2 && sub.state() == EventSubscription.State.CONNECTED);
                again.write(FakeCharon.event("child-updown", "n", "2"));

                Delivery event1 = sub.poll(WAIT);
                Delivery gap = sub.poll(WAIT);
                Delivery event2 = sub.poll(WAIT);
                assertThat(List.of(describe(event1), describe(gap), describe(event2)))
                        .containsExactly("ike-updown 1", "gap CONNECTION_LOST 0", "child-updown 2");
                assertThat(((Gap) gap).detail()).contains("lost").contains("regained");
                assertThat(((Gap) gap).since()).isBeforeOrEqualTo(((Gap) gap).until());
                assertThat(heard).containsExactly("CONNECTION_LOST after 1 event(s)");
                assertThat(fake.receivedOn(3)).containsExactly(Packet.register("ike-updown"), Packet.register("child-updown"));
                assertThat(sub.registeredEvents()).containsExactly("ike-updown", "child-updown");
            });
        }
    }

    @Test
    void eventArrivingDuringReRegistrationComesAfterTheGap() throws Exception {
        // On the new connection, an ike-updown arrives before child-updown is confirmed.
        FakeCharon.Script script = conn -> {
            if (conn.index() == 3) {
                conn.expect(PacketType.EVENT_REGISTER);
                conn.write(FakeCharon.CONFIRM);
                conn.expect(PacketType.EVENT_REGISTER);
                conn.write(FakeCharon.event("ike-updown", "n", "2"), FakeCharon.CONFIRM);
            }
            conn.actLikeCharon();
        };
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect();
                EventSubscription sub = open(client, FAST)) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                fake.connection(2).write(FakeCharon.event("ike-updown", "n", "1"));
                fake.connection(2).close();

                List<String> got = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    got.add(describe(sub.poll(WAIT)));
                }

                assertThat(got).containsExactly("ike-updown 1", "gap CONNECTION_LOST 0", "ike-updown 2");
                assertThat(heard).containsExactly("CONNECTION_LOST after 1 event(s)");
            });
        }
    }

    @Test
    void charonGoneForAWhileIsReconnectedOnceItListensAgain() throws Exception {
        try (FakeCharon fake = FakeCharon.start(dir, FakeCharon.Conn::actLikeCharon);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect();
                EventSubscription sub = open(client, FAST)) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                fake.stopListening(); // the socket file is gone: every attempt fails to connect
                fake.connection(2).close();
                eventually().until(() -> sub.state() == EventSubscription.State.RECONNECTING);
                assertThat(sub.poll()).isNull();

                fake.listen();

                eventually().until(() -> sub.state() == EventSubscription.State.CONNECTED);
                assertThat(describe(sub.poll(WAIT))).isEqualTo("gap CONNECTION_LOST 0");
                assertThat(fake.connectionCount()).isEqualTo(3);
                assertThat(fake.receivedOn(3)).containsExactly(Packet.register("ike-updown"), Packet.register("child-updown"));
                fake.connection(3).write(FakeCharon.event("ike-updown", "n", "3"));
                assertThat(describe(sub.poll(WAIT))).isEqualTo("ike-updown 3");
            });
        }
    }

    @Test
    void failedAttemptsAreSpacedByTheGrowingBackoff() throws Exception {
        // Connection 2 registers and is then lost; 3, 4 and 5 hang up at once (charon still
        // starting); 6 works. Without jitter, attempt k waits exactly 20 ms * 2^k first.
        Backoff backoff = new Backoff(Duration.ofMillis(20), Duration.ofSeconds(1), 2.0, 0.0);
        FakeCharon.Script script = conn -> {
            if (conn.index() >= 3 && conn.index() <= 5) {
                conn.close();
                return;
            }
            if (conn.index() == 2) {
                conn.expect(PacketType.EVENT_REGISTER);
                conn.write(FakeCharon.CONFIRM);
                conn.expect(PacketType.EVENT_REGISTER);
                conn.write(FakeCharon.CONFIRM);
                conn.close();
                return;
            }
            conn.actLikeCharon();
        };
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect();
                EventSubscription sub = open(client, backoff)) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                Delivery gap = sub.poll(WAIT);

                assertThat(describe(gap)).isEqualTo("gap CONNECTION_LOST 0");
                assertThat(((Gap) gap).detail()).contains("after 4 attempt(s)");
                assertThat(fake.connectionCount()).isEqualTo(6);
                for (int attempt = 0; attempt < 4; attempt++) {
                    long apart = TimeUnit.NANOSECONDS.toMillis(
                            fake.connection(attempt + 3).acceptedAtNanos() - fake.connection(attempt + 2).acceptedAtNanos());
                    assertThat(apart).as("ms before attempt %d", attempt).isGreaterThanOrEqualTo(20L << attempt);
                }
            });
        }
    }
}
