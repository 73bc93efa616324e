package io.github.kafkaconnectvici.vici.codec;

import static io.github.kafkaconnectvici.vici.codec.Wire.concat;
import static io.github.kafkaconnectvici.vici.codec.Wire.keyValue;
import static io.github.kafkaconnectvici.vici.codec.Wire.listEnd;
import static io.github.kafkaconnectvici.vici.codec.Wire.listItem;
import static io.github.kafkaconnectvici.vici.codec.Wire.listStart;
import static io.github.kafkaconnectvici.vici.codec.Wire.sectionEnd;
import static io.github.kafkaconnectvici.vici.codec.Wire.sectionStart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The decoded tree's compact form: messages over arrays, values that are slices of the decoded bytes,
 * and the duplicate-key check that shares one table across a message's sections and across decodes.
 */
class CompactTreeTest {

    @Test
    void decodingCopiesTheCallersRangeSoLaterChangesToItDoNotReachTheMessage() {
        byte[] bytes = MessageEncoder.encode(Message.builder().put("key", "value").build());
        Message decoded = MessageDecoder.decode(bytes, 0, bytes.length);

        java.util.Arrays.fill(bytes, (byte) 'X');

        assertThat(decoded.text("key")).contains("value");
    }

    @Test
    void anOwnedSegmentIsReadInPlace() {
        byte[] bytes = MessageEncoder.encode(Message.builder().put("key", "value").build());
        Message decoded = MessageDecoder.decodeOwned(bytes, 0, bytes.length);

        bytes[bytes.length - 1] = 'X'; // what decodeOwned's contract forbids, to show the value is a slice

        assertThat(decoded.text("key")).contains("valuX");
    }

    @Test
    void aSliceIsEqualToTheSameBytesMadeAnyOtherWayAndHashesAlike() {
        byte[] frame = "..value..".getBytes(StandardCharsets.US_ASCII);
        Value slice = Value.slice(frame, 2, 5);

        assertThat(slice).isEqualTo(Value.of("value")).hasSameHashCodeAs(Value.of("value"));
        assertThat(slice.bytes()).isEqualTo("value".getBytes(StandardCharsets.US_ASCII));
        assertThat(slice.length()).isEqualTo(5);
        assertThat(slice.byteAt(4)).isEqualTo((byte) 'e');
        assertThatThrownBy(() -> slice.byteAt(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(MessageEncoder.encode(Message.builder().put("k", slice).build()))
                .isEqualTo(MessageEncoder.encode(Message.builder().put("k", "value").build()));
    }

    @Test
    void aKeyMayRepeatInOtherSectionsButNotInItsOwnEvenAfterASubsectionClosed() {
        byte[] ok = concat(keyValue("a", "1"), sectionStart("s"), keyValue("a", "2"), sectionStart("t"), keyValue("a", "3"),
                sectionEnd(), sectionEnd(), keyValue("t", "4"));
        Message decoded = MessageDecoder.decode(ok);
        assertThat(decoded.text("a")).contains("1");
        assertThat(decoded.text("t")).contains("4");
        assertThat(decoded.section("s").orElseThrow().text("a")).contains("2");
        assertThat(decoded.section("s").orElseThrow().section("t").orElseThrow().text("a")).contains("3");

        byte[] duplicate = concat(keyValue("a", "1"), sectionStart("s"), keyValue("x", "2"), sectionEnd(), keyValue("a", "3"));
        assertThatThrownBy(() -> MessageDecoder.decode(duplicate))
                .isInstanceOf(ViciProtocolException.class)
                .satisfies(e -> assertThat(((ViciProtocolException) e).malformation()).isEqualTo(Malformation.DUPLICATE_KEY));
    }

    @Test
    void keysOfAnEarlierDecodeOrOfOneThatFailedAreNotDuplicatesInTheNext() {
        byte[] failing = concat(keyValue("a", "1"), sectionStart("s"), keyValue("b", "2"), keyValue("b", "3"));
        assertThatThrownBy(() -> MessageDecoder.decode(failing)).isInstanceOf(ViciProtocolException.class);

        Message next = MessageDecoder.decode(concat(keyValue("a", "1"), sectionStart("s"), keyValue("b", "2"), sectionEnd()));

        assertThat(next.section("s").orElseThrow().text("b")).contains("2");
    }

    @Test
    void aSectionOfThousandsOfKeysIsCheckedAndLookedUpByEveryKey() {
        Message.Builder builder = Message.builder();
        for (int i = 0; i < 5000; i++) {
            builder.put("key-" + i, Integer.toString(i));
        }
        Message decoded = MessageDecoder.decode(MessageEncoder.encode(builder.build()));

        assertThat(decoded.size()).isEqualTo(5000);
        for (int i = 0; i < 5000; i++) {
            assertThat(decoded.text("key-" + i)).contains(Integer.toString(i));
        }
        assertThat(decoded.contains("key-5000")).isFalse();

        java.io.ByteArrayOutputStream duplicateLate = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 5000; i++) {
            duplicateLate.writeBytes(keyValue("key-" + i, "v"));
        }
        duplicateLate.writeBytes(keyValue("key-4321", "again"));
        assertThatThrownBy(() -> MessageDecoder.decode(duplicateLate.toByteArray()))
                .hasMessageContaining("duplicate key 'key-4321'");
    }

    @Test
    void entriesIsAReadOnlyMapInMessageOrderEqualToAnyMapOfTheSameEntries() {
        Message decoded = MessageDecoder.decode(concat(keyValue("z", "1"), keyValue("a", "2"), listStart("l"),
                listItem("x"), listItem("y"), listEnd()));
        Map<String, Node> expected = new LinkedHashMap<>();
        expected.put("z", Value.of("1"));
        expected.put("a", Value.of("2"));
        expected.put("l", new ValueList(java.util.List.of(Value.of("x"), Value.of("y"))));

        assertThat(decoded.entries()).containsExactlyEntriesOf(expected).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(decoded.keys()).containsExactly("z", "a", "l");
        assertThat(decoded.entries().get("missing")).isNull();
        assertThat(decoded.entries().get(42)).isNull();
        assertThatThrownBy(() -> decoded.entries().put("b", Value.of("3"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> decoded.entries().entrySet().iterator().remove()).isInstanceOf(RuntimeException.class);
        assertThat(decoded.toString()).isEqualTo("{z=<1 bytes>, a=<1 bytes>, l=[<1 bytes>, <1 bytes>]}");
    }
}
