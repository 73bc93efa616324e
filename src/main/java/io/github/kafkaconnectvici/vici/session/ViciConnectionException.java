package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.ViciException;

/** charon could not be reached, or the connection to it broke. The connection is gone. */
public class ViciConnectionException extends ViciException {

    public ViciConnectionException(String message, Throwable cause) {
        super(message, cause);
    }

    public ViciConnectionException(String message) {
        super(message);
    }
}
