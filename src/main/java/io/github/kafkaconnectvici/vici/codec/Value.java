package io.github.kafkaconnectvici.vici.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A raw blob: the value of a key/value or a list item. VICI does not type values; charon sends text
 * and encodes numbers and booleans as text, but certificates and keys travel as binary.
 */
public final class Value implements Node {

    /** The most a value's 16-bit length header can express. */
    public static final int MAX_LENGTH = 0xFFFF;

    private final byte[] bytes;

    private Value(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Value of(byte[] bytes) {
        return checked(bytes.clone());
    }

    public static Value of(String text) {
        return checked(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Takes ownership of an array nobody else holds (the decoder's). */
    static Value wrap(byte[] bytes) {
        return new Value(bytes);
    }

    private static Value checked(byte[] bytes) {
        if (bytes.length > MAX_LENGTH) {
            throw new ViciProtocolException(Malformation.VALUE_TOO_LONG,
                    "value of " + bytes.length + " bytes exceeds the " + MAX_LENGTH + " bytes VICI allows");
        }
        return new Value(bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** One byte of the value, without copying it: to parse a number or compare a word in place. */
    public byte byteAt(int index) {
        return bytes[index];
    }

    /** The value as UTF-8 text (malformed sequences become U+FFFD). */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    byte[] unsafeBytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Value v && Arrays.equals(bytes, v.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Never the content: values may be secrets. */
    @Override
    public String toString() {
        return "<" + bytes.length + " bytes>";
    }
}
