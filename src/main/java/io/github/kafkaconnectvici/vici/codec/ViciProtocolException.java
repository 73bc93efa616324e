package io.github.kafkaconnectvici.vici.codec;

import io.github.kafkaconnectvici.vici.ViciException;

/**
 * Bytes that are not valid VICI, or a tree that cannot be encoded as VICI. {@link #malformation()}
 * says which rule was broken; the message says where.
 */
public class ViciProtocolException extends ViciException {

    private final Malformation malformation;

    public ViciProtocolException(Malformation malformation, String message) {
        super(message);
        this.malformation = malformation;
    }

    public Malformation malformation() {
        return malformation;
    }
}
