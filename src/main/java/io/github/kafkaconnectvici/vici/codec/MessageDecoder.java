package io.github.kafkaconnectvici.vici.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Decodes the element sequence of a message into a tree, enforcing every rule of the
 * specification's message format. Iterative, so a hostile nesting depth cannot overflow the stack,
 * and every length is checked against the bytes actually present before anything is allocated.
 */
public final class MessageDecoder {

    /**
     * The deepest nesting of sections accepted. The specification allows any depth; charon's own
     * messages nest at most six deep, so 64 leaves room for any configuration and none for abuse.
     */
    public static final int MAX_DEPTH = 64;

    private final byte[] buf;
    private final int end;
    private int pos;

    private MessageDecoder(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
    }

    public static Message decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes {@code bytes[from, to)}, which must hold exactly one message. */
    public static Message decode(byte[] bytes, int from, int to) {
        if (from < 0 || to > bytes.length || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + bytes.length);
        }
        return new MessageDecoder(bytes, from, to).decode();
    }

    private record OpenSection(String name, LinkedHashMap<String, Node> parent) {
    }

    private Message decode() {
        LinkedHashMap<String, Node> current = new LinkedHashMap<>();
        // Sections nest a few deep; the default 16 slots showed in the reader's profile.
        Deque<OpenSection> open = new ArrayDeque<>(4);
        String listName = null;
        List<Value> listItems = null;

        while (pos < end) {
            int at = pos;
            int type = buf[pos++] & 0xFF;
            switch (type) {
                case ElementType.SECTION_START_CODE -> {
                    if (listItems != null) {
                        throw error(Malformation.SECTION_IN_LIST, at, "SECTION_START inside list '" + Names.printable(listName) + "'");
                    }
                    String name = readName(at, "SECTION_START");
                    checkUnique(current, name, at);
                    if (open.size() == MAX_DEPTH) {
                        throw error(Malformation.NESTING_TOO_DEEP, at,
                                "section '" + Names.printable(name) + "' nests deeper than " + MAX_DEPTH + " levels");
                    }
                    open.push(new OpenSection(name, current));
                    current = new LinkedHashMap<>();
                }
                case ElementType.SECTION_END_CODE -> {
                    if (listItems != null) {
                        throw error(Malformation.SECTION_IN_LIST, at, "SECTION_END inside list '" + Names.printable(listName) + "'");
                    }
                    OpenSection closed = open.poll();
                    if (closed == null) {
                        throw error(Malformation.UNBALANCED_SECTIONS, at, "SECTION_END without an open section");
                    }
                    closed.parent().put(closed.name(), new Message(current));
                    current = closed.parent();
                }
                case ElementType.KEY_VALUE_CODE -> {
                    if (listItems != null) {
                        throw error(Malformation.KEY_VALUE_IN_LIST, at, "KEY_VALUE inside list '" + Names.printable(listName) + "'");
                    }
                    String name = readName(at, "KEY_VALUE");
                    Value value;
                    try {
                        value = readValue(at, "KEY_VALUE");
                    } catch (ViciProtocolException e) {
                        checkUnique(current, name, at); // a duplicate key is reported first, as for the other elements
                        throw e;
                    }
                    // one hash lookup, not two: the value goes in only if the key is new
                    if (current.putIfAbsent(name, value) != null) {
                        throw duplicate(name, at);
                    }
                }
                case ElementType.LIST_START_CODE -> {
                    if (listItems != null) {
                        throw error(Malformation.NESTED_LIST, at, "LIST_START inside list '" + Names.printable(listName) + "'");
                    }
                    listName = readName(at, "LIST_START");
                    checkUnique(current, listName, at);
                    listItems = new ArrayList<>();
                }
                case ElementType.LIST_ITEM_CODE -> {
                    if (listItems == null) {
                        throw error(Malformation.LIST_ITEM_OUTSIDE_LIST, at, "LIST_ITEM outside a list");
                    }
                    listItems.add(readValue(at, "LIST_ITEM"));
                }
                case ElementType.LIST_END_CODE -> {
                    if (listItems == null) {
                        throw error(Malformation.LIST_ITEM_OUTSIDE_LIST, at, "LIST_END outside a list");
                    }
                    current.put(listName, new ValueList(listItems));
                    listName = null;
                    listItems = null;
                }
                default -> throw error(Malformation.UNKNOWN_ELEMENT_TYPE, at, "unknown element type " + type);
            }
        }
        if (listItems != null) {
            throw error(Malformation.UNCLOSED_LIST, end, "message ends inside list '" + Names.printable(listName) + "'");
        }
        if (!open.isEmpty()) {
            throw error(Malformation.UNBALANCED_SECTIONS, end,
                    "message ends with " + open.size() + " section(s) open, innermost '" + Names.printable(open.peek().name()) + "'");
        }
        return current.isEmpty() ? Message.EMPTY : new Message(current);
    }

    private String readName(int at, String element) {
        if (pos >= end) {
            throw error(Malformation.TRUNCATED_ELEMENT, at, element + " ends before its name length");
        }
        int length = buf[pos++] & 0xFF;
        if (length > end - pos) {
            throw error(Malformation.TRUNCATED_ELEMENT, at,
                    element + " name of " + length + " bytes runs past the end of the message (" + (end - pos) + " left)");
        }
        String name = decodeName(buf, pos, length, at);
        pos += length;
        return name;
    }

    private Value readValue(int at, String element) {
        if (end - pos < 2) {
            throw error(Malformation.TRUNCATED_ELEMENT, at, element + " ends before its value length");
        }
        int length = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        if (length > end - pos) {
            throw error(Malformation.TRUNCATED_ELEMENT, at,
                    element + " value of " + length + " bytes runs past the end of the message (" + (end - pos) + " left)");
        }
        Value value = Value.wrap(Arrays.copyOfRange(buf, pos, pos + length));
        pos += length;
        return value;
    }

    private static void checkUnique(LinkedHashMap<String, Node> section, String name, int at) {
        if (section.containsKey(name)) {
            throw duplicate(name, at);
        }
    }

    private static ViciProtocolException duplicate(String name, int at) {
        return error(Malformation.DUPLICATE_KEY, at, "duplicate key '" + Names.printable(name) + "' in one section");
    }

    /**
     * Names are ASCII in practice; anything else must at least be UTF-8. ASCII names come from a
     * small shared cache: charon's vocabulary is small ("uniqueid", "state", "bytes-in", ...) and
     * repeats in every event, so a {@code list-sas} of 100,000 SAs would otherwise allocate (and a
     * held snapshot retain) millions of copies of the same few dozen strings.
     */
    static String decodeName(byte[] buf, int from, int length, int at) {
        int hash = 0;
        for (int i = from; i < from + length; i++) {
            byte b = buf[i];
            if (b < 0) {
                return decodeUtf8Name(buf, from, length, at);
            }
            hash = 31 * hash + b;
        }
        return NameCache.get(buf, from, length, hash);
    }

    private static String decodeUtf8Name(byte[] buf, int from, int length, int at) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, from, length)).toString();
        } catch (CharacterCodingException e) {
            throw error(Malformation.INVALID_NAME, at, "name is not valid UTF-8");
        }
    }

    /**
     * A fixed-size cache of ASCII names, shared by all threads. Each name has two candidate slots (two
     * hashes): charon's vocabulary is small, but two of its names that share a slot (such as
     * {@code packets-out} and {@code spi-out}, in every CHILD_SA) would otherwise evict each other in
     * every event, each time a new String whose hash is computed again by every map it goes into. A miss
     * takes the first slot if it is empty, else replaces the second, so hostile input can only make it
     * miss, never grow. Slots are read and written without locks: a String is immutable and safely
     * published through its final fields, so a racing reader sees either the old name or the new one, whole.
     */
    static final class NameCache {

        static final int SLOTS = 1024;
        /** Longer names (none of charon's) are decoded as they are, not cached. */
        static final int MAX_LENGTH = 40;

        private static final String[] NAMES = new String[SLOTS];

        private NameCache() {
        }

        /** The name of ASCII {@code buf[from, from + length)}, whose String.hashCode() is {@code hash}. */
        static String get(byte[] buf, int from, int length, int hash) {
            if (length > MAX_LENGTH) {
                return new String(buf, from, length, StandardCharsets.ISO_8859_1);
            }
            int slot = slot(hash);
            String cached = NAMES[slot];
            if (cached != null && cached.hashCode() == hash && sameAscii(cached, buf, from, length)) {
                return cached;
            }
            int second = secondSlot(hash);
            String other = NAMES[second];
            if (other != null && other.hashCode() == hash && sameAscii(other, buf, from, length)) {
                return other;
            }
            String name = new String(buf, from, length, StandardCharsets.ISO_8859_1);
            NAMES[cached == null ? slot : second] = name;
            return name;
        }

        static int slot(int hash) {
            return (hash ^ (hash >>> 16)) & (SLOTS - 1);
        }

        /** The top bits of a multiplicative hash: independent of {@link #slot}'s low bits. */
        static int secondSlot(int hash) {
            return (hash * 0x9E3779B9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(SLOTS));
        }

        private static boolean sameAscii(String name, byte[] buf, int from, int length) {
            if (name.length() != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (name.charAt(i) != buf[from + i]) {
                    return false;
                }
            }
            return true;
        }
    }

    static ViciProtocolException error(Malformation malformation, int at, String detail) {
        return new ViciProtocolException(malformation, "malformed VICI message at byte " + at + ": " + detail);
    }
}
