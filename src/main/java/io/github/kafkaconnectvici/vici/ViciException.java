package io.github.kafkaconnectvici.vici;

/**
 * Base of every error this VICI client raises. Unchecked: callers match the subclass they can act on.
 *
 * <p>Messages name commands, events and keys, never values: values may be secrets (PSKs, private
 * keys, PINs).
 */
public class ViciException extends RuntimeException {

    public ViciException(String message) {
        super(message);
    }

    public ViciException(String message, Throwable cause) {
        super(message, cause);
    }
}
