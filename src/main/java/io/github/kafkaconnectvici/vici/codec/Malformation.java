package io.github.kafkaconnectvici.vici.codec;

/** What exactly is wrong with bytes or a tree that cannot be VICI: each has its own error. */
public enum Malformation {
    /** The stream ended inside a length header or before the length it announced. */
    TRUNCATED_FRAME,
    /** A length header announces more than the 512 KiB a VICI segment may carry. */
    FRAME_TOO_LONG,
    /** A segment of length zero: it has no packet type. */
    EMPTY_PACKET,
    /** The packet type byte is none of the eight the specification defines. */
    UNKNOWN_PACKET_TYPE,
    /** A packet's name runs past the end of its segment. */
    TRUNCATED_PACKET,
    /** Bytes follow a packet whose type carries no message. */
    UNEXPECTED_PACKET_DATA,
    /** A packet arrived that the protocol does not allow at this point of the conversation. */
    UNEXPECTED_PACKET,
    /** An element type byte is none of the six the specification defines. */
    UNKNOWN_ELEMENT_TYPE,
    /** An element's name or value runs past the end of the message. */
    TRUNCATED_ELEMENT,
    /** A SECTION_END with no open section, or a message that ends with sections still open. */
    UNBALANCED_SECTIONS,
    /** A message that ends with a list still open. */
    UNCLOSED_LIST,
    /** A LIST_START inside a list: lists may not be nested. */
    NESTED_LIST,
    /** A KEY_VALUE inside a list: key/values may not appear in lists. */
    KEY_VALUE_IN_LIST,
    /** A SECTION_START or SECTION_END inside a list. */
    SECTION_IN_LIST,
    /** A LIST_ITEM or LIST_END outside a list. */
    LIST_ITEM_OUTSIDE_LIST,
    /** A name given twice in one section: key names must be unique in the current section. */
    DUPLICATE_KEY,
    /** A command or event name of length zero. */
    EMPTY_NAME,
    /** A name longer than the 255 bytes its 8-bit length header can express. */
    NAME_TOO_LONG,
    /** A name that is not printable ASCII (when sending) or not UTF-8 (when receiving). */
    INVALID_NAME,
    /** A value longer than the 65535 bytes its 16-bit length header can express. */
    VALUE_TOO_LONG,
    /** Sections nested deeper than {@link MessageDecoder#MAX_DEPTH}. */
    NESTING_TOO_DEEP
}
