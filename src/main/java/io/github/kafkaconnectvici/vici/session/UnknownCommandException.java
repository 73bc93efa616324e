package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.ViciException;

/** charon answered CMD_UNKNOWN: it has no handler for the command (a typo, or an older charon). */
public class UnknownCommandException extends ViciException {

    private final String command;

    public UnknownCommandException(String command) {
        super("charon does not know the command '" + command + "' (CMD_UNKNOWN)");
        this.command = command;
    }

    public String command() {
        return command;
    }
}
