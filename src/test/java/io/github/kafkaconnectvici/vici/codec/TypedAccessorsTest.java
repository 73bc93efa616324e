package io.github.kafkaconnectvici.vici.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Message's typed accessors: absent is empty, present-but-wrong names the key and never the value. */
class TypedAccessorsTest {

    private static final Message MESSAGE = Message.builder()
            .put("text", "hello")
            .put("bytes", new byte[] {0, (byte) 0xFF})
            .put("negative", "-5")
            .put("max", Long.toString(Long.MAX_VALUE))
            .put("u64max", "18446744073709551615")
            .put("count", "abc")
            .put("empty", "")
            .list("list", "a", "b")
            .section("section", s -> s.put("inner", "x"))
            .build();

    @Test
    void absentKeysAreEmptyForEveryAccessor() {
        assertThat(MESSAGE.node("missing")).isEmpty();
        assertThat(MESSAGE.value("missing")).isEmpty();
        assertThat(MESSAGE.text("missing")).isEmpty();
        assertThat(MESSAGE.bytes("missing")).isEmpty();
        assertThat(MESSAGE.number("missing")).isEmpty();
        assertThat(MESSAGE.flag("missing")).isEmpty();
        assertThat(MESSAGE.list("missing")).isEmpty();
        assertThat(MESSAGE.valueList("missing")).isEmpty();
        assertThat(MESSAGE.section("missing")).isEmpty();
        assertThat(MESSAGE.contains("missing")).isFalse();
    }

    @Test
    void presentValuesReadAsTheirType() {
        assertThat(MESSAGE.text("text")).contains("hello");
        assertThat(MESSAGE.bytes("bytes")).hasValueSatisfying(b -> assertThat(b).containsExactly(0, 0xFF));
        assertThat(MESSAGE.list("list")).contains(List.of("a", "b"));
        assertThat(MESSAGE.section("section").flatMap(s -> s.text("inner"))).contains("x");
        assertThat(MESSAGE.text("empty")).contains("");
    }

    @Test
    void bytesAreACopy() {
        MESSAGE.bytes("bytes").orElseThrow()[0] = 42;

        assertThat(MESSAGE.bytes("bytes")).hasValueSatisfying(b -> assertThat(b).containsExactly(0, 0xFF));
    }

    @Test
    void numbersAreSigned64Bit() {
        assertThat(MESSAGE.number("negative")).hasValue(-5);
        assertThat(MESSAGE.number("max")).hasValue(Long.MAX_VALUE);
    }

    @Test
    void aNumberThatIsNotOneNamesTheKeyNotTheValue() {
        assertThatThrownBy(() -> MESSAGE.number("count"))
                .isInstanceOf(ViciValueException.class)
                .hasMessageContaining("'count'")
                .hasMessageContaining("not a decimal integer")
                .hasMessageContaining("3 characters")
                .hasMessageNotContaining("abc");
        assertThatThrownBy(() -> MESSAGE.number("text"))
                .isInstanceOf(ViciValueException.class)
                .hasMessageContaining("'text'")
                .hasMessageNotContaining("hello");
        assertThatThrownBy(() -> MESSAGE.number("empty")).isInstanceOf(ViciValueException.class);
    }

    /**
     * Documented behaviour: number() reads signed 64-bit values. An unsigned counter above
     * Long.MAX_VALUE (charon's u64 counters could in theory get there) is refused, not wrapped.
     */
    @Test
    void unsignedValuesAboveLongMaxAreRefusedNotWrapped() {
        assertThatThrownBy(() -> MESSAGE.number("u64max"))
                .isInstanceOf(ViciValueException.class)
                .hasMessageContaining("'u64max'")
                .hasMessageNotContaining("18446744073709551615");
        assertThat(MESSAGE.text("u64max")).contains("18446744073709551615");
    }

    @ParameterizedTest
    @CsvSource({"yes,true", "no,false", "true,true", "false,false", "1,true", "0,false",
        "enabled,true", "disabled,false", "YES,true", "No,false", "TRUE,true", "Disabled,false"})
    void flagsReadTheWayCharonWritesThem(String text, boolean expected) {
        Message message = Message.builder().put("f", text).build();

        assertThat(message.flag("f")).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "", "2", "y", " yes", "on"})
    void anythingElseIsNotAFlag(String text) {
        Message message = Message.builder().put("f", text).build();

        assertThatThrownBy(() -> message.flag("f"))
                .isInstanceOf(ViciValueException.class)
                .hasMessageContaining("'f'")
                .hasMessageContaining("not yes or no");
    }

    @Test
    void theBuilderWritesBooleansAndNumbersAsCharonDoes() {
        Message message = Message.builder().put("t", true).put("f", false).put("n", -7L).build();

        assertThat(message.text("t")).contains("yes");
        assertThat(message.text("f")).contains("no");
        assertThat(message.text("n")).contains("-7");
        assertThat(message.flag("t")).contains(true);
        assertThat(message.number("n")).hasValue(-7);
    }

    @Test
    void readingAnEntryAsTheWrongKindNamesTheKeyAndBothKinds() {
        assertThatThrownBy(() -> MESSAGE.text("section"))
                .isInstanceOf(ViciValueException.class)
                .hasMessage("'section' is a section, not a value");
        assertThatThrownBy(() -> MESSAGE.bytes("list"))
                .isInstanceOf(ViciValueException.class)
                .hasMessage("'list' is a list, not a value");
        assertThatThrownBy(() -> MESSAGE.number("section")).isInstanceOf(ViciValueException.class);
        assertThatThrownBy(() -> MESSAGE.flag("list")).isInstanceOf(ViciValueException.class);
        assertThatThrownBy(() -> MESSAGE.list("text"))
                .isInstanceOf(ViciValueException.class)
                .hasMessage("'text' is a value, not a list");
        assertThatThrownBy(() -> MESSAGE.section("list"))
                .isInstanceOf(ViciValueException.class)
                .hasMessage("'list' is a list, not a section");
        assertThatThrownBy(() -> MESSAGE.valueList("section"))
                .isInstanceOf(ViciValueException.class)
                .hasMessage("'section' is a section, not a list");
    }

    @Test
    void binaryValuesReadAsTextWithReplacementCharacters() {
        assertThat(MESSAGE.text("bytes")).contains("\u0000\uFFFD");
    }
}
