package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.ViciException;

/**
 * charon answered EVENT_UNKNOWN: it has no source for the event. Newer strongSwan releases add
 * events that older ones refuse this way, so this is a fact about the daemon, not a failure of
 * the connection.
 */
public class UnknownEventException extends ViciException {

    private final String event;

    public UnknownEventException(String event) {
        super("charon does not know the event '" + event + "' (EVENT_UNKNOWN)");
        this.event = event;
    }

    public String event() {
        return event;
    }
}
