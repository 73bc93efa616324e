package io.github.kafkaconnectvici.connect.source.records;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/**
 * The source records' Avro schemas as the Avro converter derives them from the Connect schemas
 * (Apicurio's AvroData with the converter's default settings), one {@code schemas/source/<Name>.avsc}
 * per record type and one for the key. {@link AvscFilesTest} fails when the files drift from the code.
 *
 * <p>Rewrite them after changing a schema: {@code mvn -q -B test-compile exec:java@avsc}
 */
public final class AvscFiles {

    static final Path DIRECTORY = Path.of("schemas", "source");

    private AvscFiles() {
    }

    /** File name → pretty-printed Avro schema, for every record type and the key. */
    static Map<String, String> expected() {
        AvroData avroData = new AvroData(new AvroDataConfig(Map.of()));
        Map<String, String> files = new LinkedHashMap<>();
        for (Map.Entry<String, Schema> schema : RecordSchemas.all().entrySet()) {
            files.put(schema.getKey() + ".avsc", avroData.fromConnectSchema(schema.getValue()).toString(true) + "\n");
        }
        return files;
    }

    public static void main(String[] args) throws IOException {
        Path directory = args.length > 0 ? Path.of(args[0]) : DIRECTORY;
        Files.createDirectories(directory);
        Map<String, String> expected = expected();
        try (var existing = Files.list(directory)) {
            for (Path file : existing.filter(f -> f.toString().endsWith(".avsc")).toList()) {
                if (!expected.containsKey(file.getFileName().toString())) {
                    Files.delete(file);
                    System.out.println("deleted " + file);
                }
            }
        }
        for (Map.Entry<String, String> file : expected.entrySet()) {
            Files.writeString(directory.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            System.out.println("wrote " + directory.resolve(file.getKey()));
        }
    }
}
