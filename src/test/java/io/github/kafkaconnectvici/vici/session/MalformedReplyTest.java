package io.github.kafkaconnectvici.vici.session;

import static io.github.kafkaconnectvici.vici.session.FakeCharon.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.kafkaconnectvici.vici.codec.FrameReader;
import io.github.kafkaconnectvici.vici.codec.Malformation;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.PacketType;
import io.github.kafkaconnectvici.vici.codec.ViciProtocolException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bytes from "charon" that are not VICI: the command fails with the exact malformation, and the
 * connection, no longer known to be in step, is discarded; the next command gets a new one.
 */
class MalformedReplyTest {

    private static final int RESPONSE = PacketType.CMD_RESPONSE.code();

    @TempDir
    Path dir;

    static Stream<Arguments> malformedReplies() {
        return Stream.of(
                Arguments.of("unknown packet type", frame((byte) 8), false, Malformation.UNKNOWN_PACKET_TYPE),
                Arguments.of("empty segment", frame(), false, Malformation.EMPTY_PACKET),
                Arguments.of("truncated frame, then EOF",
                        ByteBuffer.allocate(7).putInt(10).put(new byte[] {(byte) RESPONSE, 3, 1}).array(), true,
                        Malformation.TRUNCATED_FRAME),
                Arguments.of("truncated length header, then EOF", new byte[] {0, 0}, true, Malformation.TRUNCATED_FRAME),
                Arguments.of("length over 512 KiB", ByteBuffer.allocate(4).putInt(FrameReader.MAX_FRAME_LENGTH + 1).array(),
                        false, Malformation.FRAME_TOO_LONG),
                Arguments.of("length 0xFFFFFFFF", new byte[] {-1, -1, -1, -1}, false, Malformation.FRAME_TOO_LONG),
                Arguments.of("unknown element type", frame((byte) RESPONSE, (byte) 9), false, Malformation.UNKNOWN_ELEMENT_TYPE),
                Arguments.of("element running past the message", frame((byte) RESPONSE, (byte) 3, (byte) 4, (byte) 'k'), false,
                        Malformation.TRUNCATED_ELEMENT),
                Arguments.of("section end without a section", frame((byte) RESPONSE, (byte) 2), false,
                        Malformation.UNBALANCED_SECTIONS),
                Arguments.of("data after EVENT_CONFIRM", frame((byte) PacketType.EVENT_CONFIRM.code(), (byte) 0), false,
                        Malformation.UNEXPECTED_PACKET_DATA));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedReplies")
    void malformedReplyFailsTheCommandAndDiscardsTheConnection(String what, byte[] reply, boolean hangUp, Malformation expected)
            throws Exception {
        FakeCharon.Script script = conn -> {
            if (conn.index() == 1) {
                conn.expect(PacketType.CMD_REQUEST);
                conn.writeRaw(reply);
                if (hangUp) {
                    conn.close();
                }
            } else {
                conn.serve(p -> FakeCharon.response("conn", "" + conn.index()));
            }
        };
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                ViciProtocolException thrown = catchThrowableOfType(ViciProtocolException.class, () -> client.call("version"));

                assertThat(thrown).as(what).isNotNull();
                assertThat(thrown.malformation()).isEqualTo(expected);
                if (!hangUp) {
                    // nothing but the client can have closed it
                    FakeCharon.eventually().until(() -> fake.connection(1).clientClosed());
                }
                assertThat(client.call("version", Message.EMPTY).text("conn")).hasValue("2");
                assertThat(fake.connectionCount()).isEqualTo(2);
            });
        }
    }
}
