package io.github.kafkaconnectvici.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.connect.sink.ViciSinkConfig;
import io.github.kafkaconnectvici.connect.source.ViciSourceConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample configuration in config/ (and config/compose/) is one the connectors and Connect accept:
 * each connector setting is defined by the connector's CONFIG_DEF (no typos) and valid, and each
 * worker file parses as a standalone or distributed worker config.
 */
class SampleConfigsTest {

    private static final String SOURCE = "io.github.kafkaconnectvici.connect.source.ViciSourceConnector";
    private static final String SINK = "io.github.kafkaconnectvici.connect.sink.ViciSinkConnector";
    /** Not on Maven Central, so not on the test class path; it is checked by name instead. */
    private static final String CONFLUENT_AVRO = "io.confluent.connect.avro.AvroConverter";

    /** Settings Connect itself defines for every connector (ConnectorConfig and its subclasses). */
    private static final List<String> FRAMEWORK_PREFIXES = List.of("name", "connector.class", "tasks.max", "topics",
            "topics.regex", "key.converter", "value.converter", "header.converter", "transforms", "predicates",
            "errors.", "topic.creation.", "exactly.once.support", "transaction.boundary", "offsets.storage.topic",
            "producer.override.", "consumer.override.", "admin.override.", "config.action.reload");
    /** The sink's pass-through prefixes: producer and converter settings of its result writer. */
    private static final List<String> SINK_PREFIXES = List.of(ViciSinkConfig.RESULT_PRODUCER_PREFIX,
            ViciSinkConfig.RESULT_VALUE_CONVERTER_PREFIX);

    static Stream<Path> connectorConfigs() throws IOException {
        return configFiles().filter(file -> read(file).containsKey("connector.class"));
    }

    static Stream<Path> workerConfigs() throws IOException {
        return configFiles().filter(file -> !read(file).containsKey("connector.class"));
    }

    @ParameterizedTest
    @MethodSource("connectorConfigs")
    void connectorSettingsAreDefinedAndValid(Path file) {
        Map<String, String> config = new HashMap<>(read(file));
        // result.value.converter is a class setting, loaded when parsed: JsonConverter stands in for
        // Confluent's converter as in workerConfigsParse.
        config.replaceAll((key, value) -> value.equals(CONFLUENT_AVRO) ? "org.apache.kafka.connect.json.JsonConverter" : value);
        String connector = config.get("connector.class");
        assertThat(connector).isIn(SOURCE, SINK);
        assertThat(config.get("name")).as("name").isNotBlank();
        ConfigDef configDef = connector.equals(SOURCE) ? ViciSourceConfig.CONFIG_DEF : ViciSinkConfig.CONFIG_DEF;
        Map<String, String> own = new TreeMap<>();
        config.forEach((key, value) -> {
            boolean passThrough = connector.equals(SINK) && SINK_PREFIXES.stream().anyMatch(key::startsWith);
            if (!isFramework(key) && !passThrough) {
                own.put(key, value);
            }
        });
        assertThat(configDef.names()).as("settings of " + file + " the connector does not define").containsAll(own.keySet());
        for (ConfigValue value : configDef.validate(own)) {
            assertThat(value.errorMessages()).as(file + ": " + value.name()).isEmpty();
        }
        if (connector.equals(SOURCE)) {
            new ViciSourceConfig(own);
        } else {
            new ViciSinkConfig(config);
        }
    }

    @ParameterizedTest
    @MethodSource("workerConfigs")
    void workerConfigsParse(Path file) {
        Map<String, String> config = new HashMap<>(read(file));
        config.replaceAll((key, value) -> {
            if (value.equals(CONFLUENT_AVRO)) {
                // Stands in for Confluent's converter, which the worker loads from its plugin.path.
                return "org.apache.kafka.connect.json.JsonConverter";
            }
            return value;
        });
        assertThat(config.get("plugin.path")).as("plugin.path").isNotBlank();
        if (config.containsKey("group.id")) {
            new DistributedConfig(config);
        } else {
            assertThat(file.getFileName().toString()).contains("standalone");
            new StandaloneConfig(config);
        }
    }

    private static boolean isFramework(String key) {
        return FRAMEWORK_PREFIXES.stream().anyMatch(prefix -> key.equals(prefix) || prefix.endsWith(".") && key.startsWith(prefix)
                || key.startsWith(prefix + "."));
    }

    private static Stream<Path> configFiles() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(Path.of("config")), Files.list(Path.of("config", "compose")))) {
            List<Path> list = files.filter(f -> f.toString().endsWith(".properties") || f.toString().endsWith(".json"))
                    .sorted().toList();
            assertThat(list).isNotEmpty();
            return list.stream();
        }
    }

    /** A .properties file, or a REST body {"name": ..., "config": {...}} as POST /connectors takes it. */
    private static Map<String, String> read(Path file) {
        Map<String, String> config = new TreeMap<>();
        try {
            if (file.toString().endsWith(".json")) {
                JsonNode body = new ObjectMapper().readTree(file.toFile());
                config.put("name", body.path("name").asText());
                body.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            } else {
                Properties properties = new Properties();
                try (Reader in = Files.newBufferedReader(file)) {
                    properties.load(in);
                }
                properties.stringPropertyNames().forEach(name -> config.put(name, properties.getProperty(name)));
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
        return config;
    }
}
