package io.github.kafkaconnectvici.vici.codec;

import static io.github.kafkaconnectvici.vici.codec.ViciAssertions.assertMalformed;
import static io.github.kafkaconnectvici.vici.codec.Wire.bytes;
import static io.github.kafkaconnectvici.vici.codec.Wire.channel;
import static io.github.kafkaconnectvici.vici.codec.Wire.concat;
import static io.github.kafkaconnectvici.vici.codec.Wire.filled;
import static io.github.kafkaconnectvici.vici.codec.Wire.frame;
import static io.github.kafkaconnectvici.vici.codec.Wire.header;
import static io.github.kafkaconnectvici.vici.codec.Wire.oneBytePerRead;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transport layer: length headers, truncation and the 512 KiB cap, as {@link FrameReader} sees them. */
class MalformedFrameTest {

    private static final int MAX = FrameReader.MAX_FRAME_LENGTH;

    @Test
    void anEmptyStreamEndsCleanly() throws IOException {
        assertThat(new FrameReader(channel(new byte[0])).next()).isNull();
    }

    @Test
    void aStreamEndsCleanlyBetweenFrames() throws IOException {
        FrameReader reader = new FrameReader(channel(concat(frame(bytes(5)), frame(bytes(2)))));

        assertThat(reader.next()).containsExactly(5);
        assertThat(reader.next()).containsExactly(2);
        assertThat(reader.next()).isNull();
    }

    @Test
    void truncatedFrame_streamEndsInsideTheLengthHeader() {
        byte[] stream = concat(frame(bytes(5)), bytes(0, 0));
        FrameReader reader = new FrameReader(channel(stream));

        assertMalformed(Malformation.TRUNCATED_FRAME, () -> {
            assertThat(reader.next()).containsExactly(5);
            reader.next();
        }).hasMessageContaining("length header").hasMessageContaining("2 of 4 bytes");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void truncatedFrame_streamEndsInsideTheLengthHeaderOneByteAtATime(int present) {
        FrameReader reader = new FrameReader(oneBytePerRead(new byte[present]));

        assertMalformed(Malformation.TRUNCATED_FRAME, reader::next).hasMessageContaining(present + " of 4 bytes");
    }

    @Test
    void truncatedFrame_streamEndsInsideTheBody() {
        byte[] stream = concat(header(10), bytes(1, 3, 1, 'k'));

        assertMalformed(Malformation.TRUNCATED_FRAME, new FrameReader(channel(stream))::next)
                .hasMessageContaining("segment of 10 bytes")
                .hasMessageContaining("6 missing");
    }

    @Test
    void truncatedFrame_streamEndsInsideABodyLongerThanTheReadBuffer() {
        byte[] stream = concat(header(200_000), filled(100_000, 7));

        assertMalformed(Malformation.TRUNCATED_FRAME, new FrameReader(channel(stream))::next)
                .hasMessageContaining("segment of 200000 bytes")
                .hasMessageContaining("100000 missing");
    }

    @Test
    void truncatedFrame_streamEndsInsideTheBodyOneByteAtATime() {
        byte[] stream = concat(frame(bytes(5)), header(3), bytes(5, 5));

        FrameReader reader = new FrameReader(oneBytePerRead(stream));

        assertMalformed(Malformation.TRUNCATED_FRAME, () -> {
            assertThat(reader.next()).containsExactly(5);
            reader.next();
        }).hasMessageContaining("segment of 3 bytes").hasMessageContaining("1 missing");
    }

    @ParameterizedTest
    @ValueSource(longs = {0xFFFF_FFFFL, 0x8000_0000L, 0x7FFF_FFFFL, MAX + 1L, MAX * 2L})
    void frameTooLong_headerAnnouncesMoreThan512KiB(long announced) {
        byte[] stream = concat(header(announced), filled(10, 1));

        assertMalformed(Malformation.FRAME_TOO_LONG, new FrameReader(channel(stream))::next)
                .hasMessageContaining("segment length " + announced)
                .hasMessageContaining(Integer.toString(MAX));
    }

    @Test
    void exactly512KiBIsAccepted() throws IOException {
        byte[] body = filled(MAX, 0x42);
        FrameReader reader = new FrameReader(channel(concat(header(MAX), body, frame(bytes(5)))));

        assertThat(reader.next()).isEqualTo(body);
        assertThat(reader.next()).containsExactly(5);
        assertThat(reader.next()).isNull();
    }

    @Test
    void aLargestPacketEncodesAndDecodesThroughTheReader() throws IOException {
        Packet packet = Packet.response(messageOfLength(MAX - 1));
        byte[] frame = PacketCodec.encodeFrame(packet);

        assertThat(frame).startsWith(header(MAX));
        byte[] body = new FrameReader(oneBytePerRead(frame)).next();
        assertThat(body).hasSize(MAX);
        assertThat(PacketCodec.decode(body)).isEqualTo(packet);
    }

    @Test
    void frameTooLong_encodingAPacketOneByteOver512KiB() {
        Packet packet = Packet.response(messageOfLength(MAX));

        assertMalformed(Malformation.FRAME_TOO_LONG, () -> PacketCodec.encodeFrame(packet))
                .hasMessageContaining("CMD_RESPONSE")
                .hasMessageContaining(Integer.toString(MAX));
    }

    @Test
    void anEmptyFrameIsReadAndThenRejectedAsAnEmptyPacket() throws IOException {
        byte[] body = new FrameReader(channel(header(0))).next();

        assertThat(body).isEmpty();
        assertMalformed(Malformation.EMPTY_PACKET, () -> PacketCodec.decode(body));
    }

    /** A message of key/values whose encoding is exactly {@code length} bytes. */
    static Message messageOfLength(int length) {
        Message.Builder builder = Message.builder();
        int remaining = length;
        for (int i = 0; remaining > 0; i++) {
            String key = String.format("k%03d", i);
            int overhead = 1 + 1 + key.length() + 2;
            int valueLength = Math.min(Value.MAX_LENGTH, remaining - overhead);
            builder.put(key, new byte[valueLength]);
            remaining -= overhead + valueLength;
        }
        Message message = builder.build();
        assertThat(MessageEncoder.encodedLength(message)).isEqualTo(length);
        return message;
    }
}
