package io.github.kafkaconnectvici.connect.sink.records;

/**
 * A command the sink will not send to charon although it could read it: a key or value beyond what
 * the operator allowed, or a number out of its bounds. Always an outcome (a failure result, and the
 * errant record reporter when Connect offers one), never a task failure.
 */
public class CommandRefusedException extends BadRecordException {

    public CommandRefusedException(String reason) {
        super(reason);
    }
}
