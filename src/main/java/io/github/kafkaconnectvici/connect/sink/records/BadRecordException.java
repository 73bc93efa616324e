package io.github.kafkaconnectvici.connect.sink.records;

import org.apache.kafka.connect.errors.DataException;

/**
 * A record the sink cannot or must not execute: malformed, an unknown or disallowed command, an
 * unknown gateway, or a command charon rejected. It goes to the errant record reporter (and so the
 * DLQ) with this message as the reason, so the message names keys, types and commands but never a
 * value: values may be shared keys, private keys or PINs.
 */
public class BadRecordException extends DataException {

    public BadRecordException(String reason) {
        super(reason);
    }
}
