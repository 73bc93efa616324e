package io.github.kafkaconnectvici.vici.codec;

/** What a name maps to inside a section: a value, a list of values, or a sub-section. */
public sealed interface Node permits Value, ValueList, Message {
}
