package io.github.kafkaconnectvici.connect.source.records;

import io.github.kafkaconnectvici.vici.codec.Value;

/**
 * Texts from charon's small vocabularies (SA states, IPsec modes and protocols, algorithm, key exchange and
 * task names) and from the operator's config names: the same few dozen words in every event of every SA,
 * so each is one shared String instead of a new String and byte array per record. A fixed table shared by
 * all threads, as the decoder's name cache: each word has two candidate slots, a miss takes the first if it
 * is empty and else replaces the second, so unusual input only makes it miss, never grow. Entries are
 * immutable and published through their final fields, so a racing reader sees an old or a new one, whole.
 */
final class Words {

    static final int SLOTS = 512;
    /** Longer values (no word of charon's) are read as they are, not kept. */
    static final int MAX_LENGTH = 32;

    private static final Entry[] ENTRIES = new Entry[SLOTS];

    /** A word's bytes (a Value of its own array) and its text. */
    private record Entry(Value bytes, String text) {
    }

    private Words() {
    }

    /** The value as text, exactly as {@link ViciText#utf8} reads it (null when not UTF-8), shared when it repeats. */
    static String text(Value value) {
        int length = value.length();
        if (length == 0 || length > MAX_LENGTH) {
            return ViciText.utf8(value);
        }
        int hash = sampledHash(value, length);
        int first = hash >>> (Integer.SIZE - Integer.numberOfTrailingZeros(SLOTS));
        Entry cached = ENTRIES[first];
        if (cached != null && cached.bytes.equals(value)) {
            return cached.text;
        }
        int second = (hash ^ hash >>> 16) & (SLOTS - 1);
        Entry other = ENTRIES[second];
        if (other != null && other.bytes.equals(value)) {
            return other.text;
        }
        String text = ViciText.utf8(value);
        if (text != null) {
            ENTRIES[cached == null ? first : second] = new Entry(Value.of(value.bytes()), text);
        }
        return text;
    }

    /**
     * A hash of the length and four of the bytes, not all of them: a full hash cost more than the String it
     * saves. Words that share it only take each other's second slot; the bytes are compared all the same.
     */
    private static int sampledHash(Value value, int length) {
        int hash = length;
        hash = 31 * hash + value.byteAt(0);
        hash = 31 * hash + value.byteAt(length / 3);
        hash = 31 * hash + value.byteAt(2 * length / 3);
        hash = 31 * hash + value.byteAt(length - 1);
        return hash * 0x9E3779B9;
    }
}
