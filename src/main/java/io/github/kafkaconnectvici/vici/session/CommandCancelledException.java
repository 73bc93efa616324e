package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.ViciException;

/** The command was ended by its {@link Cancellation}; its connection was discarded, the rest of its stream unread. */
public class CommandCancelledException extends ViciException {

    public CommandCancelledException(String message, Throwable cause) {
        super(message, cause);
    }
}
