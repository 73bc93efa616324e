package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Node;
import io.github.kafkaconnectvici.vici.codec.UniqueIds;
import io.github.kafkaconnectvici.vici.codec.Value;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The numbers of a record that the sink itself acts on or that charon reads without a range check:
 * {@code timeout} (charon waits that long, 0 meaning for ever), {@code loglevel} (above charon's
 * control level it streams key material) and the unique ids. Out of range is a refused command,
 * checked before anything is sent. swanctl-section commands (load-conn, ...) are range-checked by
 * charon itself, which answers with an error.
 */
public final class CommandBounds {

    /** charon's log levels: -1 (silent) to 4 (private: key material). */
    public static final int MIN_LOG_LEVEL = -1;
    public static final int MAX_LOG_LEVEL = 4;
    /** charon's control level: what swanctl --initiate shows; key material starts at level 3. */
    public static final int DEFAULT_MAX_LOG_LEVEL = 1;
    public static final long DEFAULT_MAX_TIMEOUT_MS = 600_000L;
    private static final Set<String> ID_KEYS = Set.of("ike-id", "child-id");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

    private final int maxLogLevel;
    private final long maxTimeoutMs;

    public CommandBounds(int maxLogLevel, long maxTimeoutMs) {
        this.maxLogLevel = maxLogLevel;
        this.maxTimeoutMs = maxTimeoutMs;
    }

    public void check(SinkCommand command, Message message) {
        if (command.keyStyle() == SinkCommand.KeyStyle.SWANCTL) {
            return;
        }
        for (String key : ID_KEYS) {
            if (message.contains(key)) {
                long id = integer(command, message, key);
                if (!UniqueIds.isValid(id)) {
                    throw refused(command, key, "must be a unique id from " + UniqueIds.MIN + " to " + UniqueIds.MAX);
                }
            }
        }
        if (command.streamsControlLog()) {
            checkTimeout(command, message);
            checkLogLevel(command, message);
        }
    }

    private void checkTimeout(SinkCommand command, Message message) {
        if (!message.contains("timeout")) {
            return;
        }
        long timeout = integer(command, message, "timeout");
        if (timeout == 0) {
            throw refused(command, "timeout", "is 0, which makes charon wait without end; give 1 to "
                    + maxTimeoutMs + " ms, or -1 not to wait");
        }
        if (timeout < -1 || timeout > maxTimeoutMs) {
            throw refused(command, "timeout", "must be -1 (do not wait) or 1 to " + maxTimeoutMs + " ms ("
                    + SinkSettingNames.RECORD_TIMEOUT_MAX + ")");
        }
    }

    private void checkLogLevel(SinkCommand command, Message message) {
        if (!message.contains("loglevel")) {
            return;
        }
        long level = integer(command, message, "loglevel");
        if (level < MIN_LOG_LEVEL || level > MAX_LOG_LEVEL) {
            throw refused(command, "loglevel", "must be a charon log level from " + MIN_LOG_LEVEL + " to " + MAX_LOG_LEVEL);
        }
        if (level > maxLogLevel) {
            throw refused(command, "loglevel", "is " + level + ", above the " + maxLogLevel + " this connector allows ("
                    + SinkSettingNames.CONTROL_LOG_LEVEL_MAX + "): at levels 3 and 4 charon logs keys and secrets");
        }
    }

    /** The level to send when the record gives none, so a cap below charon's default 1 holds too. */
    public Message withDefaultLogLevel(SinkCommand command, Message message) {
        if (!command.streamsControlLog() || message.contains("loglevel") || maxLogLevel >= 1) {
            return message;
        }
        return message.toBuilder().put("loglevel", maxLogLevel).build();
    }

    private static long integer(SinkCommand command, Message message, String key) {
        Node node = message.node(key).orElseThrow();
        if (!(node instanceof Value value)) {
            throw refused(command, key, "must be a single number, not a section or a list");
        }
        String text = value.text().trim();
        if (!INTEGER.matcher(text).matches()) {
            throw refused(command, key, "is not a decimal integer (" + text.length() + " characters)");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw refused(command, key, "is out of range (" + text.length() + " digits)");
        }
    }

    private static CommandRefusedException refused(SinkCommand command, String key, String why) {
        return new CommandRefusedException("'" + key + "' of " + command + " " + why);
    }
}
