package io.github.kafkaconnectvici.vici;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The VICI client stands alone as a library: connectors depend on it, never the reverse. */
class LibraryIndependenceTest {

    private static final Path LIBRARY = Path.of("src/main/java/io/github/kafkaconnectvici/vici");

    @Test
    void theViciPackagesUseNoKafkaAndNoConnectorCode() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(LIBRARY)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(20);
        for (Path source : sources) {
            assertThat(Files.readString(source)).as(source.toString())
                    .doesNotContain("org.apache.kafka")
                    .doesNotContain("io.github.kafkaconnectvici.connect");
        }
    }
}
