package io.github.kafkaconnectvici.vici.codec;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Encodes message trees: measures first, then writes into one exact array. Trees built with
 * {@link Message.Builder} are valid by construction; decoded trees are re-checked here for the
 * limits a received tree may still break when sent on (depth).
 */
public final class MessageEncoder {

    private MessageEncoder() {
    }

    public static byte[] encode(Message message) {
        byte[] out = new byte[encodedLength(message)];
        int end = write(message, out, 0);
        assert end == out.length;
        return out;
    }

    /** The most {@link #encode} can produce: the largest array the JVM allocates. */
    private static final int MAX_ENCODED_LENGTH = Integer.MAX_VALUE - 8;

    /** The number of bytes {@link #encode} produces. */
    public static int encodedLength(Message message) {
        long length = measure(message, MAX_ENCODED_LENGTH);
        if (length > MAX_ENCODED_LENGTH) {
            throw new ViciProtocolException(Malformation.FRAME_TOO_LONG,
                    "message of more than " + MAX_ENCODED_LENGTH + " bytes cannot be encoded");
        }
        return (int) length;
    }

    /**
     * The encoded length if it is at most {@code limit}, else some number above {@code limit}.
     * Messages are immutable and may share values and sections, so a small tree can describe an
     * encoding of many gigabytes: counting stops as soon as the limit is passed, which keeps the
     * count from overflowing and the walk short.
     */
    static long measure(Message message, long limit) {
        return measure(message, 0, limit);
    }

    private static long measure(Message message, int depth, long limit) {
        if (depth > MessageDecoder.MAX_DEPTH) {
            throw new ViciProtocolException(Malformation.NESTING_TOO_DEEP,
                    "sections nest deeper than " + MessageDecoder.MAX_DEPTH + " levels");
        }
        long length = 0;
        for (Map.Entry<String, Node> entry : message.entries().entrySet()) {
            length += 2 + nameLength(entry.getKey());
            Node node = entry.getValue();
            if (node instanceof Value v) {
                length += 2 + v.length();
            } else if (node instanceof ValueList l) {
                for (Value item : l.items()) {
                    length += 3 + item.length();
                    if (length > limit) {
                        return length;
                    }
                }
                length += 1;
            } else {
                length += measure((Message) node, depth + 1, limit - length - 1) + 1;
            }
            if (length > limit) {
                return length;
            }
        }
        return length;
    }

    static int write(Message message, byte[] out, int pos) {
        for (Map.Entry<String, Node> entry : message.entries().entrySet()) {
            String name = entry.getKey();
            Node node = entry.getValue();
            if (node instanceof Value v) {
                out[pos++] = ElementType.KEY_VALUE.code;
                pos = writeName(name, out, pos);
                pos = writeValue(v, out, pos);
            } else if (node instanceof ValueList l) {
                out[pos++] = ElementType.LIST_START.code;
                pos = writeName(name, out, pos);
                for (Value item : l.items()) {
                    out[pos++] = ElementType.LIST_ITEM.code;
                    pos = writeValue(item, out, pos);
                }
                out[pos++] = ElementType.LIST_END.code;
            } else {
                out[pos++] = ElementType.SECTION_START.code;
                pos = writeName(name, out, pos);
                pos = write((Message) node, out, pos);
                out[pos++] = ElementType.SECTION_END.code;
            }
        }
        return pos;
    }

    /** The name's encoded length, checked against its 8-bit header. */
    static int nameLength(String name) {
        int length = isAscii(name) ? name.length() : name.getBytes(StandardCharsets.UTF_8).length;
        if (length > Names.MAX_LENGTH) {
            throw new ViciProtocolException(Malformation.NAME_TOO_LONG,
                    "name '" + Names.printable(name) + "' of " + length + " bytes exceeds the " + Names.MAX_LENGTH
                            + " bytes VICI allows");
        }
        return length;
    }

    static int writeName(String name, byte[] out, int pos) {
        if (isAscii(name)) {
            out[pos++] = (byte) name.length();
            for (int i = 0; i < name.length(); i++) {
                out[pos++] = (byte) name.charAt(i);
            }
            return pos;
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        out[pos++] = (byte) bytes.length;
        System.arraycopy(bytes, 0, out, pos, bytes.length);
        return pos + bytes.length;
    }

    private static int writeValue(Value value, byte[] out, int pos) {
        int length = value.length();
        out[pos++] = (byte) (length >>> 8);
        out[pos++] = (byte) length;
        return value.copyTo(out, pos);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
