package io.github.kafkaconnectvici.vici.codec;

/**
 * A name made safe for an error or log message: at most 64 characters (then "...") and nothing that
 * could forge a log line. The library and the sink differ only in how they show a character they
 * cannot print as is, so that is the one parameter. Never use it for values: they may be secrets.
 */
public final class PrintableNames {

    private static final int MAX_CHARS = 64;

    /** How a character that is not shown as is appears. */
    public enum Style {
        /**
         * Control characters (below 0x20, and 0x7F) as {@code \xNN}; everything else as is. The codec's
         * errors, which quote names from charon byte for byte.
         */
        HEX_ESCAPES,
        /** Every code point but printable ASCII (0x20-0x7E) as '?'. Names a Kafka record supplied. */
        QUESTION_MARKS
    }

    private PrintableNames() {
    }

    public static String of(String name, Style style) {
        String cut = name.length() > MAX_CHARS ? name.substring(0, MAX_CHARS) : name;
        StringBuilder sb = new StringBuilder(cut.length() + 3);
        cut.codePoints().forEach(c -> {
            if (style == Style.HEX_ESCAPES) {
                if (c < 0x20 || c == 0x7F) {
                    sb.append(String.format("\\x%02x", c));
                } else {
                    sb.appendCodePoint(c);
                }
            } else {
                sb.appendCodePoint(c >= 0x20 && c <= 0x7E ? c : '?');
            }
        });
        return name.length() > MAX_CHARS ? sb.append("...").toString() : sb.toString();
    }
}
