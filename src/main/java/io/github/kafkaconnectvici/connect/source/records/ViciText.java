package io.github.kafkaconnectvici.connect.source.records;

import io.github.kafkaconnectvici.vici.codec.Value;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads VICI values strictly: a typed field takes a value only if writing the field back gives the
 * very same text, so that nothing is normalised away ("007" or "+7" are not 7; they stay text in
 * {@code other}).
 */
final class ViciText {

    private ViciText() {
    }

    /** The value as text, or null when it is not valid UTF-8. */
    static String utf8(Value value) {
        String text = value.text();
        // The JDK's decoder replaces malformed input with U+FFFD: only then is a re-check needed.
        if (text.indexOf('\uFFFD') >= 0 && !Arrays.equals(text.getBytes(StandardCharsets.UTF_8), value.bytes())) {
            return null;
        }
        return text;
    }

    /** A canonical decimal (as charon prints with %u, %d, PRIu64, PRId64), or null. */
    static Long int64(String text) {
        if (text == null || text.isEmpty() || text.length() > 20) {
            return null;
        }
        int start = text.charAt(0) == '-' ? 1 : 0;
        if (start == text.length() || (text.charAt(start) == '0' && text.length() > start + 1)) {
            return null;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        if (text.equals("-0")) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null; // beyond 64 bits
        }
    }

    /**
     * {@link #int64(String)} of the value's text, read from its bytes in place: no String is made for the
     * numbers of every event (a number's text is ASCII, so valid UTF-8 whatever the value's other bytes).
     */
    static Long int64(Value value) {
        int length = value.length();
        if (length == 0 || length > 20) {
            return null;
        }
        boolean negative = value.byteAt(0) == '-';
        int start = negative ? 1 : 0;
        int digits = length - start;
        if (digits == 0 || digits > 18) {
            // 19 or more digits may overflow: the exact check is the text's
            return digits == 0 ? null : int64(utf8(value));
        }
        if (value.byteAt(start) == '0' && digits > 1) {
            return null;
        }
        long result = 0;
        for (int i = start; i < length; i++) {
            int digit = value.byteAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return null;
            }
            result = result * 10 + digit;
        }
        if (negative && result == 0) {
            return null; // "-0"
        }
        return negative ? -result : result;
    }

    static Integer int32(Value value) {
        Long number = int64(value);
        return number == null || number != number.intValue() ? null : number.intValue();
    }

    /** True when the value's bytes are exactly {@code ascii}'s characters. */
    static boolean is(Value value, String ascii) {
        int length = ascii.length();
        if (value.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (value.byteAt(i) != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
