package io.github.kafkaconnectvici.vici.codec;

import static io.github.kafkaconnectvici.vici.codec.ViciAssertions.assertMessageMalformed;
import static io.github.kafkaconnectvici.vici.codec.Wire.bytes;
import static io.github.kafkaconnectvici.vici.codec.Wire.concat;
import static io.github.kafkaconnectvici.vici.codec.Wire.keyValue;
import static io.github.kafkaconnectvici.vici.codec.Wire.listEnd;
import static io.github.kafkaconnectvici.vici.codec.Wire.listItem;
import static io.github.kafkaconnectvici.vici.codec.Wire.listStart;
import static io.github.kafkaconnectvici.vici.codec.Wire.nestedSections;
import static io.github.kafkaconnectvici.vici.codec.Wire.sectionEnd;
import static io.github.kafkaconnectvici.vici.codec.Wire.sectionStart;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The message format as {@link MessageDecoder} enforces it: one or more tests per malformation. */
class MalformedMessageTest {

    /** A valid element in front of each error, so that offsets are not trivially 0. */
    private static final byte[] PREFIX = keyValue("a", "b");

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 8, 0x7F, 0x80, 255})
    void unknownElementType(int type) {
        assertMessageMalformed(Malformation.UNKNOWN_ELEMENT_TYPE, concat(PREFIX, bytes(type, 1, 'k')))
                .hasMessageContaining("unknown element type " + type)
                .hasMessageContaining("at byte " + PREFIX.length);
    }

    @ParameterizedTest
    @ValueSource(ints = {Wire.SECTION_START, Wire.KEY_VALUE, Wire.LIST_START})
    void truncatedElement_endsBeforeItsNameLength(int type) {
        assertMessageMalformed(Malformation.TRUNCATED_ELEMENT, concat(PREFIX, bytes(type)))
                .hasMessageContaining("before its name length")
                .hasMessageContaining("at byte " + PREFIX.length);
    }

    @Test
    void truncatedElement_nameRunsPastTheEnd() {
        assertMessageMalformed(Malformation.TRUNCATED_ELEMENT, concat(PREFIX, bytes(Wire.KEY_VALUE, 10, 'k', 'e', 'y')))
                .hasMessageContaining("KEY_VALUE name of 10 bytes")
                .hasMessageContaining("3 left")
                .hasMessageContaining("at byte " + PREFIX.length);
    }

    @Test
    void truncatedElement_nameOf255BytesWithOnePresent() {
        assertMessageMalformed(Malformation.TRUNCATED_ELEMENT, bytes(Wire.SECTION_START, 255, 's'))
                .hasMessageContaining("SECTION_START name of 255 bytes")
                .hasMessageContaining("1 left");
    }

    @Test
    void truncatedElement_endsBeforeItsValueLength() {
        assertMessageMalformed(Malformation.TRUNCATED_ELEMENT, bytes(Wire.KEY_VALUE, 1, 'k', 0))
                .hasMessageContaining("KEY_VALUE ends before its value length");
    }

    @Test
    void truncatedElement_valueOf65535BytesWithThreePresent() {
        assertMessageMalformed(Malformation.TRUNCATED_ELEMENT, concat(PREFIX, bytes(Wire.KEY_VALUE, 1, 'k', 0xFF, 0xFF, 'a', 'b', 'c')))
                .hasMessageContaining("KEY_VALUE value of 65535 bytes")
                .hasMessageContaining("3 left")
                .hasMessageContaining("at byte " + PREFIX.length);
    }

    @Test
    void truncatedElement_listItemValue() {
        assertMessageMalformed(Malformation.TRUNCATED_ELEMENT, concat(listStart("l"), bytes(Wire.LIST_ITEM, 0, 4, 'x')))
                .hasMessageContaining("LIST_ITEM value of 4 bytes")
                .hasMessageContaining("1 left");
    }

    @Test
    void unbalancedSections_sectionEndAtRoot() {
        assertMessageMalformed(Malformation.UNBALANCED_SECTIONS, concat(PREFIX, sectionEnd()))
                .hasMessageContaining("SECTION_END without an open section")
                .hasMessageContaining("at byte " + PREFIX.length);
    }

    @Test
    void unbalancedSections_oneEndTooMany() {
        byte[] message = concat(sectionStart("s"), sectionEnd(), sectionEnd());

        assertMessageMalformed(Malformation.UNBALANCED_SECTIONS, message)
                .hasMessageContaining("at byte " + (message.length - 1));
    }

    @Test
    void unbalancedSections_messageEndsWithOpenSections() {
        byte[] message = concat(sectionStart("outer"), PREFIX, sectionStart("inner"));

        assertMessageMalformed(Malformation.UNBALANCED_SECTIONS, message)
                .hasMessageContaining("2 section(s) open")
                .hasMessageContaining("innermost 'inner'");
    }

    @Test
    void unclosedList() {
        assertMessageMalformed(Malformation.UNCLOSED_LIST, concat(listStart("pools"), listItem("p1")))
                .hasMessageContaining("ends inside list 'pools'");
    }

    @Test
    void unclosedList_insideASection() {
        assertMessageMalformed(Malformation.UNCLOSED_LIST, concat(sectionStart("s"), listStart("pools")))
                .hasMessageContaining("list 'pools'");
    }

    @Test
    void nestedList() {
        byte[] message = concat(listStart("outer"), listItem("x"), listStart("inner"), listEnd(), listEnd());

        assertMessageMalformed(Malformation.NESTED_LIST, message)
                .hasMessageContaining("LIST_START inside list 'outer'");
    }

    @Test
    void keyValueInList() {
        assertMessageMalformed(Malformation.KEY_VALUE_IN_LIST, concat(listStart("l"), keyValue("k", "v"), listEnd()))
                .hasMessageContaining("KEY_VALUE inside list 'l'");
    }

    @Test
    void sectionInList_sectionStart() {
        assertMessageMalformed(Malformation.SECTION_IN_LIST, concat(listStart("l"), sectionStart("s"), sectionEnd(), listEnd()))
                .hasMessageContaining("SECTION_START inside list 'l'");
    }

    @Test
    void sectionInList_sectionEndClosingTheEnclosingSection() {
        assertMessageMalformed(Malformation.SECTION_IN_LIST, concat(sectionStart("s"), listStart("l"), sectionEnd()))
                .hasMessageContaining("SECTION_END inside list 'l'");
    }

    @Test
    void listItemOutsideList_item() {
        assertMessageMalformed(Malformation.LIST_ITEM_OUTSIDE_LIST, concat(PREFIX, listItem("x")))
                .hasMessageContaining("LIST_ITEM outside a list")
                .hasMessageContaining("at byte " + PREFIX.length);
    }

    @Test
    void listItemOutsideList_itemAfterTheListEnded() {
        assertMessageMalformed(Malformation.LIST_ITEM_OUTSIDE_LIST, concat(listStart("l"), listEnd(), listItem("x")))
                .hasMessageContaining("LIST_ITEM outside a list");
    }

    @Test
    void listItemOutsideList_listEnd() {
        assertMessageMalformed(Malformation.LIST_ITEM_OUTSIDE_LIST, concat(sectionStart("s"), listEnd(), sectionEnd()))
                .hasMessageContaining("LIST_END outside a list");
    }

    @Test
    void duplicateKey_keyThenKey() {
        assertMessageMalformed(Malformation.DUPLICATE_KEY, concat(keyValue("k", "1"), keyValue("k", "2")))
                .hasMessageContaining("duplicate key 'k'")
                .hasMessageContaining("at byte 6");
    }

    @Test
    void duplicateKey_isReportedBeforeItsValueIsFoundTruncated() {
        // the decoder reads a key's value before it stores both in one lookup; the duplicate still comes first
        assertMessageMalformed(Malformation.DUPLICATE_KEY, concat(keyValue("k", "1"), bytes(Wire.KEY_VALUE, 1, 'k', 0, 9, 'v')))
                .hasMessageContaining("duplicate key 'k'")
                .hasMessageContaining("at byte 6");
    }

    @Test
    void truncatedValue_ofANewKeyIsReportedAsTruncated() {
        assertMessageMalformed(Malformation.TRUNCATED_ELEMENT, concat(keyValue("k", "1"), bytes(Wire.KEY_VALUE, 1, 'j', 0, 9, 'v')))
                .hasMessageContaining("KEY_VALUE value of 9 bytes");
    }

    @Test
    void duplicateKey_keyThenSection() {
        assertMessageMalformed(Malformation.DUPLICATE_KEY, concat(keyValue("k", "1"), sectionStart("k"), sectionEnd()))
                .hasMessageContaining("duplicate key 'k'");
    }

    @Test
    void duplicateKey_sectionThenList() {
        assertMessageMalformed(Malformation.DUPLICATE_KEY, concat(sectionStart("k"), sectionEnd(), listStart("k"), listEnd()))
                .hasMessageContaining("duplicate key 'k'");
    }

    @Test
    void duplicateKey_insideANestedSection() {
        byte[] message = concat(sectionStart("s"), keyValue("", "1"), keyValue("", "2"), sectionEnd());

        assertMessageMalformed(Malformation.DUPLICATE_KEY, message).hasMessageContaining("duplicate key ''");
    }

    @Test
    void theSameNameInDifferentSectionsIsNoDuplicate() {
        byte[] message = concat(keyValue("k", "1"), sectionStart("s"), keyValue("k", "2"), sectionEnd());

        Message decoded = MessageDecoder.decode(message);

        assertThat(decoded.text("k")).contains("1");
        assertThat(decoded.section("s").flatMap(s -> s.text("k"))).contains("2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff", "c328", "c080", "eda080", "f4908080", "e282"})
    void invalidName_notUtf8(String hexName) {
        byte[] name = java.util.HexFormat.of().parseHex(hexName);
        byte[] message = concat(PREFIX, bytes(Wire.KEY_VALUE, name.length), name, bytes(0, 0));

        assertMessageMalformed(Malformation.INVALID_NAME, message)
                .hasMessageContaining("not valid UTF-8")
                .hasMessageContaining("at byte " + PREFIX.length);
    }

    @Test
    void namesThatAreValidUtf8ButNotAsciiAreAccepted() {
        byte[] name = "schlüssel".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] message = concat(bytes(Wire.KEY_VALUE, name.length), name, bytes(0, 1, 'v'));

        Message decoded = MessageDecoder.decode(message);

        assertThat(decoded.text("schlüssel")).contains("v");
        assertThat(MessageEncoder.encode(decoded)).isEqualTo(message);
    }

    @Test
    void nestingTooDeep_65NestedSections() {
        byte[] message = nestedSections(MessageDecoder.MAX_DEPTH + 1);

        assertMessageMalformed(Malformation.NESTING_TOO_DEEP, message)
                .hasMessageContaining("section 's65'")
                .hasMessageContaining("deeper than 64 levels");
    }

    @Test
    void sixtyFourNestedSectionsDecode() {
        Message message = MessageDecoder.decode(nestedSections(MessageDecoder.MAX_DEPTH));

        for (int i = 1; i <= MessageDecoder.MAX_DEPTH; i++) {
            assertThat(message.keys()).containsExactly("s" + i);
            message = message.section("s" + i).orElseThrow();
        }
        assertThat(message.isEmpty()).isTrue();
    }

    @Test
    void nestingTooDeep_aHostileDepthFailsFastWithoutStackOverflow() {
        byte[] message = nestedSections(100_000);

        assertMessageMalformed(Malformation.NESTING_TOO_DEEP, message);
    }

    @Test
    void emptyElementNamesDecodeAsCharonSendsThem() {
        // get-counters: counters { "" { ike-init-rcvd = 3 } }, the global counters have an empty name
        byte[] message = concat(sectionStart("counters"), sectionStart(""), keyValue("ike-init-rcvd", "3"),
                keyValue("", ""), sectionEnd(), sectionEnd(), listStart(""), listEnd());

        Message decoded = MessageDecoder.decode(message);

        Message global = decoded.section("counters").flatMap(c -> c.section("")).orElseThrow();
        assertThat(global.number("ike-init-rcvd")).hasValue(3);
        assertThat(global.text("")).contains("");
        assertThat(decoded.list("")).contains(List.of());
        assertThat(decoded.keys()).containsExactly("counters", "");
        assertThat(MessageEncoder.encode(decoded)).isEqualTo(message);
    }

    @Test
    void emptyElementNamesEncode() {
        Message message = Message.builder()
                .section("counters", c -> c.section("", g -> g.put("ike-init-rcvd", 3)))
                .list("", List.of())
                .build();

        byte[] encoded = MessageEncoder.encode(message);

        assertThat(encoded).startsWith(concat(sectionStart("counters"), bytes(Wire.SECTION_START, 0)));
        assertThat(MessageDecoder.decode(encoded)).isEqualTo(message);
    }

    @Test
    void anEmptyMessageIsValid() {
        assertThat(MessageDecoder.decode(new byte[0])).isEqualTo(Message.EMPTY);
        assertThat(MessageEncoder.encode(Message.EMPTY)).isEmpty();
    }
}
