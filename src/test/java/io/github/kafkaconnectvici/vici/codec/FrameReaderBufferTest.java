package io.github.kafkaconnectvici.vici.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.io.ByteArrayInputStream;
import java.nio.channels.Channels;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The read-ahead buffer: small while idle, full-size under a burst, small again when trimmed, frames intact throughout. */
class FrameReaderBufferTest {

    @Test
    void growsUnderABurstAndTrimsWhenDrainedWithoutLosingABit() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int frames = 400;
        for (int i = 0; i < frames; i++) {
            stream.write(frame(i, 300));
        }
        stream.write(frame(frames, 100_000)); // larger than the full buffer: read straight into its array
        stream.write(frame(7, 50));
        FrameReader reader = reader(stream.toByteArray());

        assertThat(reader.bufferCapacity()).as("idle size").isEqualTo(4 * 1024);
        for (int i = 0; i < frames; i++) {
            assertThat(reader.next()).isEqualTo(body(i, 300));
        }
        assertThat(reader.bufferCapacity()).as("after a burst").isEqualTo(64 * 1024);
        assertThat(reader.next()).isEqualTo(body(frames, 100_000));
        reader.trim();
        assertThat(reader.bufferCapacity()).as("trimmed once drained").isEqualTo(4 * 1024);

        assertThat(reader.next()).isEqualTo(body(7, 50));
        assertThat(reader.next()).as("end of stream between frames").isNull();
    }

    @Test
    void trimKeepsBytesAlreadyReadAhead() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            stream.write(frame(i, 200));
        }
        FrameReader reader = reader(stream.toByteArray());
        for (int i = 0; i < 50; i++) {
            assertThat(reader.next()).isEqualTo(body(i, 200));
        }
        assertThat(reader.hasBuffered()).isTrue();
        int before = reader.bufferCapacity();
        reader.trim();
        assertThat(reader.bufferCapacity()).as("not trimmed while holding data").isEqualTo(before);
        for (int i = 50; i < 100; i++) {
            assertThat(reader.next()).isEqualTo(body(i, 200));
        }
    }

    private static byte[] body(int seed, int length) {
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) seed);
        body[0] = (byte) (seed >> 8);
        return body;
    }

    private static byte[] frame(int seed, int length) {
        return ByteBuffer.allocate(4 + length).putInt(length).put(body(seed, length)).array();
    }

    /** A channel over bytes in memory that hands out as much as fits per read (up to 8 KiB), as a busy socket would. */
    private static FrameReader reader(byte[] bytes) {
        return new FrameReader(Channels.newChannel(new ByteArrayInputStream(bytes)));
    }
}
