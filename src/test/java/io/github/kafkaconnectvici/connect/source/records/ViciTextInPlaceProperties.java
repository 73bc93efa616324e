package io.github.kafkaconnectvici.connect.source.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kafkaconnectvici.vici.codec.Value;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Numbers and words are read from a value's bytes in place (no String per value); whatever the bytes,
 * the answer must be the one the text-based reading gives.
 */
class ViciTextInPlaceProperties {

    @Property(tries = 3000)
    void numbersReadInPlaceAgreeWithTheText(@ForAll("texts") String text) {
        Value value = Value.of(text);
        String asText = ViciText.utf8(value);

        assertThat(ViciText.int64(value)).isEqualTo(asText == null ? null : ViciText.int64(asText));
        Long asNumber = asText == null ? null : ViciText.int64(asText);
        assertThat(ViciText.int32(value)).isEqualTo(asNumber == null || asNumber != asNumber.intValue() ? null : asNumber.intValue());
    }

    @Property(tries = 2000)
    void anyBytesAgreeWithTheText(@ForAll byte[] bytes) {
        Value value = Value.of(bytes);
        String asText = ViciText.utf8(value);

        assertThat(ViciText.int64(value)).isEqualTo(asText == null ? null : ViciText.int64(asText));
        assertThat(ViciText.is(value, "yes")).isEqualTo("yes".equals(asText));
    }

    @Example
    void edgesOfSixtyFourBits() {
        assertThat(ViciText.int64(Value.of("9223372036854775807"))).isEqualTo(Long.MAX_VALUE);
        assertThat(ViciText.int64(Value.of("-9223372036854775808"))).isEqualTo(Long.MIN_VALUE);
        assertThat(ViciText.int64(Value.of("9223372036854775808"))).isNull();
        assertThat(ViciText.int64(Value.of("999999999999999999"))).isEqualTo(999_999_999_999_999_999L);
        assertThat(ViciText.int64(Value.of("-0"))).isNull();
        assertThat(ViciText.int64(Value.of("007"))).isNull();
        assertThat(ViciText.int64(Value.of("0"))).isZero();
        assertThat(ViciText.int64(Value.of("-"))).isNull();
        assertThat(ViciText.int64(Value.of(""))).isNull();
        assertThat(ViciText.int32(Value.of("2147483648"))).isNull();
        assertThat(ViciText.int32(Value.of("-2147483648"))).isEqualTo(Integer.MIN_VALUE);
        assertThat(ViciText.is(Value.of("ye".getBytes(StandardCharsets.US_ASCII)), "yes")).isFalse();
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(n -> Long.toString(n)),
                Arbitraries.integers().map(n -> Integer.toString(n)),
                Arbitraries.strings().withChars("-+0123456789 x").ofMaxLength(22),
                Arbitraries.of("0", "-0", "00", "-01", "+1", "9223372036854775807", "9223372036854775808",
                        "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "1e3", " 1", "1 "),
                Arbitraries.strings().ofMaxLength(8));
    }
}
