package io.github.kafkaconnectvici.connect.source.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AvscFilesTest {

    private static final String REGENERATE = "; rewrite the files with: mvn -q -B test-compile exec:java@avsc";

    @Test
    void everyFileEqualsWhatTheConnectSchemasProduce() throws IOException {
        for (Map.Entry<String, String> expected : AvscFiles.expected().entrySet()) {
            Path file = AvscFiles.DIRECTORY.resolve(expected.getKey());
            assertThat(file).as(file + " is missing" + REGENERATE).exists();
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as(file + " differs from the Connect schema" + REGENERATE)
                    .isEqualTo(expected.getValue());
        }
    }

    @Test
    void noFileWithoutASchema() throws IOException {
        try (Stream<Path> files = Files.list(AvscFiles.DIRECTORY)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".avsc")))
                    .as("files in " + AvscFiles.DIRECTORY + " that no record type produces" + REGENERATE)
                    .containsExactlyInAnyOrderElementsOf(AvscFiles.expected().keySet());
        }
    }
}
