package io.github.kafkaconnectvici.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schema in schemas/ stays backward compatible with the one of the same name in
 * src/test/resources/schema-baseline (the schemas as first published): a consumer or sink on the new
 * schema reads every record written with the old one. New fields must be optional with a default;
 * nothing may be removed, renamed or narrowed. Refresh the baseline only when a release ships.
 */
class SchemaEvolutionTest {

    private static final Path BASELINE = Path.of("src/test/resources/schema-baseline");
    private static final Path CURRENT = Path.of("schemas");

    static Stream<String> baselineFiles() throws IOException {
        List<String> files;
        try (Stream<Path> paths = Files.walk(BASELINE)) {
            files = paths.filter(p -> p.toString().endsWith(".avsc")).map(p -> BASELINE.relativize(p).toString()).sorted().toList();
        }
        assertThat(files).as("baseline schemas").isNotEmpty();
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("baselineFiles")
    void theCurrentSchemaReadsWhatTheBaselineWrote(String file) throws IOException {
        Path current = CURRENT.resolve(file);
        assertThat(current).as("a published schema was removed").exists();
        Schema writer = parse(BASELINE.resolve(file));
        Schema reader = parse(current);

        SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);

        assertThat(result.getType()).as("%s: %s", file, result.getResult().getIncompatibilities().stream()
                        .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")").toList())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static Schema parse(Path file) throws IOException {
        return new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8));
    }
}
