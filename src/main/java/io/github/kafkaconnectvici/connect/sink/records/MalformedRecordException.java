package io.github.kafkaconnectvici.connect.sink.records;

/**
 * A record the sink cannot interpret at all: its value or a header has a shape no command takes.
 * Unlike a refused command (disallowed, refused key, out-of-range value, charon's own refusal),
 * which is an outcome, a malformed record follows {@code errors.tolerance} as Connect defines it:
 * reported with {@code all}, a failed task with {@code none}.
 */
public class MalformedRecordException extends BadRecordException {

    public MalformedRecordException(String reason) {
        super(reason);
    }
}
