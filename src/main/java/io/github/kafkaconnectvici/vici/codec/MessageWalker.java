package io.github.kafkaconnectvici.vici.codec;

import java.util.List;
import java.util.Map;

/**
 * Flattens a message tree to paths: depth first, in the message's order, each value handed to a {@link Visitor}
 * under its path. A section's keys are joined to its path by {@code separator}; list items are
 * {@code key[i]}. What a value becomes (text, base64, redacted), and whether empty lists and sections leave a
 * mark, is the visitor's: the sink's result replies and the source's {@code other} maps share this walk.
 */
public final class MessageWalker {

    /** What a walk reports. Only {@link #value} is required. */
    public interface Visitor {

        /** A value, or a list item, at {@code path}; {@code key} is its own key (for an item, its list's). */
        void value(String path, String key, Value value);

        /** An empty list at {@code path}. */
        default void emptyList(String path) {
        }

        /** An empty section at {@code path} (that was descended into). */
        default void emptySection(String path) {
        }

        /** Whether to walk into the section {@code key} at {@code path}; if not, {@link #notDescended} is told. */
        default boolean descend(String path, String key) {
            return true;
        }

        default void notDescended(String path, Message section) {
        }
    }

    private MessageWalker() {
    }

    /** Every entry of {@code section}, each at {@code prefix} + its key. */
    public static void walk(Message section, String prefix, String separator, Visitor visitor) {
        for (Map.Entry<String, Node> entry : section.entries().entrySet()) {
            walk(prefix + entry.getKey(), entry.getKey(), entry.getValue(), separator, visitor);
        }
    }

    /** {@code node}, whose key is {@code key}, at {@code path}. */
    public static void walk(String path, String key, Node node, String separator, Visitor visitor) {
        if (node instanceof Value value) {
            visitor.value(path, key, value);
        } else if (node instanceof ValueList list) {
            List<Value> items = list.items();
            if (items.isEmpty()) {
                visitor.emptyList(path);
            }
            for (int i = 0; i < items.size(); i++) {
                visitor.value(path + "[" + i + "]", key, items.get(i));
            }
        } else {
            Message section = (Message) node;
            if (!visitor.descend(path, key)) {
                visitor.notDescended(path, section);
                return;
            }
            if (section.isEmpty()) {
                visitor.emptySection(path);
            }
            walk(section, path + separator, separator, visitor);
        }
    }
}
