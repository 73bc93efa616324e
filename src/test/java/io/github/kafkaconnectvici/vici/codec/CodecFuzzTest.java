package io.github.kafkaconnectvici.vici.codec;

import static io.github.kafkaconnectvici.vici.codec.Wire.bytes;
import static io.github.kafkaconnectvici.vici.codec.Wire.concat;
import static io.github.kafkaconnectvici.vici.codec.Wire.filled;
import static io.github.kafkaconnectvici.vici.codec.Wire.frame;
import static io.github.kafkaconnectvici.vici.codec.Wire.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A deterministic fuzz run: a million hostile streams through {@link FrameReader} and
 * {@link PacketCodec#decode}. The only permitted outcomes are a packet or a
 * {@link ViciProtocolException}; every decoded packet must re-encode to the bytes it came from; and
 * memory is allocated only after a length has been checked, never from an unchecked one.
 */
class CodecFuzzTest {

    static final long SEED = 0x5EED_C0DEC_F022L;
    /**
     * 10^6 in every build. The long run (BENCHMARKS.md) sets {@code -Dfuzz.streams=10000000} and turns the
     * hang guard off with {@code -Djunit.jupiter.execution.timeout.mode=disabled}.
     */
    private static final int STREAMS = Integer.getInteger("fuzz.streams", 1_000_000);
    /** Streams run first, unmeasured, so that class loading and call-site linking are not counted. */
    private static final int WARM_UP = 20_000;

    /** The FrameReader's read-ahead buffer (FrameReader.BUFFER_SIZE), allocated once per reader. */
    private static final long READER_BUFFER = 64 * 1024;

    /*
     * Allocation allowed per stream beyond the reader buffer and the bodies the reader accepted
     * (a body is allocated once its header passed the 512 KiB check, even if the stream then ends).
     * Measured (see the printed report): the JDK's stream-to-channel adapter takes an 8 KiB transfer
     * buffer; a decoded tree takes up to ~80 bytes per input byte (64 nested sections of 4 bytes
     * cost ~300 bytes each); an exception takes 2-3 KiB of stack trace and message, up to ~35 KiB when
     * its message escapes a name full of control characters (Names.printable uses String.format per
     * character). The limits below double those; one length trusted before checking would exceed them
     * by orders of magnitude.
     */
    private static final long PER_STREAM = 16 * 1024;
    private static final long PER_INPUT_BYTE = 160;
    private static final long PER_FRAME = 64 * 1024;

    /** Malformations only an encoder or a conversation can raise: decoding bytes never does. */
    private static final Set<Malformation> NOT_FROM_DECODING =
            EnumSet.of(Malformation.NAME_TOO_LONG, Malformation.VALUE_TOO_LONG, Malformation.UNEXPECTED_PACKET);

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Map<Malformation, Long> malformations = new EnumMap<>(Malformation.class);
    private long decoded;
    /** Frames read from the current stream, decoded or not, plus one for an error of the stream itself. */
    private int attempts;
    private final List<byte[]> bodies = new ArrayList<>();
    private final List<Packet> packets = new ArrayList<>();

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS) // a hang guard, not a performance requirement
    void aMillionHostileStreamsYieldPacketsOrProtocolErrorsOnly() {
        System.out.printf("CodecFuzzTest: seed 0x%X, %,d streams after %,d warm-up streams%n", SEED, STREAMS, WARM_UP);
        FuzzInputs warmUp = new FuzzInputs(~SEED);
        for (int i = 0; i < WARM_UP; i++) {
            run(~SEED, i, warmUp.next());
        }
        malformations.clear();
        decoded = 0;

        FuzzInputs inputs = new FuzzInputs(SEED);
        long threadId = Thread.currentThread().getId();
        long inputBytes = 0;
        long acceptedBodies = 0;
        long allocated = 0;
        long frames = 0;
        double worstShare = 0;
        long started = System.nanoTime();
        for (int i = 0; i < STREAMS; i++) {
            byte[] stream = inputs.next();
            long accepted = acceptedBodyLengths(stream);

            long before = THREADS.getThreadAllocatedBytes(threadId);
            Throwable unexpected = feed(stream);
            long used = THREADS.getThreadAllocatedBytes(threadId) - before;

            if (unexpected != null) {
                failWith(SEED, i, stream, unexpected);
            }
            checkReEncoding(SEED, i, stream);
            long allowed = READER_BUFFER + accepted
                    + PER_STREAM + PER_INPUT_BYTE * stream.length + PER_FRAME * attempts;
            if (used > allowed) {
                failWith(SEED, i, stream, new AssertionError("allocated " + used + " bytes, allowed " + allowed
                        + " (" + accepted + " bytes of accepted bodies, " + attempts + " frames)"));
            }
            worstShare = Math.max(worstShare,
                    (used - READER_BUFFER - accepted) / (double) (allowed - READER_BUFFER - accepted));
            inputBytes += stream.length;
            acceptedBodies += accepted;
            allocated += used;
            frames += attempts;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        report(millis, inputBytes, frames, acceptedBodies, allocated, worstShare);
        long beyondBuffersAndBodies = allocated - STREAMS * READER_BUFFER - acceptedBodies;
        assertThat(beyondBuffersAndBodies).as("allocation beyond reader buffers and accepted bodies")
                .isLessThan(STREAMS * PER_STREAM + PER_INPUT_BYTE * inputBytes + PER_FRAME * frames);

        // The fuzzer must not degenerate: it reached every malformation that decoding can raise,
        // each many times, and plenty of frames decoded.
        assertThat(malformations.keySet())
                .containsExactlyInAnyOrderElementsOf(EnumSet.complementOf(EnumSet.copyOf(NOT_FROM_DECODING)));
        assertThat(malformations.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(100));
        assertThat(decoded).isGreaterThan(STREAMS / 20);
    }

    private void run(long seed, int index, byte[] stream) {
        Throwable unexpected = feed(stream);
        if (unexpected != null) {
            failWith(seed, index, stream, unexpected);
        }
        checkReEncoding(seed, index, stream);
    }

    /**
     * Reads every frame of the stream and decodes each body. Returns the first throwable that is not
     * a ViciProtocolException, or null. Allocates next to nothing itself once the lists have grown.
     */
    private Throwable feed(byte[] stream) {
        bodies.clear();
        packets.clear();
        attempts = 0;
        try {
            FrameReader reader = new FrameReader(Wire.channel(stream));
            for (byte[] body = reader.next(); body != null; body = reader.next()) {
                attempts++;
                try {
                    Packet packet = PacketCodec.decode(body);
                    bodies.add(body);
                    packets.add(packet);
                    decoded++;
                } catch (ViciProtocolException e) {
                    count(e);
                }
            }
        } catch (ViciProtocolException e) {
            attempts++;
            count(e);
        } catch (Throwable t) {
            return t;
        }
        return null;
    }

    private void count(ViciProtocolException e) {
        malformations.merge(e.malformation(), 1L, Long::sum);
    }

    /** A decoded packet must be exactly what its bytes say: re-encoding gives the same bytes. */
    private void checkReEncoding(long seed, int index, byte[] stream) {
        for (int i = 0; i < packets.size(); i++) {
            Packet packet = packets.get(i);
            byte[] body = bodies.get(i);
            int messageStart = packet.type().isNamed() ? 2 + (body[1] & 0xFF) : 1;
            byte[] message = packet.message() == null ? new byte[0] : MessageEncoder.encode(packet.message());
            if (!Arrays.equals(message, 0, message.length, body, messageStart, body.length)) {
                failWith(seed, index, stream, new AssertionError("message re-encodes differently: " + packet));
            }
            if (packet.name() == null || packet.name().chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
                byte[] frame = PacketCodec.encodeFrame(packet);
                if (!Arrays.equals(frame, 4, frame.length, body, 0, body.length)) {
                    failWith(seed, index, stream, new AssertionError("packet re-encodes differently: " + packet));
                }
            }
        }
    }

    /**
     * The body bytes the FrameReader allocates for this stream: every body whose header passes the
     * 512 KiB check, whether or not the stream then delivers it.
     */
    private static long acceptedBodyLengths(byte[] stream) {
        long total = 0;
        int pos = 0;
        while (stream.length - pos >= 4) {
            long length = Integer.toUnsignedLong(((stream[pos] & 0xFF) << 24) | ((stream[pos + 1] & 0xFF) << 16)
                    | ((stream[pos + 2] & 0xFF) << 8) | (stream[pos + 3] & 0xFF));
            if (length > FrameReader.MAX_FRAME_LENGTH) {
                break;
            }
            total += length;
            pos += 4 + (int) length;
        }
        return total;
    }

    private void report(long millis, long inputBytes, long frames, long acceptedBodies, long allocated,
            double worstShare) {
        long errors = malformations.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("CodecFuzzTest: %,d streams, %,d bytes, %,d frames in %,d ms = %,.0f streams/s%n",
                STREAMS, inputBytes, frames, millis, STREAMS * 1000.0 / Math.max(1, millis));
        System.out.printf("  decoded %,d packets; %,d protocol errors:%n", decoded, errors);
        malformations.forEach((m, n) -> System.out.printf("    %-24s %,10d%n", m, n));
        long beyond = allocated - STREAMS * READER_BUFFER - acceptedBodies;
        System.out.printf("  allocated %,d bytes = %,d reader buffers + %,d accepted bodies + %,d other"
                        + " (%,d per stream, %.1f per input byte)%n",
                allocated, STREAMS * READER_BUFFER, acceptedBodies, beyond, beyond / STREAMS,
                beyond / (double) inputBytes);
        System.out.printf("  worst stream used %.0f%% of its allowance beyond buffer and bodies%n", worstShare * 100);
    }

    private static void failWith(long seed, int index, byte[] stream, Throwable cause) {
        Path dump = Path.of("target", String.format("fuzz-failure-%X-%d.bin", seed, index));
        try {
            Files.write(dump, stream);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
        String hex = Wire.hex(Arrays.copyOf(stream, Math.min(stream.length, 4096)));
        fail(String.format("seed 0x%X, stream %d (%d bytes, saved to %s): %s%nhex: %s%s", seed, index,
                stream.length, dump, cause, hex, stream.length > 4096 ? "..." : ""), cause);
    }

    // ---- single hostile inputs: nothing is allocated from a length before it is checked ----

    @Test
    void aHeaderAnnouncing2GiBOr4GiBAllocatesOnlyTheReadBuffer() {
        for (long announced : new long[] {0x7FFF_FFFFL, 0xFFFF_FFFFL}) {
            byte[] stream = concat(header(announced), filled(10, 0x41));

            long used = allocation(() -> readAndDecode(stream));

            assertThat(used).as("header %X", announced).isLessThan(READER_BUFFER + 64 * 1024);
        }
    }

    @Test
    void aValueAnnouncing65535BytesWithThreePresentAllocatesNothingForIt() {
        byte[] hostile = bytes(PacketType.CMD_RESPONSE.code(), Wire.KEY_VALUE, 1, 'k', 0xFF, 0xFF, 'a', 'b', 'c');
        byte[] modest = bytes(PacketType.CMD_RESPONSE.code(), Wire.KEY_VALUE, 1, 'k', 0x00, 0x04, 'a', 'b', 'c');

        assertThat(allocation(() -> readAndDecode(frame(hostile)))).isLessThan(READER_BUFFER + 64 * 1024);
        assertThat(allocation(() -> decode(hostile)))
                .isLessThan(16 * 1024)
                .isCloseTo(allocation(() -> decode(modest)), within(64L));
    }

    @Test
    void aNameAnnouncing255BytesWithOnePresentAllocatesNothingForIt() {
        byte[] hostilePacketName = bytes(PacketType.EVENT.code(), 255, 'x');
        byte[] modestPacketName = bytes(PacketType.EVENT.code(), 2, 'x');
        byte[] hostileElementName = bytes(PacketType.CMD_RESPONSE.code(), Wire.SECTION_START, 255, 's');
        byte[] modestElementName = bytes(PacketType.CMD_RESPONSE.code(), Wire.SECTION_START, 2, 's');

        assertThat(allocation(() -> readAndDecode(frame(hostilePacketName)))).isLessThan(READER_BUFFER + 64 * 1024);
        assertThat(allocation(() -> decode(hostilePacketName)))
                .isCloseTo(allocation(() -> decode(modestPacketName)), within(64L));
        assertThat(allocation(() -> decode(hostileElementName)))
                .isCloseTo(allocation(() -> decode(modestElementName)), within(64L));
    }

    private static void readAndDecode(byte[] stream) {
        try {
            byte[] body = new FrameReader(Wire.channel(stream)).next();
            PacketCodec.decode(body);
        } catch (ViciProtocolException expected) {
            // the outcome is asserted elsewhere; here only the allocation counts
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void decode(byte[] body) {
        try {
            PacketCodec.decode(body);
        } catch (ViciProtocolException expected) {
            // as above
        }
    }

    /** The fewest bytes the call allocated in 20 runs after 200 unmeasured ones (class loading, JIT). */
    private static long allocation(Runnable call) {
        long threadId = Thread.currentThread().getId();
        for (int i = 0; i < 200; i++) {
            call.run();
        }
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long before = THREADS.getThreadAllocatedBytes(threadId);
            call.run();
            fewest = Math.min(fewest, THREADS.getThreadAllocatedBytes(threadId) - before);
        }
        return fewest;
    }
}
