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

    static Integer int32(String text) {
        Long value = int64(text);
        return value == null || value != value.intValue() ? null : value.intValue();
    }
}
