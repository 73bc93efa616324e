package io.github.kafkaconnectvici.vici.session;

import static io.github.kafkaconnectvici.vici.session.FakeCharon.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.kafkaconnectvici.vici.codec.Packet;
import io.github.kafkaconnectvici.vici.codec.PacketType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscriptions on their own connection: registration, the bounded queue and its gaps, closing.
 * Connection 1 is always the command pool's, opened by {@link ViciClient.Builder#connect()}; the
 * subscription's is connection 2.
 */
class EventSubscriptionTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void eventArrivingBetweenRegistrationsIsDeliveredNotSwallowed() throws Exception {
        FakeCharon.Script script = conn -> {
            if (conn.index() == 2) {
                conn.expect(PacketType.EVENT_REGISTER);
                conn.write(FakeCharon.CONFIRM);
                conn.expect(PacketType.EVENT_REGISTER);
                conn.write(FakeCharon.event("ike-updown", "n", "1"), FakeCharon.CONFIRM);
            }
            conn.actLikeCharon();
        };
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect();
                EventSubscription sub = client.subscribe("ike-updown", "child-updown")) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertThat(sub.registeredEvents()).containsExactly("ike-updown", "child-updown");
                fake.connection(2).write(FakeCharon.event("child-updown", "n", "2"));

                assertThat(List.of(describe(sub.poll(WAIT)), describe(sub.poll(WAIT))))
                        .containsExactly("ike-updown 1", "child-updown 2");
            });
        }
    }

    @Test
    void unknownEventAtOpenRaisesUnknownEventException() throws Exception {
        FakeCharon.Script script = conn -> conn.serve(p -> switch (p.type()) {
            case EVENT_REGISTER -> "frob-updown".equals(p.name()) ? FakeCharon.EVENT_UNKNOWN : FakeCharon.CONFIRM;
            default -> FakeCharon.response();
        });
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                UnknownEventException thrown = catchThrowableOfType(UnknownEventException.class,
                        () -> client.subscribe("ike-updown", "frob-updown"));

                assertThat(thrown).isNotNull();
                assertThat(thrown.event()).isEqualTo("frob-updown");
                assertThat(fake.receivedOn(2)).containsExactly(Packet.register("ike-updown"), Packet.register("frob-updown"));
                eventually().until(() -> fake.connection(2).clientClosed());
            });
        }
    }

    @Test
    void registrationCharonNeverConfirmsTimesOut() throws Exception {
        FakeCharon.Script script = conn -> {
            if (conn.index() == 2) {
                conn.expect(PacketType.EVENT_REGISTER); // and no answer
            }
            conn.actLikeCharon();
        };
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                Throwable thrown = catchThrowable(
                        () -> client.subscription("ike-updown").registrationTimeout(Duration.ofMillis(200)).open());

                assertThat(thrown).isInstanceOf(ViciTimeoutException.class).hasMessageContaining("'ike-updown'");
                eventually().until(() -> fake.connection(2).clientClosed());
            });
        }
    }

    @Test
    void overflowDropsEventsAndReportsExactlyHowManyInTheirPlace() throws Exception {
        int burst = 1000;
        List<Gap> heard = new CopyOnWriteArrayList<>();
        try (FakeCharon fake = FakeCharon.start(dir, FakeCharon.Conn::actLikeCharon);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect();
                EventSubscription sub = client.subscription("ike-updown").capacity(10).onGap(heard::add).open()) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                FakeCharon.Conn charon = fake.connection(2);
                for (int i = 0; i < burst; i++) {
                    charon.write(FakeCharon.event("ike-updown", "n", "" + i));
                }
                eventually().until(() -> sub.deliveredEvents() + sub.droppedEvents() == burst);
                long kept = sub.deliveredEvents();
                assertThat(kept).isBetween(1L, 10L);

                List<String> got = new ArrayList<>();
                for (int i = 0; i < kept; i++) {
                    got.add(describe(sub.poll(WAIT)));
                }
                for (int i = burst; i < burst + 5; i++) {
                    charon.write(FakeCharon.event("ike-updown", "n", "" + i));
                }
                Delivery gap = sub.poll(WAIT);
                for (int i = 0; i < 5; i++) {
                    got.add(describe(sub.poll(WAIT)));
                }

                List<String> expected = new ArrayList<>();
                for (int i = 0; i < kept; i++) {
                    expected.add("ike-updown " + i);
                }
                for (int i = burst; i < burst + 5; i++) {
                    expected.add("ike-updown " + i);
                }
                assertThat(got).containsExactlyElementsOf(expected);
                assertThat(gap).isInstanceOf(Gap.class);
                assertThat(((Gap) gap).reason()).isEqualTo(Gap.Reason.QUEUE_OVERFLOW);
                assertThat(((Gap) gap).droppedEvents()).isEqualTo(burst - kept);
                assertThat(heard).containsExactly((Gap) gap);
                assertThat(sub.droppedEvents()).isEqualTo(burst - kept);
                assertThat(sub.deliveredEvents()).isEqualTo(kept + 5);
                assertThat(sub.gaps()).isEqualTo(1);
                assertThat(sub.poll()).isNull();
            });
        }
    }

    @Test
    void eventTheFullQueueDropsIsNeverDecoded() throws Exception {
        // An event whose message cannot be decoded (element type 99): decoding it costs the connection.
        byte[] name = "ike-updown".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] body = new byte[2 + name.length + 1];
        body[0] = (byte) PacketType.EVENT.code();
        body[1] = (byte) name.length;
        System.arraycopy(name, 0, body, 2, name.length);
        body[body.length - 1] = 99;
        byte[] undecodable = FakeCharon.frame(body);
        List<Gap> heard = new CopyOnWriteArrayList<>();
        Backoff fast = new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), 2.0, 0.5);
        try (FakeCharon fake = FakeCharon.start(dir, FakeCharon.Conn::actLikeCharon);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect();
                EventSubscription sub = client.subscription("ike-updown").capacity(3).backoff(fast).onGap(heard::add).open()) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                FakeCharon.Conn charon = fake.connection(2);
                for (int i = 0; i < 3; i++) {
                    charon.write(FakeCharon.event("ike-updown", "n", "" + i));
                }
                eventually().until(() -> sub.deliveredEvents() == 3);

                charon.writeRaw(undecodable);
                charon.write(FakeCharon.event("ike-updown", "n", "3"));
                eventually().until(() -> sub.droppedEvents() == 2);

                // dropped without a look inside: the connection survived, only the overflow is reported
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    got.add(describe(sub.poll(WAIT)));
                }
                charon.write(FakeCharon.event("ike-updown", "n", "4"));
                got.add(describe(sub.poll(WAIT)));
                assertThat(got).containsExactly("ike-updown 0", "ike-updown 1", "ike-updown 2", "gap QUEUE_OVERFLOW 2",
                        "ike-updown 4");
                assertThat(fake.connectionCount()).isEqualTo(2);

                // the same bytes with room in the queue are decoded, fail, and cost the connection
                charon.writeRaw(undecodable);
                assertThat(describe(sub.poll(WAIT))).isEqualTo("gap CONNECTION_LOST 0");
                assertThat(fake.connectionCount()).isEqualTo(3);
                assertThat(heard).extracting(Gap::reason).containsExactly(Gap.Reason.QUEUE_OVERFLOW, Gap.Reason.CONNECTION_LOST);
            });
        }
    }

    @Test
    void eventOverTheByteBoundIsDroppedBeforeDecoding() throws Exception {
        byte[] name = "ike-updown".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] body = new byte[2 + name.length + 1];
        body[0] = (byte) PacketType.EVENT.code();
        body[1] = (byte) name.length;
        System.arraycopy(name, 0, body, 2, name.length);
        body[body.length - 1] = 99; // an unknown element type: decoding it would cost the connection
        long eventSize = DeliveryQueue.sizeOf(new Event("ike-updown", FakeCharon.message("n", "0"), java.time.Instant.EPOCH));
        try (FakeCharon fake = FakeCharon.start(dir, FakeCharon.Conn::actLikeCharon);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect();
                EventSubscription sub = client.subscription("ike-updown").capacity(100).maxBytes(2 * eventSize + 1).open()) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                FakeCharon.Conn charon = fake.connection(2);
                charon.write(FakeCharon.event("ike-updown", "n", "0"), FakeCharon.event("ike-updown", "n", "1"));
                charon.writeRaw(FakeCharon.frame(body)); // 11 bytes where the bound leaves 1
                charon.write(FakeCharon.event("ike-updown", "n", "2"));
                eventually().until(() -> sub.deliveredEvents() == 2 && sub.droppedEvents() == 2);

                List<String> got = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    got.add(describe(sub.poll(WAIT)));
                }
                assertThat(got).containsExactly("ike-updown 0", "ike-updown 1", "gap QUEUE_OVERFLOW 2");
                assertThat(fake.connectionCount()).isEqualTo(2);
            });
        }
    }

    @Test
    void overflowGapIsDeliveredOnceTheConsumerMakesRoomEvenIfCharonFallsSilent() throws Exception {
        List<Gap> heard = new CopyOnWriteArrayList<>();
        try (FakeCharon fake = FakeCharon.start(dir, FakeCharon.Conn::actLikeCharon);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect();
                EventSubscription sub = client.subscription("ike-updown").capacity(10).onGap(heard::add).open()) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                for (int i = 0; i < 100; i++) {
                    fake.connection(2).write(FakeCharon.event("ike-updown", "n", "" + i));
                }
                eventually().until(() -> sub.deliveredEvents() + sub.droppedEvents() == 100);
                long kept = sub.deliveredEvents();
                for (int i = 0; i < kept; i++) {
                    assertThat(sub.poll(WAIT)).isInstanceOf(Event.class);
                }

                // charon sends nothing more: the drops must still be reported
                Delivery next = sub.poll(WAIT);

                assertThat(next).isInstanceOf(Gap.class);
                assertThat(((Gap) next).droppedEvents()).isEqualTo(100 - kept);
                assertThat(heard).containsExactly((Gap) next);
            });
        }
    }

    @Test
    void closeUnregistersEveryEventAndWaitsForEveryConfirmationBeforeClosing() throws Exception {
        CountDownLatch firstConfirm = new CountDownLatch(1);
        CountDownLatch secondConfirm = new CountDownLatch(1);
        FakeCharon.Script script = conn -> {
            if (conn.index() == 2) {
                conn.expect(PacketType.EVENT_REGISTER);
                conn.write(FakeCharon.CONFIRM);
                conn.expect(PacketType.EVENT_REGISTER);
                conn.write(FakeCharon.CONFIRM);
                conn.expect(PacketType.EVENT_UNREGISTER);
                conn.expect(PacketType.EVENT_UNREGISTER);
                firstConfirm.await();
                conn.write(FakeCharon.CONFIRM);
                secondConfirm.await();
                conn.write(FakeCharon.CONFIRM); // fails (broken pipe) if the client hung up already
            }
            conn.actLikeCharon();
        };
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect()) {
            EventSubscription sub = client.subscribe("ike-updown", "child-updown");
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                CompletableFuture<Void> closing = CompletableFuture.runAsync(sub::close);
                eventually().until(() -> fake.receivedOn(2).size() == 4);

                // Each window is far inside close()'s one-second grace: close() must still be
                // waiting, for the first confirmation and then for the second.
                stillRunningFor(closing, Duration.ofMillis(200));
                firstConfirm.countDown();
                stillRunningFor(closing, Duration.ofMillis(150));
                secondConfirm.countDown();
                closing.get(5, TimeUnit.SECONDS);

                assertThat(fake.receivedOn(2)).containsExactly(Packet.register("ike-updown"), Packet.register("child-updown"),
                        Packet.unregister("ike-updown"), Packet.unregister("child-updown"));
                eventually().until(() -> fake.connection(2).clientClosed() || !fake.scriptErrors().isEmpty());
                assertThat(fake.scriptErrors()).as("the fake's confirmations reached an open connection").isEmpty();
                assertThat(sub.state()).isEqualTo(EventSubscription.State.CLOSED);
            });
        }
    }

    private static void stillRunningFor(CompletableFuture<?> task, Duration window) {
        await().during(window).atMost(window.plusSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> !task.isDone());
    }

    @Test
    void closeIsPromptWhenCharonNeverConfirmsTheDeregistrations() throws Exception {
        FakeCharon.Script script = conn -> {
            if (conn.index() == 2) {
                conn.expect(PacketType.EVENT_REGISTER);
                conn.write(FakeCharon.CONFIRM);
                conn.awaitClientClose(); // never answers the deregistration
            }
            conn.actLikeCharon();
        };
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect()) {
            EventSubscription sub = client.subscribe("ike-updown");
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                long start = System.nanoTime();
                sub.close();
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

                assertThat(tookMillis).isLessThan(2500);
                assertThat(fake.receivedOn(2)).containsExactly(Packet.register("ike-updown"), Packet.unregister("ike-updown"));
                eventually().until(() -> fake.connection(2).clientClosed());
                assertThat(sub.state()).isEqualTo(EventSubscription.State.CLOSED);
            });
        }
    }

    /** "name n" for an event carrying {@code n}, "gap REASON dropped" for a gap, "none" for null. */
    static String describe(Delivery delivery) {
        if (delivery instanceof Event e) {
            return e.name() + " " + e.message().text("n").orElse("?");
        }
        if (delivery instanceof Gap g) {
            return "gap " + g.reason() + " " + g.droppedEvents();
        }
        return "none";
    }
}
