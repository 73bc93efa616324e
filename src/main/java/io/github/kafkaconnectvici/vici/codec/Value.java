package io.github.kafkaconnectvici.vici.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A raw blob: the value of a key/value or a list item. VICI does not type values; charon sends text
 * and encodes numbers and booleans as text, but certificates and keys travel as binary.
 */
public final class Value implements Node {

    /** The most a value's 16-bit length header can express. */
    public static final int MAX_LENGTH = 0xFFFF;

    // A range of an array: the decoder's values are slices of the segment they arrived in, not copies
    private final byte[] bytes;
    private final int offset;
    private final int length;

    private Value(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    public static Value of(byte[] bytes) {
        return checked(bytes.clone());
    }

    public static Value of(String text) {
        return checked(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code bytes[offset, offset + length)} of an array that nobody changes any more (the decoder's segment). */
    static Value slice(byte[] bytes, int offset, int length) {
        return new Value(bytes, offset, length);
    }

    private static Value checked(byte[] bytes) {
        if (bytes.length > MAX_LENGTH) {
            throw new ViciProtocolException(Malformation.VALUE_TOO_LONG,
                    "value of " + bytes.length + " bytes exceeds the " + MAX_LENGTH + " bytes VICI allows");
        }
        return new Value(bytes, 0, bytes.length);
    }

    public byte[] bytes() {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    public int length() {
        return length;
    }

    /** One byte of the value, without copying it: to parse a number or compare a word in place. */
    public byte byteAt(int index) {
        return bytes[offset + Objects.checkIndex(index, length)];
    }

    /** The value as UTF-8 text (malformed sequences become U+FFFD). */
    public String text() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    /** Copies the value into {@code out} at {@code pos}; returns the position after it. */
    int copyTo(byte[] out, int pos) {
        System.arraycopy(bytes, offset, out, pos, length);
        return pos + length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Value v && Arrays.equals(bytes, offset, offset + length, v.bytes, v.offset, v.offset + v.length);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + bytes[i];
        }
        return hash;
    }

    /** Never the content: values may be secrets. */
    @Override
    public String toString() {
        return "<" + length + " bytes>";
    }
}
