package io.github.kafkaconnectvici.vici.codec;

import java.nio.charset.StandardCharsets;

/** The rules for names: 8-bit length header, and what charon's parser accepts. */
final class Names {

    /** The most a name's 8-bit length header can express. */
    static final int MAX_LENGTH = 0xFF;

    private Names() {
    }

    /**
     * Checks a name we are about to send. charon parses names with {@code vici_stringify}, which
     * refuses anything but printable ASCII, so we refuse it here with a clearer error. Element names
     * may be empty: charon itself sends one ({@code get-counters} names the global counters "").
     */
    static byte[] checkedForSending(String name, String what) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (name.length() > MAX_LENGTH) {
            throw new ViciProtocolException(Malformation.NAME_TOO_LONG,
                    what + " of " + name.length() + " characters exceeds the " + MAX_LENGTH + " bytes VICI allows");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new ViciProtocolException(Malformation.INVALID_NAME,
                        what + " '" + printable(name) + "' has a character that is not printable ASCII at index " + i);
            }
        }
        return bytes;
    }

    /** Checks a command or event name: as an element name, and never empty. */
    static byte[] checkedPacketName(String name) {
        if (name.isEmpty()) {
            throw new ViciProtocolException(Malformation.EMPTY_NAME, "command and event names may not be empty");
        }
        return checkedForSending(name, "name");
    }

    /** A name safe to put in an error message: control characters escaped. */
    static String printable(String name) {
        return PrintableNames.of(name, PrintableNames.Style.HEX_ESCAPES);
    }
}
