package io.github.kafkaconnectvici.connect.sink;

import io.github.kafkaconnectvici.connect.ListValidators;
import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoints;
import io.github.kafkaconnectvici.connect.gateway.ViciTlsConfig;
import io.github.kafkaconnectvici.connect.sink.records.CommandBounds;
import io.github.kafkaconnectvici.connect.sink.records.CommandResults;
import io.github.kafkaconnectvici.connect.sink.records.Headers;
import io.github.kafkaconnectvici.connect.sink.records.KeyPolicy;
import io.github.kafkaconnectvici.connect.sink.records.SinkCommand;
import io.github.kafkaconnectvici.connect.sink.records.SinkSettingNames;
import io.github.kafkaconnectvici.connect.sink.runtime.GatewayExecutor;
import io.github.kafkaconnectvici.connect.sink.runtime.ResultTopic;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The sink connector's settings; see docs/sink-connector.md for the whole story. */
public final class ViciSinkConfig extends AbstractConfig {

    public static final String ENDPOINTS = GatewayEndpoints.CONFIG;
    public static final String COMMANDS_ALLOWED = SinkSettingNames.COMMANDS_ALLOWED;
    public static final String COMMAND_TOPIC_PREFIX = "command.topic.prefix";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String RESULT_TOPIC = SinkSettingNames.RESULT_TOPIC;
    public static final String RESULT_BOOTSTRAP_SERVERS = "result.bootstrap.servers";
    public static final String RESULT_TOPIC_PARTITIONS = "result.topic.partitions";
    public static final String RESULT_TOPIC_REPLICATION_FACTOR = "result.topic.replication.factor";
    public static final String RESULT_PRODUCER_PREFIX = "result.producer.";
    public static final String RESULT_VALUE_CONVERTER = "result.value.converter";
    public static final String RESULT_VALUE_CONVERTER_PREFIX = RESULT_VALUE_CONVERTER + ".";
    public static final String CONNECT_TIMEOUT = "vici.connect.timeout.ms";
    public static final String COMMAND_TIMEOUT = "vici.command.timeout.ms";
    public static final String INITIATE_TIMEOUT = "vici.initiate.timeout.ms";
    public static final String TERMINATE_TIMEOUT = "vici.terminate.timeout.ms";
    public static final String RETRY_BACKOFF = "retry.backoff.ms";
    public static final String KEYS_ALLOWED = SinkSettingNames.KEYS_ALLOWED;
    public static final String CONTROL_LOG_LEVEL_MAX = SinkSettingNames.CONTROL_LOG_LEVEL_MAX;
    public static final String CONTROL_LOG_MAX_LINES = SinkSettingNames.CONTROL_LOG_MAX_LINES;
    public static final String CONTROL_LOG_MAX_BYTES = SinkSettingNames.CONTROL_LOG_MAX_BYTES;
    public static final String RECORD_TIMEOUT_MAX = SinkSettingNames.RECORD_TIMEOUT_MAX;
    public static final String MAX_UNFINISHED = "vici.max.unfinished.commands";

    public static final int DEFAULT_CONTROL_LOG_LEVEL_MAX = CommandBounds.DEFAULT_MAX_LOG_LEVEL;
    public static final long DEFAULT_RECORD_TIMEOUT_MAX_MS = CommandBounds.DEFAULT_MAX_TIMEOUT_MS;
    private static final long ONE_HOUR_MS = 3_600_000L;

    public static final String DEFAULT_COMMAND_TOPIC_PREFIX = "vici.cmd.";
    public static final String DEFAULT_TOPIC_PREFIX = "vici";
    public static final String RESULT_TOPIC_SUFFIX = ".cmd-results";
    public static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

    private static final String GATEWAYS = "Gateways";
    private static final String COMMANDS = "Commands";
    private static final String RESULTS = "Results";
    private static final String TIMING = "Timeouts and retries";
    private static final String SAFETY = "What a topic writer may do";

    public static final String VALIDATE_GATEWAYS = GatewayEndpoints.VALIDATE_CONFIG;

    public static final ConfigDef CONFIG_DEF = configDef();

    static {
        ViciTlsConfig.define(CONFIG_DEF);
    }

    private static ConfigDef configDef() {
        int g = 0;
        int c = 0;
        int r = 0;
        int t = 0;
        int s = 0;
        return new ConfigDef()
                .define(ENDPOINTS, Type.LIST, GatewayEndpoints.DEFAULT, GatewayEndpoints.validator(), Importance.HIGH,
                        GatewayEndpoints.DOC + " With more than one, each record names its gateway in the '"
                                + Headers.ENDPOINT + "' header.", GATEWAYS, ++g, Width.LONG, "Gateways")
                .define(VALIDATE_GATEWAYS, Type.BOOLEAN, true, Importance.LOW,
                        "Whether validation (and so creating or updating the connector) connects to every gateway"
                                + " to check that it answers. Turn off to deploy while a gateway is down for"
                                + " maintenance: the task retries its commands until it answers.",
                        GATEWAYS, ++g, Width.SHORT, "Probe gateways when validating")
                .define(COMMANDS_ALLOWED, Type.LIST, String.join(",", SinkCommand.DEFAULT_ALLOWED.stream()
                                .map(SinkCommand::wireName).toList()),
                        ListValidators.subsetOf(SinkCommand.wireNames()), Importance.HIGH,
                        "The commands this connector may execute; a record asking for any other goes to the"
                                + " errant record reporter. Supported: " + String.join(", ", SinkCommand.wireNames())
                                + ". Credentials (load-shared, load-key, load-token, ...) and the rest are opt-in.",
                        COMMANDS, ++c, Width.LONG, "Allowed commands")
                .define(COMMAND_TOPIC_PREFIX, Type.STRING, DEFAULT_COMMAND_TOPIC_PREFIX, Importance.MEDIUM,
                        "A record without a '" + Headers.COMMAND + "' header runs the command its topic names:"
                                + " <prefix><command>, e.g. vici.cmd.load-conn.", COMMANDS, ++c, Width.MEDIUM,
                        "Command topic prefix")
                .define(TOPIC_PREFIX, Type.STRING, DEFAULT_TOPIC_PREFIX, Importance.MEDIUM,
                        "Prefix of the topics this connector writes; the result topic defaults to <prefix>"
                                + RESULT_TOPIC_SUFFIX + ".", RESULTS, ++r, Width.MEDIUM, "Topic prefix")
                .define(RESULT_TOPIC, Type.STRING, "", Importance.MEDIUM,
                        "Topic of the result records, one per command; empty means <" + TOPIC_PREFIX + ">"
                                + RESULT_TOPIC_SUFFIX + ".", RESULTS, ++r, Width.MEDIUM, "Result topic")
                .define(RESULT_TOPIC_PARTITIONS, Type.INT, ResultTopic.BROKER_DEFAULT,
                        ResultTopic.brokerDefaultOrBetween(10_000), Importance.LOW,
                        "Partitions of the result topic when the connector creates it at start (it does when the"
                                + " topic does not exist); -1 takes the broker's num.partitions.",
                        RESULTS, ++r, Width.SHORT, "Result topic partitions")
                .define(RESULT_TOPIC_REPLICATION_FACTOR, Type.INT, ResultTopic.BROKER_DEFAULT,
                        ResultTopic.brokerDefaultOrBetween(Short.MAX_VALUE), Importance.LOW,
                        "Replication factor of the result topic when the connector creates it; -1 takes the"
                                + " broker's default.replication.factor.", RESULTS, ++r, Width.SHORT,
                        "Result topic replication factor")
                .define(RESULT_BOOTSTRAP_SERVERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                        ListValidators.nonEmptyDistinct(), Importance.HIGH,
                        "Kafka cluster the result records are written to (a sink task has no producer of its own);"
                                + " usually the worker's bootstrap.servers. Further producer settings (security)"
                                + " go in " + RESULT_PRODUCER_PREFIX + "*.", RESULTS, ++r, Width.LONG, "Result cluster")
                .define(RESULT_VALUE_CONVERTER, Type.CLASS, JSON_CONVERTER, new ConverterClass(),
                        Importance.MEDIUM, "Converter class serialising result values (schema "
                                + CommandResults.SCHEMA_NAME + "); its settings go in " + RESULT_VALUE_CONVERTER_PREFIX
                                + "*. JsonConverter defaults to schemas.enable=false here.",
                        RESULTS, ++r, Width.LONG, "Result converter")
                .define(CONNECT_TIMEOUT, Type.LONG, 5_000L, ConfigDef.Range.between(1, 300_000L), Importance.LOW,
                        "How long to wait for a connection to charon.", TIMING, ++t, Width.SHORT, "Connect timeout")
                .define(COMMAND_TIMEOUT, Type.LONG, 30_000L, ConfigDef.Range.between(1, ONE_HOUR_MS), Importance.LOW,
                        "Deadline of every command but initiate and terminate. A command without a reply in time"
                                + " is reported as failed, not retried: charon may have run it.",
                        TIMING, ++t, Width.SHORT, "Command timeout")
                .define(INITIATE_TIMEOUT, Type.LONG, 30_000L, ConfigDef.Range.between(1, ONE_HOUR_MS), Importance.MEDIUM,
                        "The 'timeout' sent with initiate when the record gives none (charon's own default waits"
                                + " forever); the client waits this long plus 10 s.", TIMING, ++t, Width.SHORT,
                        "Initiate timeout")
                .define(TERMINATE_TIMEOUT, Type.LONG, 30_000L, ConfigDef.Range.between(1, ONE_HOUR_MS), Importance.MEDIUM,
                        "The 'timeout' sent with terminate when the record gives none; the client waits this"
                                + " long plus 10 s.", TIMING, ++t, Width.SHORT, "Terminate timeout")
                .define(RETRY_BACKOFF, Type.LONG, 5_000L, ConfigDef.Range.between(0, ONE_HOUR_MS), Importance.MEDIUM,
                        "How long to wait before retrying the commands of a gateway that could not be reached,"
                                + " and a result that could not be written. Both are retried until they succeed;"
                                + " nothing is dropped.", TIMING, ++t, Width.SHORT, "Retry backoff")
                .define(MAX_UNFINISHED, Type.INT, 1000, ConfigDef.Range.between(1, 100_000), Importance.LOW,
                        "Commands taken in but not finished (queued, running, or waiting for their result to be"
                                + " acknowledged) above which the task pauses its partitions until half are done.",
                        TIMING, ++t, Width.SHORT, "Unfinished commands")
                .define(KEYS_ALLOWED, Type.LIST, "", new KeyIdValidator(), Importance.HIGH,
                        "Request keys that make charon run a program or open a file or device, which the sink"
                                + " refuses unless named here as <command>:<key>. Refusable: "
                                + String.join(", ", KeyPolicy.ruleIds()) + ". load-conn:updown lets a topic writer run"
                                + " any shell command as root on the gateway.", SAFETY, ++s, Width.LONG, "Allowed keys")
                .define(CONTROL_LOG_LEVEL_MAX, Type.INT, DEFAULT_CONTROL_LOG_LEVEL_MAX,
                        ConfigDef.Range.between(CommandBounds.MIN_LOG_LEVEL, CommandBounds.MAX_LOG_LEVEL), Importance.MEDIUM,
                        "The highest 'loglevel' an initiate or terminate record may ask for; a record asking more is"
                                + " refused (not clamped: it asked for something this connector does not give)."
                                + " charon logs key material at levels 3 and 4; dumps are redacted whatever the level.",
                        SAFETY, ++s, Width.SHORT, "Highest control-log level")
                .define(CONTROL_LOG_MAX_LINES, Type.INT, 500, ConfigDef.Range.between(0, 10_000), Importance.LOW,
                        "Control-log lines kept per result; a last line says how many more were cut.",
                        SAFETY, ++s, Width.SHORT, "Control-log lines")
                .define(CONTROL_LOG_MAX_BYTES, Type.INT, 65_536, ConfigDef.Range.between(0, 1_048_576), Importance.LOW,
                        "Control-log bytes (UTF-8) kept per result; a last line says how much was cut.",
                        SAFETY, ++s, Width.SHORT, "Control-log bytes")
                .define(RECORD_TIMEOUT_MAX, Type.LONG, DEFAULT_RECORD_TIMEOUT_MAX_MS,
                        ConfigDef.Range.between(1, ONE_HOUR_MS), Importance.LOW,
                        "The largest 'timeout' an initiate or terminate record may give, in ms; beyond it, and for 0"
                                + " (wait for ever), the record is refused.", SAFETY, ++s, Width.SHORT,
                        "Largest record timeout");
    }

    public ViciSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public boolean validateGateways() {
        return getBoolean(VALIDATE_GATEWAYS);
    }

    public GatewayEndpoints endpoints() {
        return ViciTlsConfig.apply(GatewayEndpoints.parse(getList(ENDPOINTS)), this);
    }

    public Set<SinkCommand> allowedCommands() {
        Set<SinkCommand> allowed = EnumSet.noneOf(SinkCommand.class);
        for (String name : getList(COMMANDS_ALLOWED)) {
            allowed.add(SinkCommand.byName(name.trim()).orElseThrow());
        }
        return allowed;
    }

    public String commandTopicPrefix() {
        return getString(COMMAND_TOPIC_PREFIX);
    }

    public String resultTopic() {
        String topic = getString(RESULT_TOPIC).trim();
        return topic.isEmpty() ? getString(TOPIC_PREFIX) + RESULT_TOPIC_SUFFIX : topic;
    }

    public int resultTopicPartitions() {
        return getInt(RESULT_TOPIC_PARTITIONS);
    }

    public int resultTopicReplicationFactor() {
        return getInt(RESULT_TOPIC_REPLICATION_FACTOR);
    }

    public ResultTopic.Settings resultTopicSettings() {
        return new ResultTopic.Settings(resultTopic(), resultTopicPartitions(), resultTopicReplicationFactor(),
                producerConfig());
    }

    /** Producer settings: the result cluster, acks=all, idempotence, then result.producer.* overrides. */
    public Map<String, Object> producerConfig() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", String.join(",", getList(RESULT_BOOTSTRAP_SERVERS)));
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("linger.ms", "5");
        props.putAll(originalsWithPrefix(RESULT_PRODUCER_PREFIX));
        return props;
    }

    public String resultConverterClass() {
        return getClass(RESULT_VALUE_CONVERTER).getName();
    }

    public Map<String, Object> resultConverterConfig() {
        Map<String, Object> props = new HashMap<>();
        if (resultConverterClass().equals(JSON_CONVERTER)) {
            props.put("schemas.enable", "false");
        }
        props.putAll(originalsWithPrefix(RESULT_VALUE_CONVERTER_PREFIX));
        return props;
    }

    public List<String> keysAllowed() {
        return getList(KEYS_ALLOWED);
    }

    public KeyPolicy keyPolicy() {
        return new KeyPolicy(keysAllowed());
    }

    public CommandBounds commandBounds() {
        return new CommandBounds(getInt(CONTROL_LOG_LEVEL_MAX), getLong(RECORD_TIMEOUT_MAX));
    }

    public GatewayExecutor.ControlLogLimits controlLogLimits() {
        return new GatewayExecutor.ControlLogLimits(getInt(CONTROL_LOG_MAX_LINES), getInt(CONTROL_LOG_MAX_BYTES));
    }

    public int maxUnfinished() {
        return getInt(MAX_UNFINISHED);
    }

    public GatewayExecutor.Timeouts timeouts() {
        return new GatewayExecutor.Timeouts(millis(CONNECT_TIMEOUT), millis(COMMAND_TIMEOUT),
                millis(INITIATE_TIMEOUT), millis(TERMINATE_TIMEOUT), millis(RETRY_BACKOFF));
    }

    public Duration retryBackoff() {
        return millis(RETRY_BACKOFF);
    }

    /** Each entry must name a refusable key; a typo would otherwise silently allow nothing. */
    private static final class KeyIdValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            for (Object entry : (List<?>) value) {
                String id = String.valueOf(entry).trim();
                if (!KeyPolicy.ruleIds().contains(id)) {
                    throw new org.apache.kafka.common.config.ConfigException(name, id,
                            "not a refusable key; these are: " + String.join(", ", KeyPolicy.ruleIds()));
                }
            }
        }

        @Override
        public String toString() {
            return "any of " + KeyPolicy.ruleIds();
        }
    }

    private Duration millis(String key) {
        return Duration.ofMillis(getLong(key));
    }
}
