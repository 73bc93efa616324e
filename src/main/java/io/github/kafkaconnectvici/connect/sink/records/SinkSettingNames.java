package io.github.kafkaconnectvici.connect.sink.records;

/**
 * The names of the sink settings that the floors below the Connect face mention in their messages (a refused
 * record names the setting that would allow it). Declared here, below the face, so that these floors need not
 * import ViciSinkConfig, which declares every setting under the same constant names.
 */
public final class SinkSettingNames {

    public static final String COMMANDS_ALLOWED = "vici.commands.allowed";
    public static final String RESULT_TOPIC = "result.topic";
    public static final String KEYS_ALLOWED = "vici.keys.allowed";
    public static final String CONTROL_LOG_LEVEL_MAX = "vici.control.log.level.max";
    public static final String CONTROL_LOG_MAX_LINES = "vici.control.log.max.lines";
    public static final String CONTROL_LOG_MAX_BYTES = "vici.control.log.max.bytes";
    public static final String RECORD_TIMEOUT_MAX = "vici.record.timeout.max.ms";

    private SinkSettingNames() {
    }
}
