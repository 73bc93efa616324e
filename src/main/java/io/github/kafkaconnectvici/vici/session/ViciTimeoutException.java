package io.github.kafkaconnectvici.vici.session;

/**
 * charon did not complete a reply within the client-side deadline. The connection it was using
 * has been discarded, so that a late reply can never be read as the answer to a later command.
 */
public class ViciTimeoutException extends ViciConnectionException {

    public ViciTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
