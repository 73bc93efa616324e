package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.vici.codec.Message;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.Optional;

/** Turns a record into a {@link CommandRequest}, or throws {@link BadRecordException} saying why not. */
public final class RecordInterpreter {

    private final CommandResolver commands;
    private final GatewayResolver gateways;
    private final KeyPolicy keys;
    private final CommandBounds bounds;

    /** With the default policy: no refused key allowed, charon's control log level, the default timeout cap. */
    public RecordInterpreter(CommandResolver commands, GatewayResolver gateways) {
        this(commands, gateways, new KeyPolicy(java.util.List.of()),
                new CommandBounds(CommandBounds.DEFAULT_MAX_LOG_LEVEL, CommandBounds.DEFAULT_MAX_TIMEOUT_MS));
    }

    public RecordInterpreter(CommandResolver commands, GatewayResolver gateways, KeyPolicy keys, CommandBounds bounds) {
        this.commands = commands;
        this.gateways = gateways;
        this.keys = keys;
        this.bounds = bounds;
    }

    /** The request to run, or why not: malformed (cannot be read) or refused (must not run); nothing is sent then. */
    public CommandRequest interpret(SinkRecord record) {
        SinkCommand command = commands.resolve(record);
        String gateway = gateways.resolve(record);
        Object value = command.namedSection() ? SectionShape.unwrap(record.value()) : record.value();
        Message message = new RecordConverter(command.keyStyle()).toMessage(value);
        keys.check(command, message);
        bounds.check(command, message);
        return new CommandRequest(record, requestId(record), gateway, command, bounds.withDefaultLogLevel(command, message));
    }

    /** The {@code vici.request.id} header, else topic-partition-offset, which is unique per record too. */
    public static String requestId(SinkRecord record) {
        Optional<String> header;
        try {
            header = Headers.text(record, Headers.REQUEST_ID);
        } catch (BadRecordException e) {
            header = Optional.empty();
        }
        return header.orElseGet(() -> record.topic() + "-" + record.kafkaPartition() + "-" + record.kafkaOffset());
    }

    /** For a bad record's failure result: the command it asked for, allowed or not, if it named one. */
    public Optional<String> requestedCommand(SinkRecord record) {
        try {
            return commands.requested(record).map(Headers::printable);
        } catch (BadRecordException e) {
            return Optional.empty();
        }
    }

    public Optional<String> gatewayOf(SinkRecord record) {
        try {
            return Optional.of(gateways.resolve(record));
        } catch (BadRecordException e) {
            return Optional.empty();
        }
    }
}
