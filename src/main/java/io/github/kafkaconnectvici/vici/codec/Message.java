package io.github.kafkaconnectvici.vici.codec;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A VICI message: an ordered tree of key/values, lists and sections. A section is itself a message
 * (its content is encoded exactly like one), so sub-sections are {@code Message}s too.
 *
 * <p>Order is kept: charon's trees are order-sensitive in places (authentication rounds), and it
 * makes re-encoding byte-exact. Instances are immutable.
 *
 * <p>The typed accessors treat an absent key as absent (an empty optional), since almost every
 * field is optional across strongSwan and IKE versions. A key that is present but of another kind,
 * or a value that does not parse, raises {@link ViciValueException} naming the key, never the value.
 */
public final class Message implements Node {

    public static final Message EMPTY = new Message(new String[0], new Node[0]);

    /** Sections with more keys than this find a key through a hash index, built on first use. */
    private static final int LINEAR_LOOKUP = 8;

    // Parallel arrays in message order, not a map: the decoder makes one message per section of every
    // event, and a map's nodes and table were a third of the event reader's work.
    private final String[] keys;
    private final Node[] nodes;
    private Index index; // racy single check: an Index is immutable, so any thread may build its own

    /** Takes arrays of unique keys that the caller hands over and never touches again. */
    Message(String[] keys, Node[] nodes) {
        this.keys = keys;
        this.nodes = nodes;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.entries.putAll(entries());
        return b;
    }

    /** Every entry, in message order, as a read-only map. */
    public Map<String, Node> entries() {
        return new Entries();
    }

    /**
     * Every entry, in message order, without the entry objects that a walk of {@link #entries()} creates
     * (one per entry, to keep the map read-only): the way to visit a large section on a hot path.
     */
    public void forEach(BiConsumer<? super String, ? super Node> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], nodes[i]);
        }
    }

    public Set<String> keys() {
        return entries().keySet();
    }

    public boolean contains(String key) {
        return indexOf(key) >= 0;
    }

    public boolean isEmpty() {
        return keys.length == 0;
    }

    public int size() {
        return keys.length;
    }

    public Optional<Node> node(String key) {
        return Optional.ofNullable(get(key));
    }

    private Node get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : nodes[i];
    }

    private int indexOf(Object key) {
        if (!(key instanceof String name)) {
            return -1;
        }
        if (keys.length <= LINEAR_LOOKUP) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == name || keys[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }
        Index built = index;
        if (built == null) {
            built = new Index(keys);
            index = built;
        }
        return built.indexOf(keys, name);
    }

    /** Open addressing over the positions of the keys, at most half full. */
    private record Index(int[] slots) {

        Index(String[] keys) {
            this(new int[Integer.highestOneBit(keys.length * 2 - 1) << 1]);
            int mask = slots.length - 1;
            for (int i = 0; i < keys.length; i++) {
                int slot = keys[i].hashCode() & mask;
                while (slots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = i + 1; // 0 marks an empty slot
            }
        }

        int indexOf(String[] keys, String name) {
            int mask = slots.length - 1;
            for (int slot = name.hashCode() & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
                String key = keys[slots[slot] - 1];
                if (key == name || key.equals(name)) {
                    return slots[slot] - 1;
                }
            }
            return -1;
        }
    }

    public Optional<Value> value(String key) {
        return typed(key, Value.class, "a value");
    }

    public Optional<String> text(String key) {
        return value(key).map(Value::text);
    }

    public Optional<byte[]> bytes(String key) {
        return value(key).map(Value::bytes);
    }

    /** A decimal integer; charon prints 64-bit counters and negative times this way. */
    public OptionalLong number(String key) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text.get()));
        } catch (NumberFormatException e) {
            throw new ViciValueException("value of '" + Names.printable(key) + "' is not a decimal integer ("
                    + text.get().length() + " characters)");
        }
    }

    /**
     * A boolean, read the way charon's own settings parser reads one: yes/true/enabled/1 or
     * no/false/disabled/0, ignoring case.
     */
    public Optional<Boolean> flag(String key) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "enabled", "1" -> Optional.of(Boolean.TRUE);
            case "no", "false", "disabled", "0" -> Optional.of(Boolean.FALSE);
            default -> throw new ViciValueException("value of '" + Names.printable(key) + "' is not yes or no");
        };
    }

    /** A list's items as text. */
    public Optional<List<String>> list(String key) {
        return typed(key, ValueList.class, "a list").map(ValueList::texts);
    }

    public Optional<ValueList> valueList(String key) {
        return typed(key, ValueList.class, "a list");
    }

    public Optional<Message> section(String key) {
        return typed(key, Message.class, "a section");
    }

    private <T extends Node> Optional<T> typed(String key, Class<T> type, String what) {
        Node node = get(key);
        if (node == null) {
            return Optional.empty();
        }
        if (!type.isInstance(node)) {
            throw new ViciValueException("'" + Names.printable(key) + "' is " + kindOf(node) + ", not " + what);
        }
        return Optional.of(type.cast(node));
    }

    private static String kindOf(Node node) {
        if (node instanceof Value) {
            return "a value";
        }
        return node instanceof ValueList ? "a list" : "a section";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && entries().equals(m.entries());
    }

    @Override
    public int hashCode() {
        return entries().hashCode();
    }

    /** The structure with value sizes only: values may be secrets and must not reach a log. */
    @Override
    public String toString() {
        return entries().toString();
    }

    /** The read-only map view of the arrays. */
    private final class Entries extends AbstractMap<String, Node> {

        @Override
        public int size() {
            return keys.length;
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public Node get(Object key) {
            return Message.this.get(key);
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Node> action) {
            Message.this.forEach(action);
        }

        @Override
        public Set<Map.Entry<String, Node>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return keys.length;
                }

                @Override
                public Iterator<Map.Entry<String, Node>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < keys.length;
                        }

                        @Override
                        public Map.Entry<String, Node> next() {
                            if (next >= keys.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return Map.entry(keys[i], nodes[i]);
                        }
                    };
                }
            };
        }
    }

    /**
     * Builds a message in order. Names must be printable ASCII of at most 255 bytes, unique within
     * their section; values at most 65535 bytes. Every rule is checked as the entry is added.
     */
    public static final class Builder {

        private final LinkedHashMap<String, Node> entries = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder put(String key, String value) {
            return put(key, Value.of(value));
        }

        public Builder put(String key, byte[] value) {
            return put(key, Value.of(value));
        }

        public Builder put(String key, long value) {
            return put(key, Long.toString(value));
        }

        /** As charon writes booleans: yes or no. */
        public Builder put(String key, boolean value) {
            return put(key, value ? "yes" : "no");
        }

        public Builder put(String key, Node node) {
            Objects.requireNonNull(node, "node");
            Names.checkedForSending(key, "key");
            if (entries.putIfAbsent(key, node) != null) {
                throw new ViciProtocolException(Malformation.DUPLICATE_KEY,
                        "key '" + Names.printable(key) + "' is already in this section");
            }
            return this;
        }

        public Builder list(String key, List<String> items) {
            List<Value> values = new ArrayList<>(items.size());
            for (String item : items) {
                values.add(Value.of(item));
            }
            return put(key, new ValueList(values));
        }

        public Builder list(String key, String... items) {
            return list(key, List.of(items));
        }

        public Builder section(String key, Message section) {
            return put(key, section);
        }

        public Builder section(String key, Consumer<Builder> content) {
            Builder nested = new Builder();
            content.accept(nested);
            return put(key, nested.build());
        }

        public Message build() {
            return entries.isEmpty() ? EMPTY
                    : new Message(entries.keySet().toArray(new String[0]), entries.values().toArray(new Node[0]));
        }
    }
}
