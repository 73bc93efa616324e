package io.github.kafkaconnectvici.connect.sink.records;

import java.util.Locale;

/**
 * One classified request key: {@code key} of {@code command}, at any depth of its message.
 * Its id, {@code <command>:<key>}, is what an operator names in {@code vici.keys.allowed}.
 */
public record KeyRule(SinkCommand command, String key, KeyRisk risk, String why) {

    public String id() {
        return command.wireName() + ":" + key;
    }

    /** charon compares keys exactly; matching loosely as well means no spelling slips past the policy. */
    boolean matches(String viciKey) {
        return normalise(viciKey).equals(normalise(key));
    }

    private static String normalise(String key) {
        return key.toLowerCase(Locale.ROOT).replace('-', '_');
    }
}
