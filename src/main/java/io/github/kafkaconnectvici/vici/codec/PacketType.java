package io.github.kafkaconnectvici.vici.codec;

/**
 * The packet types of the VICI packet layer, in the specification's order and with its wording.
 * The type is the first byte of every transport byte sequence.
 */
public enum PacketType {
    /** A named request message. */
    CMD_REQUEST(0, true, true),
    /** An unnamed response message for a request. */
    CMD_RESPONSE(1, false, true),
    /** An unnamed response if requested command is unknown. */
    CMD_UNKNOWN(2, false, false),
    /** A named event registration request. */
    EVENT_REGISTER(3, true, false),
    /** A named event deregistration request. */
    EVENT_UNREGISTER(4, true, false),
    /** An unnamed response for successful event (de-)registration. */
    EVENT_CONFIRM(5, false, false),
    /** An unnamed response if event (de-)registration failed. */
    EVENT_UNKNOWN(6, false, false),
    /** A named event message. */
    EVENT(7, true, true);

    private static final PacketType[] BY_CODE = values();

    private final int code;
    private final boolean named;
    private final boolean carriesMessage;

    PacketType(int code, boolean named, boolean carriesMessage) {
        this.code = code;
        this.named = named;
        this.carriesMessage = carriesMessage;
    }

    public int code() {
        return code;
    }

    /** Whether an 8-bit length-prefixed name follows the type byte. */
    public boolean isNamed() {
        return named;
    }

    /** Whether the rest of the packet is a message. */
    public boolean carriesMessage() {
        return carriesMessage;
    }

    /** The type for a wire code, or null if the code names no type. */
    static PacketType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
