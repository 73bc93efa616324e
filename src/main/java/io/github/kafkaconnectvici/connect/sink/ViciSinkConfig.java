package io.github.kafkaconnectvici.connect.sink;

import io.github.kafkaconnectvici.connect.GatewayEndpoints;
import io.github.kafkaconnectvici.connect.ListValidators;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The sink connector's settings; see docs/sink-connector.md for the whole story. */
public final class ViciSinkConfig extends AbstractConfig {

    public static final String ENDPOINTS = GatewayEndpoints.CONFIG;
    public static final String COMMANDS_ALLOWED = "vici.commands.allowed";
    public static final String COMMAND_TOPIC_PREFIX = "command.topic.prefix";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String RESULT_TOPIC = "result.topic";
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

    public static final String DEFAULT_COMMAND_TOPIC_PREFIX = "vici.cmd.";
    public static final String DEFAULT_TOPIC_PREFIX = "vici";
    public static final String RESULT_TOPIC_SUFFIX = ".cmd-results";
    public static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

    private static final String GATEWAYS = "Gateways";
    private static final String COMMANDS = "Commands";
    private static final String RESULTS = "Results";
    private static final String TIMING = "Timeouts and retries";

    public static final String VALIDATE_GATEWAYS = GatewayEndpoints.VALIDATE_CONFIG;

    public static final ConfigDef CONFIG_DEF = configDef();

    private static ConfigDef configDef() {
        int g = 0;
        int c = 0;
        int r = 0;
        int t = 0;
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
                .define(CONNECT_TIMEOUT, Type.LONG, 5_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "How long to wait for a connection to charon.", TIMING, ++t, Width.SHORT, "Connect timeout")
                .define(COMMAND_TIMEOUT, Type.LONG, 30_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Deadline of every command but initiate and terminate. A command without a reply in time"
                                + " is reported as failed, not retried: charon may have run it.",
                        TIMING, ++t, Width.SHORT, "Command timeout")
                .define(INITIATE_TIMEOUT, Type.LONG, 30_000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "The 'timeout' sent with initiate when the record gives none (charon's own default waits"
                                + " forever); the client waits this long plus 10 s.", TIMING, ++t, Width.SHORT,
                        "Initiate timeout")
                .define(TERMINATE_TIMEOUT, Type.LONG, 30_000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "The 'timeout' sent with terminate when the record gives none; the client waits this"
                                + " long plus 10 s.", TIMING, ++t, Width.SHORT, "Terminate timeout")
                .define(RETRY_BACKOFF, Type.LONG, 5_000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        "How long to wait before retrying the commands of a gateway that could not be reached."
                                + " They are retried until it answers; nothing is dropped.", TIMING, ++t,
                        Width.SHORT, "Retry backoff");
    }

    public ViciSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public boolean validateGateways() {
        return getBoolean(VALIDATE_GATEWAYS);
    }

    public GatewayEndpoints endpoints() {
        return GatewayEndpoints.parse(getList(ENDPOINTS));
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

    public GatewayExecutor.Timeouts timeouts() {
        return new GatewayExecutor.Timeouts(millis(CONNECT_TIMEOUT), millis(COMMAND_TIMEOUT),
                millis(INITIATE_TIMEOUT), millis(TERMINATE_TIMEOUT), millis(RETRY_BACKOFF));
    }

    public Duration retryBackoff() {
        return millis(RETRY_BACKOFF);
    }

    private Duration millis(String key) {
        return Duration.ofMillis(getLong(key));
    }
}
