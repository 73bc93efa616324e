package io.github.kafkaconnectvici.vici.codec;

import static io.github.kafkaconnectvici.vici.codec.ViciAssertions.assertMalformed;
import static io.github.kafkaconnectvici.vici.codec.ViciAssertions.assertPacketMalformed;
import static io.github.kafkaconnectvici.vici.codec.Wire.bytes;
import static io.github.kafkaconnectvici.vici.codec.Wire.concat;
import static io.github.kafkaconnectvici.vici.codec.Wire.keyValue;
import static io.github.kafkaconnectvici.vici.codec.Wire.packet;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packet layer: type byte, optional 8-bit-prefixed name, optional message. Malformation
 * UNEXPECTED_PACKET is not here: it concerns the order of packets in a conversation, which the codec
 * does not see.
 */
class MalformedPacketTest {

    @Test
    void emptyPacket() {
        assertPacketMalformed(Malformation.EMPTY_PACKET, new byte[0]).hasMessageContaining("no packet type");
    }

    @Test
    void emptyPacket_inTheMiddleOfABuffer() {
        byte[] buffer = bytes(5, 5);

        assertMalformed(Malformation.EMPTY_PACKET, () -> PacketCodec.decode(buffer, 1, 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 0x7F, 0x80, 255})
    void unknownPacketType(int code) {
        assertPacketMalformed(Malformation.UNKNOWN_PACKET_TYPE, bytes(code, 3, 'a', 'b', 'c'))
                .hasMessageContaining("packet type " + code);
    }

    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"CMD_REQUEST", "EVENT_REGISTER", "EVENT_UNREGISTER", "EVENT"})
    void truncatedPacket_namedTypeEndsBeforeItsNameLength(PacketType type) {
        assertPacketMalformed(Malformation.TRUNCATED_PACKET, bytes(type.code()))
                .hasMessageContaining(type.name())
                .hasMessageContaining("before its name length");
    }

    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"CMD_REQUEST", "EVENT_REGISTER", "EVENT_UNREGISTER", "EVENT"})
    void truncatedPacket_nameRunsPastTheEnd(PacketType type) {
        assertPacketMalformed(Malformation.TRUNCATED_PACKET, bytes(type.code(), 5, 'l', 'i'))
                .hasMessageContaining(type.name())
                .hasMessageContaining("name of 5 bytes")
                .hasMessageContaining("2 left");
    }

    @Test
    void truncatedPacket_nameOf255BytesWithOnePresent() {
        assertPacketMalformed(Malformation.TRUNCATED_PACKET, bytes(PacketType.EVENT.code(), 255, 'x'))
                .hasMessageContaining("name of 255 bytes")
                .hasMessageContaining("1 left");
    }

    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"CMD_UNKNOWN", "EVENT_CONFIRM", "EVENT_UNKNOWN"})
    void unexpectedPacketData_afterABarePacket(PacketType type) {
        assertPacketMalformed(Malformation.UNEXPECTED_PACKET_DATA, bytes(type.code(), 0))
                .hasMessageContaining(type.name())
                .hasMessageContaining("1 bytes follow");
    }

    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"EVENT_REGISTER", "EVENT_UNREGISTER"})
    void unexpectedPacketData_afterARegistrationName(PacketType type) {
        assertPacketMalformed(Malformation.UNEXPECTED_PACKET_DATA, packet(type, "log", keyValue("k", "v")))
                .hasMessageContaining(type.name())
                .hasMessageContaining("6 bytes follow");
    }

    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"CMD_REQUEST", "EVENT_REGISTER", "EVENT_UNREGISTER", "EVENT"})
    void emptyName_whenDecoding(PacketType type) {
        assertPacketMalformed(Malformation.EMPTY_NAME, bytes(type.code(), 0))
                .hasMessageContaining(type.name())
                .hasMessageContaining("empty name");
    }

    @Test
    void emptyName_whenEncoding() {
        assertMalformed(Malformation.EMPTY_NAME, () -> PacketCodec.encodeFrame(Packet.request("", Message.EMPTY)))
                .hasMessageContaining("may not be empty");
        assertMalformed(Malformation.EMPTY_NAME, () -> PacketCodec.encodeFrame(Packet.register("")));
        assertMalformed(Malformation.EMPTY_NAME, () -> PacketCodec.encodeFrame(Packet.event("", Message.EMPTY)));
    }

    @Test
    void invalidName_packetNameThatIsNotUtf8() {
        assertPacketMalformed(Malformation.INVALID_NAME, bytes(PacketType.EVENT.code(), 2, 0xC3, 0x28))
                .hasMessageContaining("not valid UTF-8")
                .hasMessageContaining("at byte 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"café", "log\n", "tab\there", "del\u007f"})
    void invalidName_packetNameThatIsNotPrintableAsciiWhenEncoding(String name) {
        assertMalformed(Malformation.INVALID_NAME, () -> PacketCodec.encodeFrame(Packet.register(name)))
                .hasMessageContaining("not printable ASCII");
    }

    @Test
    void nameTooLong_packetNameOf256Characters() {
        assertMalformed(Malformation.NAME_TOO_LONG, () -> PacketCodec.encodeFrame(Packet.register("e".repeat(256))))
                .hasMessageContaining("256 characters")
                .hasMessageContaining("255");
    }

    @Test
    void aPacketNameOf255CharactersRoundTrips() {
        Packet packet = Packet.request("c".repeat(255), Message.builder().put("k", "v").build());
        byte[] frame = PacketCodec.encodeFrame(packet);

        assertThat(frame[5] & 0xFF).isEqualTo(255);
        assertThat(PacketCodec.decode(frame, 4, frame.length)).isEqualTo(packet);
    }

    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"CMD_UNKNOWN", "EVENT_CONFIRM", "EVENT_UNKNOWN"})
    void barePacketsAreOneByte(PacketType type) {
        assertThat(PacketCodec.encodeFrame(Packet.bare(type))).containsExactly(0, 0, 0, 1, type.code());
        assertThat(PacketCodec.decode(bytes(type.code()))).isEqualTo(Packet.bare(type));
    }

    @Test
    void aResponseMayCarryAnEmptyMessage() {
        assertThat(PacketCodec.decode(bytes(PacketType.CMD_RESPONSE.code()))).isEqualTo(Packet.response(Message.EMPTY));
    }

    @Test
    void errorsInsideTheMessageCarryTheMessageMalformationAndOffsetWithinTheBody() {
        byte[] body = packet(PacketType.EVENT, "log", keyValue("k", "v"), bytes(7));

        assertPacketMalformed(Malformation.UNKNOWN_ELEMENT_TYPE, body)
                .hasMessageContaining("at byte " + (body.length - 1));
    }

    @Test
    void decodeHonoursTheGivenRange() {
        byte[] body = concat(bytes(0xFF), packet(PacketType.EVENT_REGISTER, "log"), bytes(0xFF));

        assertThat(PacketCodec.decode(body, 1, body.length - 1)).isEqualTo(Packet.register("log"));
    }
}
