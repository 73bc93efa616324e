package io.github.kafkaconnectvici.vici.session;

import static io.github.kafkaconnectvici.vici.session.EventSubscriptionTest.WAIT;
import static io.github.kafkaconnectvici.vici.session.EventSubscriptionTest.describe;
import static io.github.kafkaconnectvici.vici.session.FakeCharon.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.kafkaconnectvici.vici.codec.Packet;
import io.github.kafkaconnectvici.vici.codec.PacketCodec;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events are decoded by the consumer that takes them, not by the reader: a malformed one is found when it
 * is taken, and ends its connection as a failed read does. Connection 1 is the command pool's; the
 * subscription uses 2, then 3.
 */
class MalformedEventTest {

    private static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), 2.0, 0.5);

    @TempDir
    Path dir;

    private final List<Gap> heard = new CopyOnWriteArrayList<>();

    @Test
    void aMalformedEventEndsItsConnectionAndTheReconnectionsGapReplacesItAndTheEventsBehindIt() throws Exception {
        try (FakeCharon fake = FakeCharon.start(dir, FakeCharon.Conn::actLikeCharon);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect();
                EventSubscription sub = client.subscription("ike-updown").backoff(FAST).onGap(heard::add).open()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                ByteArrayOutputStream stream = new ByteArrayOutputStream();
                stream.write(PacketCodec.encodeFrame(FakeCharon.event("ike-updown", "n", "1")));
                stream.write(truncatedEvent("ike-updown", "n", "2"));
                stream.write(PacketCodec.encodeFrame(FakeCharon.event("ike-updown", "n", "3")));
                fake.connection(2).writeRaw(stream.toByteArray());

                // The reader queues all three undecoded: it neither notices the malformed one nor stops reading.
                eventually().until(() -> sub.deliveredEvents() == 3);
                assertThat(sub.state()).isEqualTo(EventSubscription.State.CONNECTED);
                assertThat(fake.connection(2).clientClosed()).isFalse();
                Instant beforeTaken = Instant.now();

                assertThat(describe(sub.poll(WAIT))).isEqualTo("ike-updown 1");
                Delivery next = sub.poll(WAIT); // the malformed event, then the one behind it, discarded

                assertThat(describe(next)).isEqualTo("gap CONNECTION_LOST 0");
                Gap gap = (Gap) next;
                assertThat(gap.since()).as("from the malformed event's arrival, not from when it was taken")
                        .isBefore(beforeTaken);
                assertThat(gap.detail()).contains("lost").contains("regained");
                assertThat(heard).containsExactly(gap);
                eventually().until(() -> fake.connection(2).clientClosed());
                assertThat(fake.receivedOn(3)).containsExactly(Packet.register("ike-updown"));

                fake.connection(3).write(FakeCharon.event("ike-updown", "n", "4"));
                assertThat(describe(sub.poll(WAIT))).isEqualTo("ike-updown 4");
                assertThat(sub.poll()).isNull();
                assertThat(fake.connectionCount()).as("one reconnection, not one per failure noticed").isEqualTo(3);
            });
        }
    }

    @Test
    void aMalformedEventTakenWithoutWaitingEndsItsConnectionToo() throws Exception {
        try (FakeCharon fake = FakeCharon.start(dir, FakeCharon.Conn::actLikeCharon);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect();
                EventSubscription sub = client.subscription("ike-updown").backoff(FAST).onGap(heard::add).open()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                fake.connection(2).writeRaw(truncatedEvent("ike-updown", "n", "1"));
                eventually().until(() -> sub.deliveredEvents() == 1);

                assertThat(sub.poll()).as("nothing to deliver yet: the gap comes with the reconnection").isNull();

                eventually().until(() -> sub.state() == EventSubscription.State.CONNECTED && fake.connectionCount() == 3);
                assertThat(describe(sub.poll(WAIT))).isEqualTo("gap CONNECTION_LOST 0");
                assertThat(fake.connection(2).clientClosed()).isTrue();
            });
        }
    }

    /** The frame of an EVENT whose last value is one byte short of the length it declares. */
    private static byte[] truncatedEvent(String name, String key, String value) {
        byte[] frame = PacketCodec.encodeFrame(FakeCharon.event(name, key, value));
        byte[] body = Arrays.copyOfRange(frame, 4, frame.length - 1);
        return FakeCharon.frame(body);
    }
}
