package io.github.kafkaconnectvici.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the generated references: docs/configuration.md and docs/records.md. */
public final class DocsGenerator {

    /** The command that regenerates them, named in the files and in the staleness tests' messages. */
    public static final String COMMAND = "mvn -q -B test-compile exec:java@docs";

    private DocsGenerator() {
    }

    public static void main(String[] args) throws IOException {
        write(ConfigurationReference.FILE, ConfigurationReference.render());
        write(RecordReference.FILE, RecordReference.render());
    }

    private static void write(String file, String text) throws IOException {
        Path path = Path.of(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
        System.out.println("wrote " + path);
    }
}
