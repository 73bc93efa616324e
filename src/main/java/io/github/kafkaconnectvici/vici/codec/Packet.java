package io.github.kafkaconnectvici.vici.codec;

import java.util.Objects;

/**
 * One packet of the VICI packet layer. {@code name} is present exactly for the named types,
 * {@code message} exactly for the types that carry one.
 */
public record Packet(PacketType type, String name, Message message) {

    public Packet {
        Objects.requireNonNull(type, "type");
        if (type.isNamed() != (name != null)) {
            throw new IllegalArgumentException(type + (type.isNamed() ? " needs a name" : " has no name"));
        }
        if (type.carriesMessage() != (message != null)) {
            throw new IllegalArgumentException(type + (type.carriesMessage() ? " needs a message" : " carries no message"));
        }
    }

    public static Packet request(String command, Message message) {
        return new Packet(PacketType.CMD_REQUEST, command, message);
    }

    public static Packet response(Message message) {
        return new Packet(PacketType.CMD_RESPONSE, null, message);
    }

    public static Packet register(String event) {
        return new Packet(PacketType.EVENT_REGISTER, event, null);
    }

    public static Packet unregister(String event) {
        return new Packet(PacketType.EVENT_UNREGISTER, event, null);
    }

    public static Packet event(String event, Message message) {
        return new Packet(PacketType.EVENT, event, message);
    }

    /** One of the three packets that carry neither name nor message. */
    public static Packet bare(PacketType type) {
        return new Packet(type, null, null);
    }

    @Override
    public String toString() {
        return type + (name != null ? " '" + Names.printable(name) + "'" : "") + (message != null ? " " + message : "");
    }
}
