package io.github.kafkaconnectvici.vici.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoding example of the VICI specification, byte for byte, both ways. */
class SpecificationExampleTest {

    /** The C array from the specification's "Encoding example", transcribed. */
    private static final byte[] SPEC_BYTES = bytes(
            /* key1 = value1 */
            3, 4, 'k', 'e', 'y', '1', 0, 6, 'v', 'a', 'l', 'u', 'e', '1',
            /* section1 */
            1, 8, 's', 'e', 'c', 't', 'i', 'o', 'n', '1',
            /* sub-section */
            1, 11, 's', 'u', 'b', '-', 's', 'e', 'c', 't', 'i', 'o', 'n',
            /* key2 = value2 */
            3, 4, 'k', 'e', 'y', '2', 0, 6, 'v', 'a', 'l', 'u', 'e', '2',
            /* sub-section end */
            2,
            /* list1 */
            4, 5, 'l', 'i', 's', 't', '1',
            /* item1 */
            5, 0, 5, 'i', 't', 'e', 'm', '1',
            /* item2 */
            5, 0, 5, 'i', 't', 'e', 'm', '2',
            /* list1 end */
            6,
            /* section1 end */
            2);

    private static final Message SPEC_TREE = Message.builder()
            .put("key1", "value1")
            .section("section1", s -> s
                    .section("sub-section", sub -> sub.put("key2", "value2"))
                    .list("list1", "item1", "item2"))
            .build();

    @Test
    void encodesTheSpecificationExampleByteForByte() {
        assertThat(MessageEncoder.encode(SPEC_TREE)).containsExactly(SPEC_BYTES);
        assertThat(MessageEncoder.encodedLength(SPEC_TREE)).isEqualTo(SPEC_BYTES.length);
    }

    @Test
    void decodesTheSpecificationExampleIntoTheTree() {
        Message decoded = MessageDecoder.decode(SPEC_BYTES);

        assertThat(decoded).isEqualTo(SPEC_TREE);
        assertThat(decoded.keys()).containsExactly("key1", "section1");
        assertThat(decoded.text("key1")).contains("value1");
        Message section1 = decoded.section("section1").orElseThrow();
        assertThat(section1.keys()).containsExactly("sub-section", "list1");
        assertThat(section1.section("sub-section").flatMap(s -> s.text("key2"))).contains("value2");
        assertThat(section1.list("list1")).contains(List.of("item1", "item2"));
    }

    @Test
    void framesTheExampleAsAnEventPacket() {
        byte[] frame = PacketCodec.encodeFrame(Packet.event("ev", SPEC_TREE));

        int length = SPEC_BYTES.length + 1 + 1 + 2;
        assertThat(frame).startsWith(0, 0, 0, length, PacketType.EVENT.code(), 2, 'e', 'v');
        assertThat(frame).hasSize(4 + length).endsWith(SPEC_BYTES);
        Packet decoded = PacketCodec.decode(frame, 4, frame.length);
        assertThat(decoded).isEqualTo(Packet.event("ev", SPEC_TREE));
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
