package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.ViciException;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.util.Optional;

/**
 * charon ran the command and answered {@code success = no}. The connection is fine. The full
 * response stays available: some carry more than the error (terminate's {@code matches}).
 */
public class CommandFailedException extends ViciException {

    private final String command;
    private final Message response;

    public CommandFailedException(String command, Message response) {
        super("charon reports that '" + command + "' failed: "
                + response.text("errmsg").orElse("(no errmsg given)"));
        this.command = command;
        this.response = response;
    }

    public String command() {
        return command;
    }

    /** charon's errmsg, if it gave one. */
    public Optional<String> errmsg() {
        return response.text("errmsg");
    }

    public Message response() {
        return response;
    }
}
