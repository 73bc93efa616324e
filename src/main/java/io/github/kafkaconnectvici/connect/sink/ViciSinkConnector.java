package io.github.kafkaconnectvici.connect.sink;

import io.github.kafkaconnectvici.connect.ConnectorVersion;
import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoint;
import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoints;
import io.github.kafkaconnectvici.connect.gateway.GatewayProbe;
import io.github.kafkaconnectvici.connect.gateway.ViciTlsConfig;
import io.github.kafkaconnectvici.connect.sink.runtime.ResultTopic;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Executes command records against charon: each record is one VICI command (load-conn, initiate,
 * ...) for one gateway, and each produces a result record. Every task serves every gateway, since
 * any partition may carry commands for any of them; the order per gateway is the partition order.
 */
public final class ViciSinkConnector extends SinkConnector {

    /** Task-only setting the connector adds: which task it is, for its metrics' names. */
    static final String TASK_ID = "vici.task.id";

    private final Consumer<ViciSinkConfig> resultTopicCreator;
    private Map<String, String> props;

    public ViciSinkConnector() {
        this(config -> ResultTopic.ensureExists(config.resultTopicSettings()));
    }

    /** With another way to create the result topic at start, for tests without a broker. */
    ViciSinkConnector(Consumer<ViciSinkConfig> resultTopicCreator) {
        this.resultTopicCreator = resultTopicCreator;
    }

    @Override
    public void start(Map<String, String> props) {
        resultTopicCreator.accept(new ViciSinkConfig(props));
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ViciSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> tasks = new ArrayList<>();
        for (int i = 0; i < Math.max(1, maxTasks); i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(TASK_ID, Integer.toString(i)); // names the task's metrics
            tasks.add(task);
        }
        return tasks;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return ViciSinkConfig.CONFIG_DEF;
    }

    /** Adds what the ConfigDef cannot see: gateways that do not answer, a result topic that is also consumed. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        if (hasErrors(config)) {
            return config;
        }
        ViciSinkConfig parsed = new ViciSinkConfig(connectorConfigs);
        GatewayEndpoints gateways = ViciTlsConfig.applyForValidation(GatewayEndpoints.parse(
                parsed.getList(ViciSinkConfig.ENDPOINTS)), connectorConfigs, config.configValues().stream().collect(Collectors.toMap(ConfigValue::name, v -> v)));
        if (parsed.validateGateways() && gateways != null) {
            // In parallel and within the configured connect timeout, as the source does: a fleet with
            // dead sockets must not hold the REST call for one timeout per gateway.
            Duration timeout = Duration.ofMillis(parsed.getLong(ViciSinkConfig.CONNECT_TIMEOUT));
            GatewayProbe.problems(gateways.all(), timeout, "vici-sink-validate")
                    .forEach(value(config, ViciSinkConfig.ENDPOINTS)::addErrorMessage);
        }
        String resultTopic = parsed.resultTopic();
        if (consumes(connectorConfigs, resultTopic)) {
            value(config, ViciSinkConfig.RESULT_TOPIC).addErrorMessage("the result topic '" + resultTopic
                    + "' is also one of the connector's input topics: results would be read back as commands");
        }
        return config;
    }

    private static boolean consumes(Map<String, String> configs, String topic) {
        String topics = configs.getOrDefault(TOPICS_CONFIG, "");
        for (String t : topics.split(",")) {
            if (t.trim().equals(topic)) {
                return true;
            }
        }
        String regex = configs.getOrDefault("topics.regex", "");
        return !regex.isBlank() && Pattern.matches(regex.trim(), topic);
    }

    private static boolean hasErrors(Config config) {
        return config.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty());
    }

    private static ConfigValue value(Config config, String name) {
        List<ConfigValue> values = new ArrayList<>(config.configValues());
        return values.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    @Override
    public String version() {
        return ConnectorVersion.get();
    }
}
