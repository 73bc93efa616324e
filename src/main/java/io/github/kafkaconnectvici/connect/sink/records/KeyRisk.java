package io.github.kafkaconnectvici.connect.sink.records;

/**
 * What a request key lets the record's writer make charon do beyond the command's plain purpose.
 * {@link #EXECUTES} and {@link #FILE} keys are refused unless the operator allows them by name;
 * {@link #SECRET} and {@link #NETWORK} keys come with the command (the command itself is opt-in, or
 * inherent to it) and are listed so an operator knows what allowing the command means.
 */
public enum KeyRisk {
    EXECUTES("makes charon run a program through a shell, as root", true),
    FILE("makes charon open a file, device or module on the gateway", true),
    SECRET("carries secret material (never echoed in results, logs or errors)", false),
    NETWORK("makes charon contact an address the record chooses", false);

    private final String meaning;
    private final boolean refusedByDefault;

    KeyRisk(String meaning, boolean refusedByDefault) {
        this.meaning = meaning;
        this.refusedByDefault = refusedByDefault;
    }

    public String meaning() {
        return meaning;
    }

    public boolean refusedByDefault() {
        return refusedByDefault;
    }
}
