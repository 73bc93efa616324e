package io.github.kafkaconnectvici.docs;

import io.github.kafkaconnectvici.connect.sink.ViciSinkConfig;
import io.github.kafkaconnectvici.connect.source.ViciSourceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders docs/configuration.md from the connectors' {@code CONFIG_DEF}s, so that the reference can
 * never drift from the code: {@code GeneratedDocsTest} fails when the file is stale.
 */
public final class ConfigurationReference {

    static final String FILE = "docs/configuration.md";

    private ConfigurationReference() {
    }

    /** The connectors documented, in order: title, connector class, its ConfigDef. */
    static Map<String, Connector> connectors() {
        Map<String, Connector> connectors = new LinkedHashMap<>();
        connectors.put("Source connector", new Connector(
                "io.github.kafkaconnectvici.connect.source.ViciSourceConnector", ViciSourceConfig.CONFIG_DEF,
                "source-connector.md"));
        connectors.put("Sink connector", new Connector(
                "io.github.kafkaconnectvici.connect.sink.ViciSinkConnector", ViciSinkConfig.CONFIG_DEF,
                "sink-connector.md"));
        return connectors;
    }

    record Connector(String className, ConfigDef configDef, String guide) {
    }

    static String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n")
                .append("<!-- Generated from the connectors' CONFIG_DEFs by ").append(DocsGenerator.COMMAND)
                .append(". Do not edit by hand: GeneratedDocsTest fails when this file is stale. -->\n\n")
                .append("Every setting of both connectors, beyond the ones Kafka Connect itself defines for all connectors\n")
                .append("(`name`, `connector.class`, `tasks.max`, `topics`, converters, `transforms`, `errors.*`).\n")
                .append("Sample configurations are in [`config/`](../config/).\n");
        connectors().forEach((title, connector) -> renderConnector(out, title, connector));
        return out.toString();
    }

    private static void renderConnector(StringBuilder out, String title, Connector connector) {
        out.append("\n## ").append(title).append("\n\n")
                .append("`connector.class=").append(connector.className()).append("`; guide: [")
                .append(connector.guide()).append("](").append(connector.guide()).append(").\n");
        Map<String, List<ConfigKey>> groups = new LinkedHashMap<>();
        for (ConfigKey key : connector.configDef().configKeys().values()) {
            groups.computeIfAbsent(key.group == null ? "Other" : key.group, g -> new ArrayList<>()).add(key);
        }
        groups.forEach((group, keys) -> {
            out.append("\n### ").append(group).append("\n\n")
                    .append("| setting | type | default | valid values | importance |\n")
                    .append("|---|---|---|---|---|\n");
            keys.sort((a, b) -> Integer.compare(a.orderInGroup, b.orderInGroup));
            for (ConfigKey key : keys) {
                out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase())
                        .append(" | ").append(defaultValue(key)).append(" | ").append(validValues(key))
                        .append(" | ").append(key.importance.name().toLowerCase()).append(" |\n");
            }
            out.append('\n');
            for (ConfigKey key : keys) {
                out.append("- **`").append(key.name).append("`**: ").append(oneLine(key.documentation)).append('\n');
            }
        });
    }

    private static String defaultValue(ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        if (value == null) {
            return "(none)";
        }
        if (value instanceof Password) {
            return "(hidden)";
        }
        String text = value instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : value instanceof Class<?> type ? type.getName() : String.valueOf(value);
        return text.isEmpty() ? "\"\"" : "`" + cell(text) + "`";
    }

    private static String validValues(ConfigKey key) {
        if (key.validator == null) {
            return "";
        }
        String text = key.validator.toString();
        // Validators without a toString() of their own print as Class@hash: say nothing rather than that.
        return text.matches(".*@[0-9a-f]+$") ? "" : cell(text);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\n\\s*", " ");
    }

    private static String cell(String text) {
        return oneLine(text).replace("|", "\\|");
    }
}
