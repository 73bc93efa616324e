package io.github.kafkaconnectvici.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/**
 * Renders docs/records.md from the Avro schemas in schemas/source and schemas/sink: every record type,
 * field, type and doc string as the schema files state them ({@code GeneratedDocsTest} fails when
 * the file is stale).
 */
public final class RecordReference {

    static final String FILE = "docs/records.md";
    static final Map<String, String> SCHEMA_DIRS = new LinkedHashMap<>();

    static {
        SCHEMA_DIRS.put("schemas/source", "Source connector records");
        SCHEMA_DIRS.put("schemas/sink", "Sink connector records");
    }

    private RecordReference() {
    }

    static String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Record reference\n\n")
                .append("<!-- Generated from schemas/source/*.avsc and schemas/sink/*.avsc by ").append(DocsGenerator.COMMAND)
                .append(". Do not edit by hand: GeneratedDocsTest fails when this file is stale. -->\n\n")
                .append("Every record the connectors write or read, as its Avro schema states it. Each connector's\n")
                .append("guide ([source](source-connector.md), [sink](sink-connector.md)) says which topic carries which\n")
                .append("record; [siem-mapping.md](siem-mapping.md) maps the fields onto ECS, Splunk CIM and OCSF.\n");
        SCHEMA_DIRS.forEach((dir, title) -> {
            List<Path> files = schemaFiles(Path.of(dir));
            if (files.isEmpty()) {
                return;
            }
            out.append("\n## ").append(title).append("\n");
            List<String> described = new ArrayList<>();
            for (Path file : files) {
                renderFile(out, file, described);
            }
        });
        return out.toString();
    }

    static List<Path> schemaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code described}: nested record types already described in this section, described once only. */
    private static void renderFile(StringBuilder out, Path file, List<String> described) {
        Schema schema;
        try {
            schema = new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        out.append("\n### `").append(schema.getName()).append("`\n\n")
                .append("File [`").append(file).append("`](../").append(file).append("), full name `")
                .append(schema.getFullName()).append("`.");
        String doc = doc(schema);
        if (!doc.isEmpty()) {
            out.append(' ').append(doc);
        }
        out.append('\n');
        List<Schema> nested = new ArrayList<>();
        renderRecord(out, schema, nested);
        described.add(schema.getFullName());
        for (int i = 0; i < nested.size(); i++) {
            Schema inner = nested.get(i);
            if (described.contains(inner.getFullName())) {
                continue;
            }
            described.add(inner.getFullName());
            out.append("\n#### `").append(inner.getName()).append("` (first used in `").append(schema.getName())
                    .append("`, described here once)\n");
            String innerDoc = doc(inner);
            if (!innerDoc.isEmpty()) {
                out.append('\n').append(innerDoc).append('\n');
            }
            renderRecord(out, inner, nested);
        }
    }

    private static void renderRecord(StringBuilder out, Schema record, List<Schema> nested) {
        if (record.getType() != Schema.Type.RECORD) {
            out.append("\nType: ").append(typeName(record, nested)).append('\n');
            return;
        }
        out.append("\n| field | type | default | description |\n|---|---|---|---|\n");
        for (Schema.Field field : record.getFields()) {
            out.append("| `").append(field.name()).append("` | ").append(cell(typeName(field.schema(), nested)))
                    .append(" | ").append(defaultValue(field)).append(" | ").append(cell(doc(field)))
                    .append(" |\n");
        }
    }

    /** Avro's doc, else the Connect schema's (AvroData writes a Connect doc as the property connect.doc). */
    private static String doc(Schema.Field field) {
        if (field.doc() != null) {
            return oneLine(field.doc());
        }
        Object connectDoc = field.getObjectProp("connect.doc");
        return connectDoc != null ? oneLine(connectDoc.toString()) : doc(field.schema());
    }

    private static String doc(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().map(RecordReference::doc).filter(d -> !d.isEmpty()).findFirst().orElse("");
        }
        if (schema.getDoc() != null) {
            return oneLine(schema.getDoc());
        }
        Object connectDoc = schema.getObjectProp("connect.doc");
        return connectDoc == null ? "" : oneLine(connectDoc.toString());
    }

    private static String defaultValue(Schema.Field field) {
        if (!field.hasDefaultValue()) {
            return "";
        }
        Object value = field.defaultVal();
        return value == JsonProperties.NULL_VALUE ? "null" : "`" + cell(String.valueOf(value)) + "`";
    }

    private static String typeName(Schema schema, List<Schema> nested) {
        String logical = schema.getLogicalType() == null ? "" : " (" + schema.getLogicalType().getName() + ")";
        String connectName = schema.getProp("connect.name");
        return switch (schema.getType()) {
            case RECORD -> {
                nested.add(schema);
                yield schema.getName();
            }
            case ENUM -> "enum " + schema.getName() + " {" + String.join(", ", schema.getEnumSymbols()) + "}";
            case ARRAY -> "array<" + typeName(schema.getElementType(), nested) + ">";
            case MAP -> "map<string, " + typeName(schema.getValueType(), nested) + ">";
            case UNION -> String.join(" \\| ", schema.getTypes().stream().map(s -> typeName(s, nested)).toList());
            case FIXED -> "fixed(" + schema.getFixedSize() + ")" + logical;
            default -> schema.getType().getName() + logical
                    + (connectName != null && logical.isEmpty() ? " (" + connectName + ")" : "");
        };
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\n\\s*", " ");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\\\\|", "\\|");
    }
}
