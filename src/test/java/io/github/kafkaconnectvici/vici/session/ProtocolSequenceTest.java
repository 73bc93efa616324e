package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.kafkaconnectvici.vici.codec.Malformation;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.PacketType;
import io.github.kafkaconnectvici.vici.codec.ViciProtocolException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Well-formed packets in an order the protocol does not allow: UNEXPECTED_PACKET, and the
 * connection (out of step with charon) is discarded.
 */
class ProtocolSequenceTest {

    @TempDir
    Path dir;

    @Test
    void eventConfirmAsTheAnswerToACommand() throws Exception {
        assertUnexpected(conn -> {
            conn.expect(PacketType.CMD_REQUEST);
            conn.write(FakeCharon.CONFIRM);
        }, client -> client.call("version"), "EVENT_CONFIRM");
    }

    @Test
    void eventOnAConnectionWithNothingRegistered() throws Exception {
        assertUnexpected(conn -> {
            conn.expect(PacketType.CMD_REQUEST);
            conn.write(FakeCharon.event("ike-updown", "up", "yes"), FakeCharon.response());
        }, client -> client.call("version"), "EVENT 'ike-updown'");
    }

    @Test
    void eventOfAnotherNameDuringAStream() throws Exception {
        List<Message> seen = new ArrayList<>();
        assertUnexpected(conn -> {
            conn.expect(PacketType.EVENT_REGISTER);
            conn.write(FakeCharon.CONFIRM);
            conn.expect(PacketType.CMD_REQUEST);
            conn.write(FakeCharon.event("list-sa", "n", "1"), FakeCharon.event("list-conn", "n", "2"), FakeCharon.response());
        }, client -> client.stream("list-sas", Message.EMPTY, "list-sa", seen::add), "EVENT 'list-conn'");
        assertThat(seen).containsExactly(FakeCharon.message("n", "1"));
    }

    @Test
    void commandResponseAsTheAnswerToARegistration() throws Exception {
        assertUnexpected(conn -> {
            conn.expect(PacketType.EVENT_REGISTER);
            conn.write(FakeCharon.response());
        }, client -> client.stream("list-sas", Message.EMPTY, "list-sa", m -> { }), "CMD_RESPONSE");
    }

    @Test
    void refusedDeregistrationOfAConfirmedEvent() throws Exception {
        assertUnexpected(conn -> {
            conn.expect(PacketType.EVENT_REGISTER);
            conn.write(FakeCharon.CONFIRM);
            conn.expect(PacketType.CMD_REQUEST);
            conn.write(FakeCharon.response());
            conn.expect(PacketType.EVENT_UNREGISTER);
            conn.write(FakeCharon.EVENT_UNKNOWN);
        }, client -> client.stream("list-sas", Message.EMPTY, "list-sa", m -> { }), "unregister");
    }

    private interface Call {
        void run(ViciClient client);
    }

    /** Connection 1 runs {@code misbehaviour}; later ones answer every command properly. */
    private void assertUnexpected(FakeCharon.Script misbehaviour, Call call, String messagePart) throws Exception {
        FakeCharon.Script script = conn -> {
            if (conn.index() == 1) {
                misbehaviour.run(conn);
            } else {
                conn.serve(p -> FakeCharon.response("conn", "" + conn.index()));
            }
        };
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                ViciProtocolException thrown = catchThrowableOfType(ViciProtocolException.class, () -> call.run(client));

                assertThat(thrown).isNotNull().hasMessageContaining(messagePart);
                assertThat(thrown.malformation()).isEqualTo(Malformation.UNEXPECTED_PACKET);
                FakeCharon.eventually().until(() -> fake.connection(1).clientClosed());
                assertThat(client.call("version").text("conn")).hasValue("2");
                assertThat(fake.connectionCount()).isEqualTo(2);
            });
        }
    }
}
