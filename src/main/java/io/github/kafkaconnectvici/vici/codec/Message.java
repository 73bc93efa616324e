package io.github.kafkaconnectvici.vici.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    public static final Message EMPTY = new Message(Collections.emptyMap());

    private final Map<String, Node> entries;

    /** Wraps a map the caller hands over and never touches again. */
    Message(Map<String, Node> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.entries.putAll(entries);
        return b;
    }

    /** Every entry, in message order. */
    public Map<String, Node> entries() {
        return entries;
    }

    /**
     * Every entry, in message order, without the entry objects that a walk of {@link #entries()} creates
     * (one per entry, to keep the map read-only): the way to visit a large section on a hot path.
     */
    public void forEach(BiConsumer<? super String, ? super Node> action) {
        entries.forEach(action);
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    public Optional<Node> node(String key) {
        return Optional.ofNullable(entries.get(key));
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
        Node node = entries.get(key);
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
        return o instanceof Message m && entries.equals(m.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** The structure with value sizes only: values may be secrets and must not reach a log. */
    @Override
    public String toString() {
        return entries.toString();
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
            return entries.isEmpty() ? EMPTY : new Message(new LinkedHashMap<>(entries));
        }
    }
}
