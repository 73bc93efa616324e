package io.github.kafkaconnectvici.connect.source;

import io.github.kafkaconnectvici.connect.ConnectorVersion;
import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoint;
import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoints;
import io.github.kafkaconnectvici.connect.gateway.GatewayProbe;
import io.github.kafkaconnectvici.connect.gateway.ViciTlsConfig;
import io.github.kafkaconnectvici.connect.source.runtime.EventProbe;
import io.github.kafkaconnectvici.connect.source.runtime.GatewaySequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Streams the events and SA snapshots of a fleet of strongSwan gateways into Kafka. {@code tasks.max}
 * spreads the gateways of {@code vici.endpoints} over tasks; each gateway is followed by one task.
 */
public class ViciSourceConnector extends SourceConnector {

    /** Task-only settings the connector adds: which task it is, for its metrics' names. */
    static final String TASK_ID = "vici.task.id";
    static final String CONNECTOR_NAME = "name";
    private Map<String, String> props;
    private ViciSourceConfig config;

    @Override
    public String version() {
        return ConnectorVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        try {
            this.config = new ViciSourceConfig(props);
        } catch (ConfigException e) {
            throw new ConnectException("invalid VICI source configuration: " + e.getMessage(), e);
        }
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ViciSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<List<GatewayEndpoint>> groups = config.endpoints().groups(maxTasks);
        List<Map<String, String>> tasks = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(ViciSourceConfig.ENDPOINTS, GatewayEndpoints.format(groups.get(i)));
            task.put(TASK_ID, Integer.toString(i));
            tasks.add(task);
        }
        return tasks;
    }

    @Override
    public void stop() {
        // Nothing runs in the connector itself: the tasks hold every connection.
    }

    @Override
    public ConfigDef config() {
        return ViciSourceConfig.CONFIG_DEF;
    }

    /**
     * A live event stream cannot be rewound: records of a transaction the worker aborts (a crash
     * before commit) are never produced again, and events charon raised while no task listened are
     * not known at all. So this connector does not claim exactly-once delivery, as Kafka's own
     * FileStreamSource does not for stdin. With exactly-once support enabled on the worker it still
     * gains what transactions give: committed records never repeat a sequence number (offsets
     * commit with them), and each snapshot is committed whole (see
     * {@link #canDefineTransactionBoundaries}).
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED;
    }

    /** Tasks end transactions only where no snapshot is half written; see TransactionBoundaries. */
    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }

    /**
     * Offsets are each gateway's last sequence number; setting one makes the sequence continue after
     * it, resetting makes it start again at 1. Anything else is refused with the reason.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            Map<String, ?> partition = entry.getKey();
            if (partition == null || !(partition.get(GatewaySequence.PARTITION_KEY) instanceof String)
                    || partition.size() != 1) {
                throw new ConnectException("source partitions of this connector are {\"" + GatewaySequence.PARTITION_KEY
                        + "\": <gateway name>}, not " + partition);
            }
            Map<String, ?> offset = entry.getValue();
            if (offset != null && !validOffset(offset)) {
                throw new ConnectException("offsets of this connector are {\"" + GatewaySequence.OFFSET_KEY
                        + "\": <last sequence number, 0 or more>, \"" + GatewaySequence.TIME_KEY
                        + "\": <optional epoch ms from which the next task reports a gap>}, not " + offset);
            }
        }
        return true;
    }

    private static boolean validOffset(Map<String, ?> offset) {
        boolean sequence = offset.get(GatewaySequence.OFFSET_KEY) instanceof Number n && n.longValue() >= 0;
        Object time = offset.get(GatewaySequence.TIME_KEY);
        boolean timeOk = time == null || time instanceof Number t && t.longValue() >= 0;
        return sequence && timeOk && offset.size() == (time == null ? 1 : 2);
    }

    /**
     * Field by field: the ConfigDef's own validators first, then what needs several fields or a
     * gateway: max.queue.size against max.batch.size, every endpoint reachable and answering like
     * charon, and every event known to each reachable gateway (unless vici.validate.gateways is off).
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = result.configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, Function.identity()));
        checkQueueAgainstBatch(values);
        String logLevelConflict = ViciSourceConfig.logLevelConflict(connectorConfigs);
        if (logLevelConflict != null) {
            values.get(ViciSourceConfig.LOG_LEVEL).addErrorMessage(ViciSourceConfig.LOG_LEVEL + " " + logLevelConflict);
        }
        ConfigValue endpoints = values.get(ViciSourceConfig.ENDPOINTS);
        ConfigValue events = values.get(ViciSourceConfig.EVENTS);
        ConfigValue timeout = values.get(ViciSourceConfig.VICI_TIMEOUT_MS);
        boolean probe = !Boolean.FALSE.equals(values.get(ViciSourceConfig.VALIDATE_GATEWAYS).value());
        if (probe && endpoints.errorMessages().isEmpty() && timeout.errorMessages().isEmpty()) {
            @SuppressWarnings("unchecked")
            GatewayEndpoints parsed = ViciTlsConfig.applyForValidation(
                    GatewayEndpoints.parse((List<String>) endpoints.value()), connectorConfigs, values);
            @SuppressWarnings("unchecked")
            List<String> eventNames = events.errorMessages().isEmpty()
                    ? ((List<String>) events.value()).stream().map(String::trim).distinct().toList() : List.of();
            if (parsed != null) {
                probe(parsed, eventNames, Duration.ofMillis((Long) timeout.value()), endpoints, events);
            }
        }
        return result;
    }

    private static void checkQueueAgainstBatch(Map<String, ConfigValue> values) {
        ConfigValue queue = values.get(ViciSourceConfig.MAX_QUEUE_SIZE);
        ConfigValue batch = values.get(ViciSourceConfig.MAX_BATCH_SIZE);
        if (queue.errorMessages().isEmpty() && batch.errorMessages().isEmpty()
                && (Integer) batch.value() >= (Integer) queue.value()) {
            queue.addErrorMessage(ViciSourceConfig.MAX_QUEUE_SIZE + " (" + queue.value() + ") "
                    + ViciSourceConfig.queueVsBatchProblem() + " (" + batch.value() + ")");
        }
    }

    private static void probe(GatewayEndpoints gateways, List<String> eventNames, Duration timeout,
                              ConfigValue endpoints, ConfigValue events) {
        for (List<Optional<String>> problems : GatewayProbe.inParallel(gateways.all(),
                gateway -> check(gateway, eventNames, timeout), "vici-source-validate")) {
            problems.get(0).ifPresent(endpoints::addErrorMessage);
            problems.get(1).ifPresent(events::addErrorMessage);
        }
    }

    /** [reachability problem, unknown-events problem]; events are only asked of a gateway that answered. */
    private static List<Optional<String>> check(GatewayEndpoint gateway, List<String> events, Duration timeout) {
        Optional<String> unreachable = GatewayProbe.problem(gateway, timeout);
        if (unreachable.isPresent() || events.isEmpty()) {
            return List.of(unreachable, Optional.empty());
        }
        return List.of(Optional.empty(), EventProbe.unknownEvents(gateway, events, timeout));
    }
}
