package io.github.kafkaconnectvici.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The generated references match the code and the schemas they are generated from. */
class GeneratedDocsTest {

    @Test
    void configurationReferenceIsUpToDate() throws IOException {
        assertUpToDate(ConfigurationReference.FILE, ConfigurationReference.render());
    }

    @Test
    void recordReferenceIsUpToDate() throws IOException {
        assertUpToDate(RecordReference.FILE, RecordReference.render());
    }

    @Test
    void configurationReferenceNamesEverySettingOfBothConnectors() {
        String text = ConfigurationReference.render();
        ConfigurationReference.connectors().values().forEach(connector ->
                assertThat(connector.configDef().names()).allSatisfy(name -> assertThat(text).contains("`" + name + "`")));
    }

    @Test
    void recordReferenceNamesEverySchemaFile() {
        String text = RecordReference.render();
        RecordReference.SCHEMA_DIRS.keySet().forEach(dir -> {
            assertThat(RecordReference.schemaFiles(Path.of(dir))).as(dir + " holds schemas").isNotEmpty();
            RecordReference.schemaFiles(Path.of(dir)).forEach(file -> assertThat(text).contains("`" + file + "`"));
        });
    }

    private static void assertUpToDate(String file, String expected) throws IOException {
        Path path = Path.of(file);
        String actual = Files.exists(path) ? Files.readString(path) : "";
        assertThat(actual).as(file + " is stale; regenerate it with: " + DocsGenerator.COMMAND).isEqualTo(expected);
    }
}
