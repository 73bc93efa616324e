package io.github.kafkaconnectvici.vici.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * Hand-building VICI bytes for tests: raw bytes, elements, frames, and channels that deliver them.
 * Element helpers take names as ASCII and values as raw bytes, and write exactly what the
 * specification describes, with no checking, so tests can build malformed input as easily as valid.
 */
final class Wire {

    static final int SECTION_START = 1;
    static final int SECTION_END = 2;
    static final int KEY_VALUE = 3;
    static final int LIST_START = 4;
    static final int LIST_ITEM = 5;
    static final int LIST_END = 6;

    private Wire() {
    }

    /** Each int as one byte (its low 8 bits), so that {@code 0xFF} and {@code 'k'} both read well. */
    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] filled(int length, int value) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) value);
        return out;
    }

    /** A 32-bit big-endian length header; {@code length} may be any unsigned 32-bit value. */
    static byte[] header(long length) {
        return bytes((int) (length >>> 24), (int) (length >>> 16), (int) (length >>> 8), (int) length);
    }

    /** A transport segment: the body's length header, then the body. */
    static byte[] frame(byte[]... body) {
        byte[] joined = concat(body);
        return concat(header(joined.length), joined);
    }

    /** An 8-bit length-prefixed name. */
    static byte[] name(String name) {
        return name(ascii(name));
    }

    static byte[] name(byte[] name) {
        return concat(bytes(name.length), name);
    }

    /** A 16-bit length-prefixed value. */
    static byte[] value(byte[] value) {
        return concat(bytes(value.length >>> 8, value.length), value);
    }

    static byte[] keyValue(String name, String value) {
        return keyValue(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] keyValue(String name, byte[] value) {
        return concat(bytes(KEY_VALUE), name(name), value(value));
    }

    static byte[] sectionStart(String name) {
        return concat(bytes(SECTION_START), name(name));
    }

    static byte[] sectionEnd() {
        return bytes(SECTION_END);
    }

    static byte[] listStart(String name) {
        return concat(bytes(LIST_START), name(name));
    }

    static byte[] listItem(String value) {
        return concat(bytes(LIST_ITEM), value(value.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] listEnd() {
        return bytes(LIST_END);
    }

    /** A packet body: type byte, then for named types the name, then the rest. */
    static byte[] packet(PacketType type, String name, byte[]... rest) {
        return concat(bytes(type.code()), name == null ? new byte[0] : name(name), concat(rest));
    }

    /** {@code depth} nested sections named s1, s2, ..., each closed. */
    static byte[] nestedSections(int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= depth; i++) {
            out.writeBytes(sectionStart("s" + i));
        }
        for (int i = 0; i < depth; i++) {
            out.write(SECTION_END);
        }
        return out.toByteArray();
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The stream as the JDK's adapter delivers it: as much as it has per read. */
    static ReadableByteChannel channel(byte[] stream) {
        return Channels.newChannel(new ByteArrayInputStream(stream));
    }

    /** A stream that delivers at most one byte per read, to exercise every partial read. */
    static ReadableByteChannel oneBytePerRead(byte[] stream) {
        return new ReadableByteChannel() {
            private int pos;
            private boolean open = true;

            @Override
            public int read(ByteBuffer dst) {
                if (pos == stream.length) {
                    return -1;
                }
                if (!dst.hasRemaining()) {
                    return 0;
                }
                dst.put(stream[pos++]);
                return 1;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() {
                open = false;
            }
        };
    }

    /** A stream that delivers between 1 and {@code maxChunk} bytes per read, at random. */
    static ReadableByteChannel chunked(byte[] stream, Random random, int maxChunk) {
        ReadableByteChannel whole = channel(stream);
        return new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws java.io.IOException {
                int chunk = Math.min(dst.remaining(), 1 + random.nextInt(maxChunk));
                ByteBuffer slice = dst.slice();
                slice.limit(chunk);
                int n = whole.read(slice);
                if (n > 0) {
                    dst.position(dst.position() + n);
                }
                return n;
            }

            @Override
            public boolean isOpen() {
                return whole.isOpen();
            }

            @Override
            public void close() throws java.io.IOException {
                whole.close();
            }
        };
    }
}
