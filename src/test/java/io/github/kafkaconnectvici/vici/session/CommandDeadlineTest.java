package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Packet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * charon sends nothing at all when a reply would exceed 512 KiB, so every command has a deadline;
 * on expiry the connection must be thrown away, or a late reply would answer the next command
 * (govici 10991e1).
 */
class CommandDeadlineTest {

    @TempDir
    Path dir;

    @Test
    void silentCharonTimesOutAndALateReplyNeverAnswersTheNextCommand() throws Exception {
        AtomicReference<FakeCharon.Conn> silent = new AtomicReference<>();
        // "stats" is never answered in time. Before answering "version", the fake sends the late
        // "stats" reply down the connection "stats" used; had the client kept that connection,
        // "version" would read the stats reply.
        FakeCharon.Script script = conn -> conn.serve(p -> {
            if ("stats".equals(p.name())) {
                silent.set(conn);
                return null;
            }
            lateStatsReply(silent.get());
            return FakeCharon.response("answer-to", p.name());
        });
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                Throwable thrown = catchThrowable(() -> client.call("stats", Message.EMPTY, Duration.ofMillis(200)));

                assertThat(thrown).isInstanceOf(ViciTimeoutException.class)
                        .hasMessageContaining("'stats'")
                        .hasMessageContaining("512 KiB")
                        .hasMessageContaining("discarded");
                FakeCharon.eventually().until(() -> fake.connection(1).clientClosed());

                Message answer = client.call("version");

                assertThat(answer.text("answer-to")).hasValue("version");
                assertThat(fake.connectionCount()).isEqualTo(2);
                assertThat(fake.receivedOn(1)).containsExactly(Packet.request("stats", Message.EMPTY));
                assertThat(fake.receivedOn(2)).containsExactly(Packet.request("version", Message.EMPTY));
            });
        }
    }

    private static void lateStatsReply(FakeCharon.Conn conn) {
        try {
            conn.write(FakeCharon.response("answer-to", "stats"));
        } catch (IOException expectedAsTheClientClosedThatConnection) {
            // what matters is only that the reply reaches no later command
        }
    }
}
