package io.github.kafkaconnectvici.vici.codec;

import static io.github.kafkaconnectvici.vici.codec.Wire.bytes;
import static io.github.kafkaconnectvici.vici.codec.Wire.concat;
import static io.github.kafkaconnectvici.vici.codec.Wire.keyValue;
import static io.github.kafkaconnectvici.vici.codec.Wire.listEnd;
import static io.github.kafkaconnectvici.vici.codec.Wire.listItem;
import static io.github.kafkaconnectvici.vici.codec.Wire.listStart;
import static io.github.kafkaconnectvici.vici.codec.Wire.sectionEnd;
import static io.github.kafkaconnectvici.vici.codec.Wire.sectionStart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values may be secrets (PSKs, private keys, PINs): no toString and no error message may contain a
 * value's bytes. Names do appear in messages, but escaped, so that a hostile name cannot forge log lines.
 */
class ErrorMessageHygieneTest {

    private static final String SECRET = "s3cr3t-psk";

    /** A secret key/value, a secret list item, then each kind of error later in the same message. */
    static Stream<Arguments> errorsAfterASecret() {
        byte[] secrets = concat(keyValue("psk", SECRET), listStart("keys"), listItem(SECRET), listEnd(),
                sectionStart("s"), keyValue("pin", SECRET));
        return Stream.of(
                Arguments.of(Malformation.UNKNOWN_ELEMENT_TYPE, concat(secrets, bytes(9))),
                Arguments.of(Malformation.TRUNCATED_ELEMENT, concat(secrets, bytes(Wire.KEY_VALUE, 1, 'k', 0xFF, 0xFF, 's'))),
                Arguments.of(Malformation.TRUNCATED_ELEMENT, concat(secrets, bytes(Wire.KEY_VALUE, 20, 'k'))),
                Arguments.of(Malformation.DUPLICATE_KEY, concat(secrets, keyValue("pin", SECRET))),
                Arguments.of(Malformation.UNBALANCED_SECTIONS, secrets),
                Arguments.of(Malformation.UNBALANCED_SECTIONS, concat(secrets, sectionEnd(), sectionEnd())),
                Arguments.of(Malformation.UNCLOSED_LIST, concat(secrets, listStart("l"), listItem(SECRET))),
                Arguments.of(Malformation.NESTED_LIST, concat(secrets, listStart("l"), listItem(SECRET), listStart("m"))),
                Arguments.of(Malformation.KEY_VALUE_IN_LIST, concat(secrets, listStart("l"), keyValue("k", SECRET))),
                Arguments.of(Malformation.SECTION_IN_LIST, concat(secrets, listStart("l"), sectionEnd())),
                Arguments.of(Malformation.LIST_ITEM_OUTSIDE_LIST, concat(secrets, listItem(SECRET))),
                Arguments.of(Malformation.INVALID_NAME, concat(secrets, bytes(Wire.KEY_VALUE, 1, 0xFF, 0, 0))));
    }

    @ParameterizedTest
    @MethodSource("errorsAfterASecret")
    void decodingErrorsNeverQuoteAValue(Malformation malformation, byte[] message) {
        ViciProtocolException e = catchThrowableOfType(ViciProtocolException.class, () -> MessageDecoder.decode(message));

        assertThat(e.malformation()).isEqualTo(malformation);
        assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("s3cr3t");
    }

    @Test
    void toStringShowsStructureAndSizesButNoValue() {
        Message message = Message.builder()
                .put("psk", SECRET)
                .put("key", SECRET.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .list("pins", SECRET, "x")
                .section("child", c -> c.put("secret", SECRET))
                .build();

        assertThat(message.toString())
                .doesNotContain("s3cr3t")
                .contains("psk", "pins", "child", "secret", "<10 bytes>", "<1 bytes>");
        assertThat(Packet.request("load-shared", message).toString()).doesNotContain("s3cr3t").contains("load-shared");
        assertThat(Packet.event("log", message).toString()).doesNotContain("s3cr3t");
        assertThat(Value.of(SECRET).toString()).isEqualTo("<10 bytes>");
        assertThat(new ValueList(java.util.List.of(Value.of(SECRET))).toString()).doesNotContain("s3cr3t");
        assertThat(MessageDecoder.decode(MessageEncoder.encode(message)).toString()).doesNotContain("s3cr3t");
    }

    @Test
    void valueErrorsNeverQuoteAValue() {
        Message message = Message.builder().put("psk", SECRET).build();

        assertThatThrownBy(() -> message.number("psk")).hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> message.flag("psk")).hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> message.section("psk")).hasMessageNotContaining("s3cr3t");
    }

    @Test
    void encodingErrorsNeverQuoteAValue() {
        assertThatThrownBy(() -> Value.of(SECRET.repeat(7000))).hasMessageNotContaining("s3cr3t");
        Message.Builder builder = Message.builder().put("psk", SECRET);
        assertThatThrownBy(() -> builder.put("psk", SECRET)).hasMessageNotContaining("s3cr3t");
    }

    /** Every place a decoded name reaches an error message, fed a name with a line break in it. */
    static Stream<Arguments> errorsNamingAHostileName() {
        String hostile = "l\nWARN forged";
        return Stream.of(
                Arguments.of(Malformation.DUPLICATE_KEY, concat(keyValue(hostile, "v"), keyValue(hostile, "v"))),
                Arguments.of(Malformation.UNBALANCED_SECTIONS, sectionStart(hostile)),
                Arguments.of(Malformation.NESTING_TOO_DEEP, concat(nestedOpen(64), sectionStart(hostile))),
                Arguments.of(Malformation.UNCLOSED_LIST, listStart(hostile)),
                Arguments.of(Malformation.NESTED_LIST, concat(listStart(hostile), listStart("x"))),
                Arguments.of(Malformation.KEY_VALUE_IN_LIST, concat(listStart(hostile), keyValue("k", "v"))),
                Arguments.of(Malformation.SECTION_IN_LIST, concat(listStart(hostile), sectionStart("s"))),
                Arguments.of(Malformation.SECTION_IN_LIST, concat(sectionStart("s"), listStart(hostile), sectionEnd())));
    }

    @ParameterizedTest
    @MethodSource("errorsNamingAHostileName")
    void decodedNamesAreEscapedInErrorMessages(Malformation malformation, byte[] message) {
        ViciProtocolException e = catchThrowableOfType(ViciProtocolException.class, () -> MessageDecoder.decode(message));

        assertThat(e.malformation()).isEqualTo(malformation);
        assertThat(e.getMessage()).doesNotContain("\n").contains("l\\x0aWARN forged");
    }

    @Test
    void packetNamesAreEscapedInToString() {
        Packet packet = PacketCodec.decode(Wire.packet(PacketType.EVENT_REGISTER, "a\rb"));

        assertThat(packet.toString()).isEqualTo("EVENT_REGISTER 'a\\x0db'");
    }

    private static byte[] nestedOpen(int depth) {
        byte[] out = new byte[0];
        for (int i = 0; i < depth; i++) {
            out = concat(out, sectionStart("s"));
        }
        return out;
    }
}
