package io.github.kafkaconnectvici.testkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the registry server of {@link SchemaRegistry} from {@code src/test/schema-registry} (a Maven build
 * of its own) when its runner jar is missing or older than any of those sources.
 *
 * <p>The root build runs {@link #main} in {@code pre-integration-test}; {@link SchemaRegistry#start} calls
 * {@link #runnerJar} too, so a test or a demo started another way still gets a current server.
 */
public final class SchemaRegistryBuild {

    /** The wrapper build's sources, relative to the project directory. */
    public static final Path SOURCES = Path.of("src", "test", "schema-registry");
    /** Where the wrapper build puts the server (legacy-jar: the runner jar plus lib/). */
    public static final Path RUNNER_JAR = Path.of("target", "schema-registry", "server", "schema-registry-runner.jar");

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryBuild.class);
    private static final long BUILD_TIMEOUT_MINUTES = 30;

    private SchemaRegistryBuild() {
    }

    /** Builds if needed; the only argument, optional, is the project directory (default: the current one). */
    public static void main(String[] args) {
        Path projectDir = Path.of(args.length > 0 ? args[0] : "").toAbsolutePath();
        System.out.println("Schema registry server: " + runnerJar(projectDir));
    }

    /** The runner jar of the registry server under {@code projectDir}, built first if missing or stale. */
    public static synchronized Path runnerJar(Path projectDir) {
        Path project = projectDir.toAbsolutePath().normalize();
        Path sources = project.resolve(SOURCES);
        if (!Files.isRegularFile(sources.resolve("pom.xml"))) {
            throw new IllegalArgumentException(project + " is not a kafka-connect-vici checkout: no " + SOURCES
                    + "/pom.xml");
        }
        Path jar = project.resolve(RUNNER_JAR);
        if (isCurrent(jar, sources)) {
            return jar;
        }
        build(project, sources.resolve("pom.xml"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the registry build succeeded but left no " + jar);
        }
        return jar;
    }

    private static boolean isCurrent(Path jar, Path sources) {
        if (!Files.isRegularFile(jar) || !Files.isDirectory(jar.resolveSibling("lib"))) {
            return false;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            FileTime built = Files.getLastModifiedTime(jar);
            return files.filter(Files::isRegularFile).allMatch(f -> modified(f).compareTo(built) <= 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + jar + " with " + sources, e);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void build(Path project, Path pom) {
        List<String> args = List.of("package");
        LOG.info("Building the schema registry server: mvn -f {} package", pom);
        long started = System.nanoTime();
        NestedMaven.run(project, pom, args, "the schema registry build", BUILD_TIMEOUT_MINUTES);
        LOG.info("Schema registry server built in {} s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }
}
