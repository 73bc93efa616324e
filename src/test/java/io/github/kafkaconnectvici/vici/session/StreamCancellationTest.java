package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.PacketType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streamed command ended early by its {@link Cancellation}: from its own callback or from another
 * thread while it waits for charon. The rest of the stream is never handed on, the command fails
 * with {@link CommandCancelledException} (not as a broken connection), and its connection is
 * discarded: the next command runs on a fresh one.
 */
class StreamCancellationTest {

    @TempDir
    Path dir;

    @Test
    void cancellingFromTheCallbackStopsTheStreamAndDiscardsTheConnection() throws Exception {
        FakeCharon.Script script = conn -> {
            if (conn.index() > 1) {
                conn.actLikeCharon();
                return;
            }
            conn.expect(PacketType.EVENT_REGISTER);
            conn.write(FakeCharon.CONFIRM);
            conn.expect(PacketType.CMD_REQUEST);
            for (int i = 0; i < 5; i++) {
                conn.write(FakeCharon.event("list-sa", "n", "" + i));
            }
            conn.awaitClientClose();
        };
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                List<String> seen = new ArrayList<>();
                Cancellation cancellation = new Cancellation();

                Throwable thrown = catchThrowable(() -> client.stream("list-sas", Message.EMPTY, "list-sa", event -> {
                    seen.add(event.text("n").orElseThrow());
                    if (seen.size() == 2) {
                        cancellation.cancel();
                    }
                }, Duration.ofSeconds(5), cancellation));

                assertThat(thrown).isInstanceOf(CommandCancelledException.class).hasMessageContaining("list-sas");
                assertThat(seen).containsExactly("0", "1");
                client.call("version");
                assertThat(fake.connectionCount()).as("the cancelled command's connection is not reused").isEqualTo(2);
            });
        }
    }

    @Test
    void cancellingFromAnotherThreadEndsACommandWaitingForCharon() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        FakeCharon.Script script = conn -> {
            conn.expect(PacketType.EVENT_REGISTER);
            conn.write(FakeCharon.CONFIRM);
            conn.expect(PacketType.CMD_REQUEST);
            conn.write(FakeCharon.event("list-sa", "n", "0"));
            conn.awaitClientClose(); // and never answers
        };
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                Cancellation cancellation = new Cancellation();
                Thread canceller = new Thread(() -> {
                    try {
                        streaming.await();
                        cancellation.cancel();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                canceller.start();

                Throwable thrown = catchThrowable(() -> client.stream("list-sas", Message.EMPTY, "list-sa",
                        event -> streaming.countDown(), Duration.ofMinutes(5), cancellation));

                assertThat(thrown).isInstanceOf(CommandCancelledException.class)
                        .isNotInstanceOf(ViciConnectionException.class);
                assertThat(cancellation.isCancelled()).isTrue();
                canceller.join();
            });
        }
    }

    @Test
    void aCommandCancelledBeforeItStartsIsNotSent() throws Exception {
        FakeCharon.Script script = FakeCharon.Conn::actLikeCharon;
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect()) {
            Cancellation cancellation = new Cancellation();
            cancellation.cancel();

            Throwable thrown = catchThrowable(() -> client.stream("list-sas", Message.EMPTY, "list-sa", event -> { },
                    Duration.ofSeconds(5), cancellation));

            assertThat(thrown).isInstanceOf(CommandCancelledException.class);
            assertThat(fake.receivedOn(1)).isEmpty();
        }
    }
}
