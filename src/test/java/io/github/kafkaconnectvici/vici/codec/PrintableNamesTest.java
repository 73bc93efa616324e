package io.github.kafkaconnectvici.vici.codec;

import io.github.kafkaconnectvici.vici.codec.PrintableNames.Style;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one printable-name helper, in the two styles the codec and the sink have always used. */
class PrintableNamesTest {

    @Test
    void hexEscapesShowControlCharactersAsHexAndKeepTheRest() {
        assertThat(PrintableNames.of("l\nWARN forged\r\u007f\u0000", Style.HEX_ESCAPES))
                .isEqualTo("l\\x0aWARN forged\\x0d\\x7f\\x00");
        assertThat(PrintableNames.of("caf\u00e9 \uD83D\uDE00 ~", Style.HEX_ESCAPES)).isEqualTo("caf\u00e9 \uD83D\uDE00 ~");
    }

    @Test
    void questionMarksReplaceEveryCodePointButPrintableAscii() {
        assertThat(PrintableNames.of("l\nWARN forged\r\u007f\u0000", Style.QUESTION_MARKS)).isEqualTo("l?WARN forged???");
        // A surrogate pair is one code point, so one '?'.
        assertThat(PrintableNames.of("caf\u00e9 \uD83D\uDE00 ~", Style.QUESTION_MARKS)).isEqualTo("caf? ? ~");
    }

    @Test
    void bothCutAfterSixtyFourCharactersAndSaySo() {
        String name = "n".repeat(63) + "\n" + "tail";
        assertThat(PrintableNames.of(name, Style.HEX_ESCAPES)).isEqualTo("n".repeat(63) + "\\x0a...");
        assertThat(PrintableNames.of(name, Style.QUESTION_MARKS)).isEqualTo("n".repeat(63) + "?...");
        assertThat(PrintableNames.of("n".repeat(64), Style.QUESTION_MARKS)).isEqualTo("n".repeat(64));
        // A pair split by the cut leaves its high surrogate: escaped as one '?', kept as is by HEX_ESCAPES.
        String split = "n".repeat(63) + "\uD83D\uDE00";
        assertThat(PrintableNames.of(split, Style.QUESTION_MARKS)).isEqualTo("n".repeat(63) + "?...");
        assertThat(PrintableNames.of(split, Style.HEX_ESCAPES)).isEqualTo("n".repeat(63) + "\uD83D...");
    }
}
