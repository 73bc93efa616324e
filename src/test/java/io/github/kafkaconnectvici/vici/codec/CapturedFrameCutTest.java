package io.github.kafkaconnectvici.vici.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A real event as charon 5.9.8 sent it (the captured {@code list-sa} frame the benchmarks decode),
 * cut at every byte boundary: a stream that ends inside the frame is a truncated frame, never a
 * packet nor another exception; a frame delivered in two reads split anywhere decodes exactly as in
 * one; a body cut short anywhere is a protocol error, never anything else.
 */
class CapturedFrameCutTest {

    private static final String RESOURCE = "/benchmarks/list-sa-event.frame";

    private static byte[] frame() throws IOException {
        try (InputStream in = CapturedFrameCutTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void aStreamEndingAtAnyByteInsideTheFrameIsATruncatedFrame() throws IOException {
        byte[] frame = frame();
        assertThat(frame.length).isGreaterThan(500);
        Packet whole = PacketCodec.decode(new FrameReader(Wire.channel(frame)).next());

        assertThat(new FrameReader(Wire.channel(new byte[0])).next()).as("nothing at all ends cleanly").isNull();
        for (int cut = 1; cut < frame.length; cut++) {
            FrameReader reader = new FrameReader(Wire.channel(Arrays.copyOf(frame, cut)));
            ViciProtocolException e = catchThrowableOfType(ViciProtocolException.class, reader::next);
            assertThat(e).as("cut after %d of %d bytes", cut, frame.length).isNotNull();
            assertThat(e.malformation()).isEqualTo(Malformation.TRUNCATED_FRAME);
        }
        assertThat(whole.name()).isEqualTo("list-sa");
    }

    @Test
    void aFrameSplitIntoTwoReadsAtAnyByteDecodesAsWhole() throws IOException {
        byte[] frame = frame();
        byte[] twice = Wire.concat(frame, frame);
        Packet whole = PacketCodec.decode(new FrameReader(Wire.channel(frame)).next());

        for (int split = 1; split < twice.length; split++) {
            FrameReader reader = new FrameReader(new TwoReads(twice, split));
            assertThat(PacketCodec.decode(reader.next())).as("split at %d", split).isEqualTo(whole);
            assertThat(PacketCodec.decode(reader.next())).as("split at %d", split).isEqualTo(whole);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void aBodyCutShortAnywhereIsAProtocolErrorOrExactlyThePacketItsBytesSay() throws IOException {
        byte[] frame = frame();
        int errors = 0;
        for (int end = 4; end < frame.length; end++) {
            byte[] body = Arrays.copyOfRange(frame, 4, end);
            try {
                Packet packet = PacketCodec.decode(body);
                // only a cut between top-level elements (here: right after the event name) leaves a packet
                byte[] encoded = PacketCodec.encodeFrame(packet);
                assertThat(Arrays.copyOfRange(encoded, 4, encoded.length))
                        .as("body cut at %d re-encodes to itself", end).isEqualTo(body);
            } catch (ViciProtocolException e) {
                errors++;
            }
        }
        assertThat(errors).as("nearly every cut is an error").isGreaterThan(frame.length - 20);
    }

    /** Hands out the first {@code split} bytes in one read and the rest in the next. */
    private static final class TwoReads implements ReadableByteChannel {
        private final byte[] stream;
        private final int split;
        private int position;

        TwoReads(byte[] stream, int split) {
            this.stream = stream;
            this.split = split;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position == stream.length) {
                return -1;
            }
            int end = position < split ? split : stream.length;
            int n = Math.min(dst.remaining(), end - position);
            dst.put(stream, position, n);
            position += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
