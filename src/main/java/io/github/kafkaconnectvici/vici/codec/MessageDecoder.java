package io.github.kafkaconnectvici.vici.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes the element sequence of a message into a tree, enforcing every rule of the
 * specification's message format. Iterative, so a hostile nesting depth cannot overflow the stack,
 * and every length is checked against the bytes actually present before anything is allocated.
 *
 * <p>Values are slices of the array decoded, not copies, so that array must never change afterwards:
 * {@link #decode(byte[], int, int)} decodes a copy of its range; {@link #decodeOwned} takes an array
 * the caller hands over (a segment just read), as the session's readers do.
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
    // Added to positions in errors: a copied range is decoded from 0 but reported where the caller's bytes had it
    private final int shift;

    private MessageDecoder(byte[] buf, int from, int to, int shift) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
        this.shift = shift;
    }

    public static Message decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes {@code bytes[from, to)}, which must hold exactly one message; {@code bytes} may change later. */
    public static Message decode(byte[] bytes, int from, int to) {
        checkRange(bytes, from, to);
        return new MessageDecoder(Arrays.copyOfRange(bytes, from, to), 0, to - from, from).decode();
    }

    /**
     * As {@link #decode(byte[], int, int)}, without copying: the message's values are read from
     * {@code bytes} from now on, so the caller hands it over and never changes it again.
     */
    public static Message decodeOwned(byte[] bytes, int from, int to) {
        checkRange(bytes, from, to);
        return new MessageDecoder(bytes, from, to, 0).decode();
    }

    private static void checkRange(byte[] bytes, int from, int to) {
        if (from < 0 || to > bytes.length || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + bytes.length);
        }
    }

    private Message decode() {
        Scratch scratch = Scratch.take(end - pos);
        try {
            return decode(scratch);
        } finally {
            scratch.release();
        }
    }

    private Message decode(Scratch scratch) {
        int section = scratch.newSection(); // the tag of the section entries go into, for the duplicate check
        int depth = 0;
        String listName = null;
        // Where the open list's items start on the scratch stack, or -1 outside a list: lists cannot nest
        int listBase = -1;

        while (pos < end) {
            int at = pos;
            int type = buf[pos++] & 0xFF;
            switch (type) {
                case ElementType.SECTION_START_CODE -> {
                    if (listBase >= 0) {
                        throw failure(Malformation.SECTION_IN_LIST, at, "SECTION_START inside list '" + Names.printable(listName) + "'");
                    }
                    String name = readName(at, "SECTION_START");
                    checkUnique(scratch, section, name, at);
                    if (depth == MAX_DEPTH) {
                        throw failure(Malformation.NESTING_TOO_DEEP, at,
                                "section '" + Names.printable(name) + "' nests deeper than " + MAX_DEPTH + " levels");
                    }
                    scratch.open(depth++, name, section);
                    section = scratch.newSection();
                }
                case ElementType.SECTION_END_CODE -> {
                    if (listBase >= 0) {
                        throw failure(Malformation.SECTION_IN_LIST, at, "SECTION_END inside list '" + Names.printable(listName) + "'");
                    }
                    if (depth == 0) {
                        throw failure(Malformation.UNBALANCED_SECTIONS, at, "SECTION_END without an open section");
                    }
                    section = scratch.close(--depth);
                }
                case ElementType.KEY_VALUE_CODE -> {
                    if (listBase >= 0) {
                        throw failure(Malformation.KEY_VALUE_IN_LIST, at, "KEY_VALUE inside list '" + Names.printable(listName) + "'");
                    }
                    String name = readName(at, "KEY_VALUE");
                    Value value;
                    try {
                        value = readValue(at, "KEY_VALUE");
                    } catch (ViciProtocolException e) {
                        checkUnique(scratch, section, name, at); // a duplicate key is reported first, as for the other elements
                        throw e;
                    }
                    checkUnique(scratch, section, name, at);
                    scratch.add(name, value);
                }
                case ElementType.LIST_START_CODE -> {
                    if (listBase >= 0) {
                        throw failure(Malformation.NESTED_LIST, at, "LIST_START inside list '" + Names.printable(listName) + "'");
                    }
                    listName = readName(at, "LIST_START");
                    checkUnique(scratch, section, listName, at);
                    listBase = scratch.top();
                }
                case ElementType.LIST_ITEM_CODE -> {
                    if (listBase < 0) {
                        throw failure(Malformation.LIST_ITEM_OUTSIDE_LIST, at, "LIST_ITEM outside a list");
                    }
                    scratch.add(null, readValue(at, "LIST_ITEM"));
                }
                case ElementType.LIST_END_CODE -> {
                    if (listBase < 0) {
                        throw failure(Malformation.LIST_ITEM_OUTSIDE_LIST, at, "LIST_END outside a list");
                    }
                    scratch.add(listName, new ValueList(scratch.items(listBase)));
                    listName = null;
                    listBase = -1;
                }
                default -> throw failure(Malformation.UNKNOWN_ELEMENT_TYPE, at, "unknown element type " + type);
            }
        }
        if (listBase >= 0) {
            throw failure(Malformation.UNCLOSED_LIST, end, "message ends inside list '" + Names.printable(listName) + "'");
        }
        if (depth > 0) {
            throw failure(Malformation.UNBALANCED_SECTIONS, end,
                    "message ends with " + depth + " section(s) open, innermost '" + Names.printable(scratch.openName(depth - 1)) + "'");
        }
        return scratch.message(0);
    }

    private String readName(int at, String element) {
        if (pos >= end) {
            throw failure(Malformation.TRUNCATED_ELEMENT, at, element + " ends before its name length");
        }
        int length = buf[pos++] & 0xFF;
        if (length > end - pos) {
            throw failure(Malformation.TRUNCATED_ELEMENT, at,
                    element + " name of " + length + " bytes runs past the end of the message (" + (end - pos) + " left)");
        }
        String name = decodeName(buf, pos, length, at + shift);
        pos += length;
        return name;
    }

    private Value readValue(int at, String element) {
        if (end - pos < 2) {
            throw failure(Malformation.TRUNCATED_ELEMENT, at, element + " ends before its value length");
        }
        int length = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        if (length > end - pos) {
            throw failure(Malformation.TRUNCATED_ELEMENT, at,
                    element + " value of " + length + " bytes runs past the end of the message (" + (end - pos) + " left)");
        }
        Value value = Value.slice(buf, pos, length);
        pos += length;
        return value;
    }

    private ViciProtocolException failure(Malformation malformation, int at, String detail) {
        return error(malformation, at + shift, detail);
    }

    /** Records {@code name} as a key of {@code section}, unless it is one already. */
    private void checkUnique(Scratch scratch, int section, String name, int at) {
        if (!scratch.firstInSection(section, name)) {
            throw failure(Malformation.DUPLICATE_KEY, at, "duplicate key '" + Names.printable(name) + "' in one section");
        }
    }

    /**
     * Names are ASCII in practice; anything else must at least be UTF-8. ASCII names come from a
     * small shared cache: charon's vocabulary is small ("uniqueid", "state", "bytes-in", ...) and
     * repeats in every event, so a {@code list-sas} of 100,000 SAs would otherwise allocate (and a
     * held snapshot retain) millions of copies of the same few dozen strings.
     */
    static String decodeName(byte[] buf, int from, int length, int at) {
        if (length > NameCache.MAX_LENGTH) {
            return isAscii(buf, from, length)
                    ? new String(buf, from, length, StandardCharsets.ISO_8859_1)
                    : decodeUtf8Name(buf, from, length, at);
        }
        long hash = NameCache.hash(buf, from, length);
        return hash == NameCache.NOT_ASCII ? decodeUtf8Name(buf, from, length, at) : NameCache.get(buf, from, length, hash);
    }

    private static boolean isAscii(byte[] buf, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (buf[i] < 0) {
                return false;
            }
        }
        return true;
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
     * parts of its hash): charon's vocabulary is small, but two of its names that share a slot would
     * otherwise evict each other in every event, each time a new String whose hash is computed again by
     * every map it goes into. A miss takes the first slot if it is empty, else replaces the second, so
     * hostile input can only make it miss, never grow. Slots are read and written without locks: an
     * entry is immutable and safely published through its final fields, so a racing reader sees either
     * the old entry or the new one, whole.
     */
    static final class NameCache {

        static final int SLOTS = 1024;
        /** Longer names (none of charon's) are decoded as they are, not cached. */
        static final int MAX_LENGTH = 40;
        static final long NOT_ASCII = 0;
        private static final long MIX = 0x9E3779B97F4A7C15L;
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

        private static final Entry[] ENTRIES = new Entry[SLOTS];

        /** A name with its bytes, compared in place of its chars: no per-char decoding of the String's. */
        private record Entry(String name, byte[] ascii, long hash) {
        }

        private NameCache() {
        }

        /**
         * The hash of {@code buf[from, from + length)}, or {@link #NOT_ASCII} if a byte is not ASCII (or, once in
         * 2^64, for an ASCII name: it is then decoded as UTF-8, which it also is, and not cached). One pass,
         * eight bytes at a time: each name is read twice (hashed, then compared), and names are a third of a decode.
         */
        static long hash(byte[] buf, int from, int length) {
            long hash = length + 1L; // so that not even the empty name hashes to NOT_ASCII
            long bits = 0;
            int i = from;
            for (int last = from + length - Long.BYTES; i <= last; i += Long.BYTES) {
                long word = (long) LONGS.get(buf, i);
                bits |= word;
                hash = (hash ^ word) * MIX;
            }
            long tail = 0;
            for (; i < from + length; i++) {
                tail = tail << 8 | (buf[i] & 0xFF);
            }
            if (((bits | tail) & 0x8080808080808080L) != 0) {
                return NOT_ASCII;
            }
            hash = (hash ^ tail) * MIX;
            return hash ^ hash >>> 29;
        }

        /** The name of ASCII {@code buf[from, from + length)}, whose {@link #hash} is {@code hash}. */
        static String get(byte[] buf, int from, int length, long hash) {
            int slot = slot(hash);
            Entry cached = ENTRIES[slot];
            if (cached != null && cached.hash == hash && same(cached, buf, from, length)) {
                return cached.name;
            }
            int second = secondSlot(hash);
            Entry other = ENTRIES[second];
            if (other != null && other.hash == hash && same(other, buf, from, length)) {
                return other.name;
            }
            byte[] ascii = Arrays.copyOfRange(buf, from, from + length);
            String name = new String(ascii, StandardCharsets.ISO_8859_1);
            ENTRIES[cached == null ? slot : second] = new Entry(name, ascii, hash);
            return name;
        }

        static int slot(long hash) {
            return (int) hash & (SLOTS - 1);
        }

        /** The hash's top bits: independent of {@link #slot}'s low bits. */
        static int secondSlot(long hash) {
            return (int) (hash >>> (Long.SIZE - Integer.numberOfTrailingZeros(SLOTS)));
        }

        private static boolean same(Entry entry, byte[] buf, int from, int length) {
            return Arrays.equals(entry.ascii, 0, entry.ascii.length, buf, from, from + length);
        }
    }

    /**
     * A thread's working space, reused from one decode to the next: the entries of the sections still
     * open, stacked, and a hash table of their keys for the duplicate check. A slot of the table belongs
     * to the section whose tag it holds; tags only grow, so a decode's first tag makes every slot of
     * earlier decodes free without clearing the table.
     */
    private static final class Scratch {

        private static final ThreadLocal<Scratch> OF_THREAD = ThreadLocal.withInitial(Scratch::new);
        /** Larger arrays (a hostile or huge message's) are not kept for the thread's next decode. */
        private static final int MAX_KEPT = 4096;

        private String[] keys = new String[64];
        private Node[] nodes = new Node[64];
        // Slots from top up are always null: a section's entries are cleared as it is copied out.
        private int top;
        private final int[] openBases = new int[MAX_DEPTH];
        private final String[] openNames = new String[MAX_DEPTH];
        private final int[] openTags = new int[MAX_DEPTH];

        private int[] slotTags = new int[128];
        private String[] slotNames = new String[128];
        private int slotsUsed;
        private int firstTag;
        private int lastTag;
        private boolean inUse;

        /** The thread's scratch, for a message of {@code length} bytes (which cannot open more sections than that). */
        static Scratch take(int length) {
            Scratch scratch = OF_THREAD.get();
            if (scratch.inUse) {
                scratch = new Scratch(); // not expected: nothing a decode calls decodes
            }
            scratch.inUse = true;
            if (scratch.lastTag > Integer.MAX_VALUE - length - 1) {
                Arrays.fill(scratch.slotTags, 0);
                scratch.lastTag = 0;
            }
            scratch.firstTag = scratch.lastTag + 1;
            scratch.top = 0;
            scratch.slotsUsed = 0;
            return scratch;
        }

        /** Drops every reference to the message decoded (left below top by a failed decode), and arrays grown too large to keep. */
        void release() {
            Arrays.fill(nodes, 0, top, null);
            Arrays.fill(keys, 0, top, null);
            Arrays.fill(openNames, null);
            inUse = false;
            if (keys.length > MAX_KEPT || slotTags.length > 2 * MAX_KEPT) {
                OF_THREAD.remove();
            }
        }

        /** A tag for a new section; no slot holds it yet. */
        int newSection() {
            return ++lastTag; // take() left room for one tag per byte
        }

        void add(String key, Node node) {
            if (top == keys.length) {
                keys = Arrays.copyOf(keys, 2 * top);
                nodes = Arrays.copyOf(nodes, 2 * top);
            }
            keys[top] = key;
            nodes[top++] = node;
        }

        void open(int depth, String name, int parentTag) {
            openBases[depth] = top;
            openNames[depth] = name;
            openTags[depth] = parentTag;
        }

        String openName(int depth) {
            return openNames[depth];
        }

        /** Closes the section opened at {@code depth} into its parent; returns the parent's tag. */
        int close(int depth) {
            Message section = message(openBases[depth]);
            add(openNames[depth], section);
            openNames[depth] = null;
            return openTags[depth];
        }

        int top() {
            return top;
        }

        /**
         * The list items from {@code base} to the top, as an immutable list that {@link ValueList} keeps as it
         * is; they leave the stack. Lists hold one or two items in nearly every event, and those need no array.
         */
        List<Value> items(int base) {
            int count = top - base;
            List<Value> items = switch (count) {
                case 0 -> List.of();
                case 1 -> List.of((Value) nodes[base]);
                case 2 -> List.of((Value) nodes[base], (Value) nodes[base + 1]);
                default -> List.of(Arrays.copyOfRange(nodes, base, top, Value[].class));
            };
            Arrays.fill(nodes, base, top, null);
            top = base;
            return items;
        }

        /** The entries from {@code base} to the top, as a message; they leave the stack, which ends at base. */
        Message message(int base) {
            if (base == top) {
                return Message.EMPTY;
            }
            Message message = new Message(Arrays.copyOfRange(keys, base, top), Arrays.copyOfRange(nodes, base, top));
            Arrays.fill(keys, base, top, null);
            Arrays.fill(nodes, base, top, null);
            top = base;
            return message;
        }

        /** Records {@code name} in {@code section}; false if it is there already. */
        boolean firstInSection(int section, String name) {
            if (2 * (slotsUsed + 1) > slotTags.length) {
                grow();
            }
            int mask = slotTags.length - 1;
            int hash = name.hashCode() ^ (section * 0x9E3779B9);
            for (int slot = (hash ^ (hash >>> 16)) & mask; ; slot = (slot + 1) & mask) {
                int tag = slotTags[slot];
                if (tag < firstTag) {
                    slotTags[slot] = section;
                    slotNames[slot] = name;
                    slotsUsed++;
                    return true;
                }
                if (tag == section && (slotNames[slot] == name || slotNames[slot].equals(name))) {
                    return false;
                }
            }
        }

        private void grow() {
            int[] oldTags = slotTags;
            String[] oldNames = slotNames;
            slotTags = new int[2 * oldTags.length];
            slotNames = new String[2 * oldTags.length];
            slotsUsed = 0;
            for (int i = 0; i < oldTags.length; i++) {
                if (oldTags[i] >= firstTag) {
                    firstInSection(oldTags[i], oldNames[i]);
                }
            }
        }
    }

    static ViciProtocolException error(Malformation malformation, int at, String detail) {
        return new ViciProtocolException(malformation, "malformed VICI message at byte " + at + ": " + detail);
    }
}
