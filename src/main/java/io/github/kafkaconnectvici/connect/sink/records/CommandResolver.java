package io.github.kafkaconnectvici.connect.sink.records;

import org.apache.kafka.connect.sink.SinkRecord;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which command a record asks for: the {@code vici.command} header, else the topic name after
 * {@code command.topic.prefix}. Unknown and disallowed commands are bad records.
 */
public final class CommandResolver {

    private final String topicPrefix;
    private final Set<SinkCommand> allowed;

    public CommandResolver(String topicPrefix, Set<SinkCommand> allowed) {
        this.topicPrefix = topicPrefix;
        this.allowed = allowed.isEmpty() ? EnumSet.noneOf(SinkCommand.class) : EnumSet.copyOf(allowed);
    }

    public SinkCommand resolve(SinkRecord record) {
        String name = Headers.text(record, Headers.COMMAND).orElseGet(() -> fromTopic(record.topic()));
        SinkCommand command = SinkCommand.byName(name).orElseThrow(() -> new BadRecordException(
                "unknown command '" + Headers.printable(name) + "'; the sink executes " + String.join(", ", SinkCommand.wireNames())));
        if (!allowed.contains(command)) {
            throw new BadRecordException("command '" + command + "' is not allowed on this connector;"
                    + " add it to " + SinkSettingNames.COMMANDS_ALLOWED + " to enable it");
        }
        return command;
    }

    /** The name the record asks for, before any check; empty if neither header nor topic names one. */
    public Optional<String> requested(SinkRecord record) {
        Optional<String> header = Headers.text(record, Headers.COMMAND);
        if (header.isPresent()) {
            return header;
        }
        String topic = record.topic();
        return topic.startsWith(topicPrefix) && topic.length() > topicPrefix.length()
                ? Optional.of(topic.substring(topicPrefix.length())) : Optional.empty();
    }

    private String fromTopic(String topic) {
        if (!topic.startsWith(topicPrefix) || topic.length() == topicPrefix.length()) {
            throw new BadRecordException("no '" + Headers.COMMAND + "' header, and topic '" + topic
                    + "' is not named " + topicPrefix + "<command>");
        }
        return topic.substring(topicPrefix.length());
    }

}
