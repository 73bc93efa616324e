package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Packet;
import io.github.kafkaconnectvici.vici.codec.PacketType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streamed command's events and its response come through one ordered path (govici #50): every
 * event reaches the consumer before {@code stream()} returns, including events charon still sends
 * after the response, before it confirms the deregistration.
 */
class StreamedCommandTest {

    private static final int N = 1000;

    @TempDir
    Path dir;

    @Test
    void everyEventReachesTheConsumerInOrderBeforeTheResponseIsReturned() throws Exception {
        FakeCharon.Script script = conn -> {
            conn.expect(PacketType.EVENT_REGISTER);
            conn.write(FakeCharon.CONFIRM);
            conn.expect(PacketType.CMD_REQUEST);
            for (int i = 0; i < N; i++) {
                conn.write(FakeCharon.event("list-sa", "n", "" + i));
            }
            conn.write(FakeCharon.response("listed", "" + N));
            conn.write(FakeCharon.event("list-sa", "n", "" + N)); // after the response
            conn.expect(PacketType.EVENT_UNREGISTER);
            conn.write(FakeCharon.event("list-sa", "n", "" + (N + 1))); // after the unregister, before its confirm
            conn.write(FakeCharon.CONFIRM);
            conn.actLikeCharon();
        };
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                List<String> seen = new ArrayList<>();
                Thread caller = Thread.currentThread();
                List<Thread> consumerThreads = new ArrayList<>();

                Message response = client.stream("list-sas", FakeCharon.message("noblock", "yes"), "list-sa", event -> {
                    seen.add(event.text("n").orElseThrow());
                    consumerThreads.add(Thread.currentThread());
                });

                assertThat(response.text("listed")).hasValue("" + N);
                assertThat(seen).containsExactlyElementsOf(IntStream.rangeClosed(0, N + 1).mapToObj(Integer::toString).toList());
                assertThat(consumerThreads).containsOnly(caller);
                assertThat(fake.receivedOn(1)).containsExactly(
                        Packet.register("list-sa"),
                        Packet.request("list-sas", FakeCharon.message("noblock", "yes")),
                        Packet.unregister("list-sa"));
                // and the connection is in step: it carries the next command
                client.call("version");
                assertThat(fake.connectionCount()).isEqualTo(1);
            });
        }
    }

    @Test
    void charonDyingMidStreamFailsTheCommandAfterDeliveringWhatArrived() throws Exception {
        FakeCharon.Script script = conn -> {
            if (conn.index() > 1) {
                conn.actLikeCharon();
                return;
            }
            conn.expect(PacketType.EVENT_REGISTER);
            conn.write(FakeCharon.CONFIRM);
            conn.expect(PacketType.CMD_REQUEST);
            conn.write(FakeCharon.event("list-sa", "n", "0"), FakeCharon.event("list-sa", "n", "1"),
                    FakeCharon.event("list-sa", "n", "2"));
            conn.close();
        };
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                List<String> seen = new ArrayList<>();

                Throwable thrown = catchThrowable(() -> client.stream("list-sas", Message.EMPTY, "list-sa",
                        event -> seen.add(event.text("n").orElseThrow())));

                assertThat(thrown).isInstanceOf(ViciConnectionException.class)
                        .isNotInstanceOf(ViciTimeoutException.class)
                        .hasMessageContaining("closed the connection");
                assertThat(seen).containsExactly("0", "1", "2");
                client.call("version");
                assertThat(fake.connectionCount()).isEqualTo(2);
            });
        }
    }
}
