package io.github.kafkaconnectvici.vici.codec;

import static io.github.kafkaconnectvici.vici.codec.ViciAssertions.assertMalformed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link Message.Builder}, {@link Value} and {@link MessageEncoder} refuse to send, and what they just accept. */
class EncodingLimitsTest {

    @Test
    void duplicateKey_viaTheBuilder() {
        Message.Builder builder = Message.builder().put("k", "1");

        assertMalformed(Malformation.DUPLICATE_KEY, () -> builder.put("k", "2"))
                .hasMessageContaining("key 'k'");
        assertMalformed(Malformation.DUPLICATE_KEY, () -> builder.section("k", s -> s.put("x", "y")));
        assertMalformed(Malformation.DUPLICATE_KEY, () -> builder.list("k", "a"));
        assertThat(builder.build().text("k")).contains("1");
    }

    @Test
    void duplicateKey_viaToBuilder() {
        Message message = Message.builder().section("s", Message.EMPTY).build();

        assertMalformed(Malformation.DUPLICATE_KEY, () -> message.toBuilder().put("s", "v"))
                .hasMessageContaining("key 's'");
    }

    @Test
    void nameTooLong_256Characters() {
        assertMalformed(Malformation.NAME_TOO_LONG, () -> Message.builder().put("k".repeat(256), "v"))
                .hasMessageContaining("256 characters")
                .hasMessageContaining("255 bytes");
        assertMalformed(Malformation.NAME_TOO_LONG, () -> Message.builder().section("s".repeat(300), Message.EMPTY));
        assertMalformed(Malformation.NAME_TOO_LONG, () -> Message.builder().list("l".repeat(256), "x"));
    }

    @Test
    void aNameOf255CharactersRoundTrips() {
        String name = "n".repeat(255);
        Message message = Message.builder().put(name, "v").build();

        byte[] encoded = MessageEncoder.encode(message);

        assertThat(encoded[1] & 0xFF).isEqualTo(255);
        assertThat(MessageDecoder.decode(encoded)).isEqualTo(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"schlüssel", "ключ", "tab\tkey", "new\nline", "nul\0", "del\u007f", "\u00a0"})
    void invalidName_notPrintableAscii(String name) {
        assertMalformed(Malformation.INVALID_NAME, () -> Message.builder().put(name, "v"))
                .hasMessageContaining("not printable ASCII at index " + firstNonPrintable(name))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\t", "\0"));
    }

    @Test
    void everyPrintableAsciiCharacterIsAValidName() {
        StringBuilder all = new StringBuilder();
        for (char c = ' '; c <= '~'; c++) {
            all.append(c);
        }
        Message message = Message.builder().put(all.toString(), "v").build();

        assertThat(MessageDecoder.decode(MessageEncoder.encode(message))).isEqualTo(message);
    }

    @Test
    void valueTooLong_65536Bytes() {
        assertMalformed(Malformation.VALUE_TOO_LONG, () -> Message.builder().put("k", new byte[65_536]))
                .hasMessageContaining("65536 bytes")
                .hasMessageContaining("65535");
        assertMalformed(Malformation.VALUE_TOO_LONG, () -> Value.of("x".repeat(65_536)));
        assertMalformed(Malformation.VALUE_TOO_LONG, () -> Value.of("\u00e9".repeat(32_768)))
                .hasMessageContaining("65536 bytes");
        assertMalformed(Malformation.VALUE_TOO_LONG, () -> Message.builder().list("l", "ok", "x".repeat(70_000)));
    }

    @Test
    void aValueOf65535BytesRoundTrips() {
        byte[] value = new byte[65_535];
        value[0] = 1;
        value[65_534] = (byte) 0xFF;
        Message message = Message.builder().put("k", value).list("l", "y".repeat(65_535)).build();

        byte[] encoded = MessageEncoder.encode(message);

        assertThat(encoded).startsWith(3, 1, 'k', 0xFF, 0xFF);
        assertThat(MessageDecoder.decode(encoded)).isEqualTo(message);
    }

    @Test
    void nestingTooDeep_whenEncodingATreeDeeperThan64() {
        Message tooDeep = nested(MessageDecoder.MAX_DEPTH + 1);

        assertMalformed(Malformation.NESTING_TOO_DEEP, () -> MessageEncoder.encode(tooDeep))
                .hasMessageContaining("deeper than 64 levels");
        assertMalformed(Malformation.NESTING_TOO_DEEP, () -> MessageEncoder.encodedLength(tooDeep));
        assertMalformed(Malformation.NESTING_TOO_DEEP, () -> PacketCodec.encodeFrame(Packet.event("e", tooDeep)));
    }

    @Test
    void nestingTooDeep_aHugeDepthFailsFastWithoutStackOverflow() {
        Message tooDeep = nested(100_000);

        assertMalformed(Malformation.NESTING_TOO_DEEP, () -> MessageEncoder.encode(tooDeep));
    }

    @Test
    void sixtyFourLevelsEncodeAndDecode() {
        Message deepest = nested(MessageDecoder.MAX_DEPTH);

        assertThat(MessageDecoder.decode(MessageEncoder.encode(deepest))).isEqualTo(deepest);
        assertThat(MessageEncoder.encode(deepest)).isEqualTo(Wire.nestedSections(MessageDecoder.MAX_DEPTH));
    }

    /**
     * Messages are immutable, so one value or section can be shared under many keys: a few
     * kilobytes of objects can describe gigabytes of encoding. The length must not wrap around.
     */
    @Test
    void aSharedTreeWhoseEncodingExceeds2GiBIsRefusedNotMismeasured() {
        Value big = Value.of(new byte[Value.MAX_LENGTH]);
        Message.Builder level0 = Message.builder();
        for (int i = 0; i < 256; i++) {
            level0.put("k" + i, big);
        }
        Message sixteenMiB = level0.build();
        for (int count : new int[] {128, 256}) {
            Message.Builder level1 = Message.builder();
            for (int i = 0; i < count; i++) {
                level1.section("s" + i, sixteenMiB);
            }
            Message huge = level1.build();

            assertMalformed(Malformation.FRAME_TOO_LONG, () -> MessageEncoder.encodedLength(huge));
            assertMalformed(Malformation.FRAME_TOO_LONG, () -> MessageEncoder.encode(huge));
            assertMalformed(Malformation.FRAME_TOO_LONG, () -> PacketCodec.encodeFrame(Packet.response(huge)))
                    .hasMessageContaining("CMD_RESPONSE");
        }
    }

    @Test
    void aSharedListWhoseEncodingExceeds2GiBIsRefusedNotMismeasured() {
        ValueList list = new ValueList(Collections.nCopies(40_000, Value.of(new byte[Value.MAX_LENGTH])));
        Message huge = Message.builder().put("l", list).build();

        assertMalformed(Malformation.FRAME_TOO_LONG, () -> MessageEncoder.encodedLength(huge));
        assertMalformed(Malformation.FRAME_TOO_LONG, () -> PacketCodec.encodeFrame(Packet.event("e", huge)));
    }

    /** 2^60 nominal entries: framing must stop counting at 512 KiB instead of walking them all. */
    @Test
    @Timeout(30)
    void aSharedTreeOfExabytesIsRefusedWithoutWalkingIt() {
        Message message = Message.EMPTY;
        for (int i = 0; i < 60; i++) {
            message = Message.builder().section("a", message).section("b", message).build();
        }
        Message exabytes = message;

        assertMalformed(Malformation.FRAME_TOO_LONG, () -> PacketCodec.encodeFrame(Packet.response(exabytes)))
                .hasMessageContaining("of at least 524289 bytes");
    }

    @Test
    void aSharedTreeUnder512KiBStillEncodes() {
        Message leaf = Message.builder().put("k", new byte[1000]).build();
        Message.Builder builder = Message.builder();
        for (int i = 0; i < 100; i++) {
            builder.section("s" + i, leaf);
        }
        Message message = builder.build();

        byte[] frame = PacketCodec.encodeFrame(Packet.response(message));

        assertThat(PacketCodec.decode(frame, 4, frame.length)).isEqualTo(Packet.response(message));
        assertThat(MessageEncoder.encodedLength(message)).isEqualTo(frame.length - 5);
    }

    static Message nested(int depth) {
        Message message = Message.EMPTY;
        for (int i = depth; i >= 1; i--) {
            message = Message.builder().section("s" + i, message).build();
        }
        return message;
    }

    private static int firstNonPrintable(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < 0x20 || name.charAt(i) > 0x7E) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }

}
