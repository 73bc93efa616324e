package io.github.kafkaconnectvici.vici.codec;

import java.util.List;

/** A named list of unnamed values. Lists hold values only: they cannot nest or hold sections. */
public record ValueList(List<Value> items) implements Node {

    public ValueList {
        items = List.copyOf(items);
    }

    /** The items as UTF-8 text. */
    public List<String> texts() {
        return items.stream().map(Value::text).toList();
    }

    @Override
    public String toString() {
        return items.toString();
    }
}
