package io.github.kafkaconnectvici.vici.codec;

/**
 * Packets to and from transport byte sequences. {@link #encodeFrame} includes the 32-bit length
 * header; {@link #decode} takes the body the {@link FrameReader} returns.
 */
public final class PacketCodec {

    private PacketCodec() {
    }

    /** The packet as a complete transport segment: length header, type, name, message. */
    public static byte[] encodeFrame(Packet packet) {
        byte[] name = packet.name() == null ? null : Names.checkedPacketName(packet.name());
        int header = 1 + (name == null ? 0 : 1 + name.length);
        long measured = header + (packet.message() == null ? 0
                : MessageEncoder.measure(packet.message(), FrameReader.MAX_FRAME_LENGTH - header));
        if (measured > FrameReader.MAX_FRAME_LENGTH) {
            throw new ViciProtocolException(Malformation.FRAME_TOO_LONG, packet.type() + " of at least " + measured
                    + " bytes exceeds the " + FrameReader.MAX_FRAME_LENGTH + " bytes charon accepts");
        }
        int length = (int) measured;
        byte[] out = new byte[4 + length];
        out[0] = (byte) (length >>> 24);
        out[1] = (byte) (length >>> 16);
        out[2] = (byte) (length >>> 8);
        out[3] = (byte) length;
        out[4] = (byte) packet.type().code();
        int pos = 5;
        if (name != null) {
            out[pos++] = (byte) name.length;
            System.arraycopy(name, 0, out, pos, name.length);
            pos += name.length;
        }
        if (packet.message() != null) {
            pos = MessageEncoder.write(packet.message(), out, pos);
        }
        assert pos == out.length;
        return out;
    }

    /**
     * The type of the packet in {@code body}, read from its first byte without decoding the rest, or null
     * if it has none or an unknown one ({@link #decode} then says which).
     */
    public static PacketType peekType(byte[] body) {
        return body.length == 0 ? null : PacketType.fromCode(body[0] & 0xFF);
    }

    public static Packet decode(byte[] body) {
        return decode(body, 0, body.length);
    }

    /** Decodes one packet from {@code body[from, to)}, a transport segment without its header; {@code body} may change later. */
    public static Packet decode(byte[] body, int from, int to) {
        return decode(body, from, to, false);
    }

    /**
     * As {@link #decode(byte[])}, without copying: the packet's values are read from {@code body} from now
     * on, so the caller hands over a segment just read and never changes it again.
     */
    public static Packet decodeOwned(byte[] body) {
        return decode(body, 0, body.length, true);
    }

    private static Packet decode(byte[] body, int from, int to, boolean owned) {
        if (from >= to) {
            throw new ViciProtocolException(Malformation.EMPTY_PACKET, "empty VICI segment: no packet type");
        }
        int code = body[from] & 0xFF;
        PacketType type = PacketType.fromCode(code);
        if (type == null) {
            throw new ViciProtocolException(Malformation.UNKNOWN_PACKET_TYPE, "unknown VICI packet type " + code);
        }
        int pos = from + 1;
        String name = null;
        if (type.isNamed()) {
            if (pos >= to) {
                throw new ViciProtocolException(Malformation.TRUNCATED_PACKET, type + " ends before its name length");
            }
            int length = body[pos++] & 0xFF;
            if (length > to - pos) {
                throw new ViciProtocolException(Malformation.TRUNCATED_PACKET,
                        type + " name of " + length + " bytes runs past the end of the packet (" + (to - pos) + " left)");
            }
            if (length == 0) {
                throw new ViciProtocolException(Malformation.EMPTY_NAME, type + " has an empty name");
            }
            name = MessageDecoder.decodeName(body, pos, length, pos - 1);
            pos += length;
        }
        if (type.carriesMessage()) {
            return new Packet(type, name, owned ? MessageDecoder.decodeOwned(body, pos, to) : MessageDecoder.decode(body, pos, to));
        }
        if (pos != to) {
            throw new ViciProtocolException(Malformation.UNEXPECTED_PACKET_DATA,
                    type + " carries no message, but " + (to - pos) + " bytes follow");
        }
        return new Packet(type, name, null);
    }
}
