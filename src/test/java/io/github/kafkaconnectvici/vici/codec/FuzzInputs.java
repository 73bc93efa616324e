package io.github.kafkaconnectvici.vici.codec;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates hostile transport streams for {@link CodecFuzzTest}: random frames, random element
 * sequences, and mutations of valid frames. Deterministic for a given seed.
 */
final class FuzzInputs {

    private static final int MAX = FrameReader.MAX_FRAME_LENGTH;

    /** Values at the edges of every field: element and packet types, 8/16/32-bit lengths. */
    private static final int[] BOUNDARY_BYTES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 0x7F, 0x80, 0xFE, 0xFF};

    private static final long[] BOUNDARY_LENGTHS = {0, 1, 2, 3, 4, 5, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x10000,
        MAX - 1, MAX, MAX + 1, 0x00FF_FFFFL, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFEL, 0xFFFF_FFFFL};

    private final SplittableRandom random;
    private final List<byte[]> corpus;

    FuzzInputs(long seed) {
        this.random = new SplittableRandom(seed);
        this.corpus = validFrames(new SplittableRandom(seed ^ 0x9E37_79B9_7F4A_7C15L), 2000);
    }

    /** The next hostile stream: usually one frame, sometimes several or a broken one. */
    byte[] next() {
        int roll = random.nextInt(100);
        if (roll < 12) {
            return randomFrame();
        }
        if (roll < 27) {
            return frame(elementSoup());
        }
        if (roll < 30) {
            return concat(pick(), mutate(pick()), pick());
        }
        return mutate(pick());
    }

    List<byte[]> corpus() {
        return corpus;
    }

    // ---- (a) random frames ----

    private byte[] randomFrame() {
        int roll = random.nextInt(100);
        if (roll < 2) {
            return randomBytes(random.nextInt(4));
        }
        int bodyLength = roll < 10 ? random.nextInt(2000) : random.nextInt(48);
        byte[] body = randomBytes(bodyLength);
        if (bodyLength > 0 && random.nextInt(4) != 0) {
            body[0] = (byte) random.nextInt(8);
        }
        return concat(Wire.header(randomHeader(bodyLength)), body);
    }

    /** A length header for a body of {@code actual} bytes: right, near, a boundary, or anything. */
    private long randomHeader(int actual) {
        int roll = random.nextInt(100);
        if (roll < 35) {
            return actual;
        }
        if (roll < 55) {
            return Math.max(0, actual + random.nextInt(-3, 4));
        }
        if (roll < 75) {
            return BOUNDARY_LENGTHS[random.nextInt(BOUNDARY_LENGTHS.length)];
        }
        if (roll < 77) {
            // An in-range length with few bytes behind it: the reader allocates it, then reports truncation.
            return random.nextInt(MAX + 1);
        }
        return random.nextLong(1L << 32);
    }

    // ---- random element sequences ----

    /** A packet of random elements with mostly consistent lengths: reaches the structural rules. */
    private byte[] elementSoup() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int type = random.nextInt(10) == 0 ? random.nextInt(256) : random.nextInt(8);
        out.write(type);
        if (type < 8 && PacketType.fromCode(type).isNamed() && random.nextInt(10) != 0) {
            writeName(out);
        }
        if (random.nextInt(40) == 0) {
            int depth = 60 + random.nextInt(10);
            for (int i = 0; i < depth; i++) {
                out.writeBytes(Wire.sectionStart("s"));
            }
        }
        int elements = random.nextInt(40);
        for (int i = 0; i < elements; i++) {
            int element = random.nextInt(20) == 0 ? BOUNDARY_BYTES[random.nextInt(BOUNDARY_BYTES.length)]
                    : 1 + random.nextInt(6);
            out.write(element);
            if (element == Wire.SECTION_START || element == Wire.KEY_VALUE || element == Wire.LIST_START) {
                writeName(out);
            }
            if (element == Wire.KEY_VALUE || element == Wire.LIST_ITEM) {
                byte[] value = randomBytes(random.nextInt(12));
                int length = random.nextInt(30) == 0 ? random.nextInt(0x10000) : value.length;
                out.write(length >>> 8);
                out.write(length);
                out.writeBytes(value);
            }
        }
        return out.toByteArray();
    }

    /** A short name from a small alphabet, so that duplicates are common; rarely bad length or bytes. */
    private void writeName(ByteArrayOutputStream out) {
        int length = random.nextInt(3);
        byte[] name = new byte[length];
        for (int i = 0; i < length; i++) {
            name[i] = (byte) (random.nextInt(25) == 0 ? 0x80 + random.nextInt(0x80) : 'a' + random.nextInt(3));
        }
        out.write(random.nextInt(30) == 0 ? random.nextInt(256) : length);
        out.writeBytes(name);
    }

    // ---- (b) mutations of valid frames ----

    private byte[] pick() {
        return corpus.get(random.nextInt(corpus.size()));
    }

    private byte[] mutate(byte[] frame) {
        byte[] out = frame;
        boolean headerTampered = false;
        int mutations = 1 + random.nextInt(random.nextInt(4) == 0 ? 8 : 3);
        for (int i = 0; i < mutations; i++) {
            int kind = random.nextInt(9);
            if (kind == 8) {
                headerTampered = true;
            }
            out = mutateOnce(out, kind);
        }
        if (!headerTampered && out.length >= 4 && random.nextInt(10) < 7) {
            // Keep the frame consistent so that the mutation reaches the packet and message decoders.
            System.arraycopy(Wire.header(out.length - 4), 0, out, 0, 4);
        }
        return out;
    }

    private byte[] mutateOnce(byte[] in, int kind) {
        if (in.length <= 4) {
            return concat(in, randomBytes(1 + random.nextInt(8)));
        }
        int at = 4 + random.nextInt(in.length - 4);
        switch (kind) {
            case 0: {
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << random.nextInt(8));
                return out;
            }
            case 1: {
                byte[] out = in.clone();
                out[at] = (byte) BOUNDARY_BYTES[random.nextInt(BOUNDARY_BYTES.length)];
                return out;
            }
            case 2: {
                byte[] insert = random.nextBoolean() ? randomBytes(1 + random.nextInt(8))
                        : new byte[] {(byte) BOUNDARY_BYTES[random.nextInt(BOUNDARY_BYTES.length)]};
                return concat(Arrays.copyOfRange(in, 0, at), insert, Arrays.copyOfRange(in, at, in.length));
            }
            case 3: {
                int end = Math.min(in.length, at + 1 + random.nextInt(16));
                return concat(Arrays.copyOfRange(in, 0, at), Arrays.copyOfRange(in, end, in.length));
            }
            case 4:
                return Arrays.copyOf(in, random.nextInt(in.length));
            case 5: {
                int end = Math.min(in.length, at + 1 + random.nextInt(32));
                return concat(Arrays.copyOfRange(in, 0, end), Arrays.copyOfRange(in, at, in.length));
            }
            case 6: {
                byte[] other = pick();
                int from = Math.min(other.length, 4 + random.nextInt(Math.max(1, other.length - 3)));
                return concat(Arrays.copyOfRange(in, 0, at), Arrays.copyOfRange(other, from, other.length));
            }
            case 7: {
                byte[] out = in.clone();
                int field = at + 1 < out.length && random.nextBoolean() ? 2 : 1;
                for (int i = 0; i < field && at + i < out.length; i++) {
                    out[at + i] = (byte) (random.nextBoolean() ? 0xFF : random.nextInt(256));
                }
                return out;
            }
            default: {
                byte[] out = in.clone();
                long length = random.nextBoolean() ? BOUNDARY_LENGTHS[random.nextInt(BOUNDARY_LENGTHS.length)]
                        : Math.max(0, in.length - 4 + random.nextInt(-4, 5));
                System.arraycopy(Wire.header(length), 0, out, 0, 4);
                return out;
            }
        }
    }

    // ---- the corpus ----

    /** Valid frames of every packet type, with nested sections, lists, empty names and binary values. */
    private static List<byte[]> validFrames(SplittableRandom random, int count) {
        List<byte[]> frames = new ArrayList<>(count);
        PacketType[] types = PacketType.values();
        for (int i = 0; i < count; i++) {
            PacketType type = types[i % types.length];
            String name = type.isNamed() ? randomName(random, 1) : null;
            Message message = type.carriesMessage() ? randomSection(random, random.nextInt(5)) : null;
            if (message != null && i % 97 == 0) {
                message = chain(message, MessageDecoder.MAX_DEPTH - depth(message));
            }
            frames.add(PacketCodec.encodeFrame(new Packet(type, name, message)));
        }
        return frames;
    }

    private static Message randomSection(SplittableRandom random, int depth) {
        Message.Builder builder = Message.builder();
        Set<String> names = new HashSet<>();
        int entries = random.nextInt(7);
        for (int i = 0; i < entries; i++) {
            String name = randomName(random, 0);
            if (!names.add(name)) {
                continue;
            }
            int kind = random.nextInt(depth > 0 ? 7 : 5);
            if (kind < 3) {
                builder.put(name, randomValue(random));
            } else if (kind < 5) {
                List<Value> items = new ArrayList<>();
                for (int n = random.nextInt(5); n > 0; n--) {
                    items.add(randomValue(random));
                }
                builder.put(name, new ValueList(items));
            } else {
                builder.section(name, randomSection(random, depth - 1));
            }
        }
        return builder.build();
    }

    private static Message chain(Message message, int levels) {
        for (int i = 0; i < levels; i++) {
            message = Message.builder().section("d", message).build();
        }
        return message;
    }

    private static int depth(Message message) {
        int deepest = 0;
        for (Node node : message.entries().values()) {
            if (node instanceof Message section) {
                deepest = Math.max(deepest, 1 + depth(section));
            }
        }
        return deepest;
    }

    private static String randomName(SplittableRandom random, int minLength) {
        int length = minLength + random.nextInt(random.nextInt(20) == 0 ? 40 : 8);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) (random.nextInt(4) == 0 ? ' ' + random.nextInt(95) : 'a' + random.nextInt(26));
        }
        return new String(chars);
    }

    private static Value randomValue(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(random.nextInt(10) == 0 ? 300 : 16)];
        random.nextBytes(bytes);
        return Value.of(bytes);
    }

    // ---- bytes ----

    private byte[] randomBytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    private static byte[] frame(byte[] body) {
        return Wire.frame(body);
    }

    private static byte[] concat(byte[]... parts) {
        return Wire.concat(parts);
    }
}
