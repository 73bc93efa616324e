package io.github.kafkaconnectvici.vici.codec;

import io.github.kafkaconnectvici.vici.ViciException;

/**
 * A value that is present but cannot be read as the type asked for (a number that is not one, a
 * section read as text). Absent keys never raise this: typed accessors return empty for them.
 */
public class ViciValueException extends ViciException {

    public ViciValueException(String message) {
        super(message);
    }
}
