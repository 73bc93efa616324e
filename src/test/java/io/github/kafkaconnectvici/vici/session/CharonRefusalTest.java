package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Packet;
import io.github.kafkaconnectvici.vici.codec.PacketType;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Well-formed refusals from charon: each is a complete answer, so the connection stays in step and
 * is reused for the next command (the fake accepts exactly one connection's worth of traffic).
 */
class CharonRefusalTest {

    @TempDir
    Path dir;

    @Test
    void unknownCommandRaisesUnknownCommandExceptionAndKeepsTheConnection() throws Exception {
        FakeCharon.Script script = conn -> conn.serve(p -> "version".equals(p.name())
                ? FakeCharon.response("daemon", "charon")
                : FakeCharon.CMD_UNKNOWN);
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                UnknownCommandException thrown = catchThrowableOfType(UnknownCommandException.class,
                        () -> client.call("frobnicate"));

                assertThat(thrown).isNotNull().hasMessageContaining("'frobnicate'");
                assertThat(thrown.command()).isEqualTo("frobnicate");
                assertThat(client.call("version").text("daemon")).hasValue("charon");
                assertThat(fake.connectionCount()).isEqualTo(1);
            });
        }
    }

    @Test
    void unknownStreamEventRaisesUnknownEventExceptionAndKeepsTheConnection() throws Exception {
        FakeCharon.Script script = conn -> conn.serve(p -> switch (p.type()) {
            case EVENT_REGISTER -> FakeCharon.EVENT_UNKNOWN;
            case CMD_REQUEST -> FakeCharon.response("daemon", "charon");
            default -> throw new AssertionError(p);
        });
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                UnknownEventException thrown = catchThrowableOfType(UnknownEventException.class,
                        () -> client.stream("list-frobs", Message.EMPTY, "list-frob", m -> { }));

                assertThat(thrown).isNotNull().hasMessageContaining("'list-frob'");
                assertThat(thrown.event()).isEqualTo("list-frob");
                assertThat(client.call("version").text("daemon")).hasValue("charon");
                assertThat(fake.connectionCount()).isEqualTo(1);
                // the command itself was never sent for an event charon does not know
                assertThat(fake.receivedOn(1)).containsExactly(Packet.register("list-frob"), Packet.request("version", Message.EMPTY));
            });
        }
    }

    @Test
    void successNoRaisesCommandFailedExceptionWithTheResponseAndKeepsTheConnection() throws Exception {
        Message failure = Message.builder().put("success", false).put("errmsg", "no config named 'gw'")
                .put("matches", 0).build();
        FakeCharon.Script script = conn -> conn.serve(p -> "terminate".equals(p.name())
                ? Packet.response(failure)
                : FakeCharon.response("success", "yes"));
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                CommandFailedException thrown = catchThrowableOfType(CommandFailedException.class,
                        () -> client.call("terminate", FakeCharon.message("ike", "gw")));

                assertThat(thrown).isNotNull().hasMessageContaining("'terminate'").hasMessageContaining("no config named 'gw'");
                assertThat(thrown.command()).isEqualTo("terminate");
                assertThat(thrown.errmsg()).hasValue("no config named 'gw'");
                assertThat(thrown.response()).isEqualTo(failure);
                assertThat(client.call("load-conn").text("success")).hasValue("yes");
                assertThat(fake.connectionCount()).isEqualTo(1);
                assertThat(fake.received()).extracting(r -> r.packet().type())
                        .containsExactly(PacketType.CMD_REQUEST, PacketType.CMD_REQUEST);
            });
        }
    }
}
