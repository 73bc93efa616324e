package io.github.kafkaconnectvici.testkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class paths of plain Apache Kafka Connect workers, one per version of the tested range, resolved from
 * Maven Central by {@code src/test/connect-worker/pom.xml} into {@code target/connect-workers/<version>/lib/}
 * when missing or older than that pom. The root build runs {@link #main} in {@code pre-integration-test}
 * with the pom's {@code connect.worker.versions}; {@link #workerLib} builds on demand for a test started
 * another way.
 */
public final class ConnectWorkerBuild {

    public static final Path POM = Path.of("src", "test", "connect-worker", "pom.xml");
    public static final Path WORKERS = Path.of("target", "connect-workers");

    private static final Logger LOG = LoggerFactory.getLogger(ConnectWorkerBuild.class);
    private static final long BUILD_TIMEOUT_MINUTES = 20;

    private ConnectWorkerBuild() {
    }

    /** Arguments: the project directory and the comma-separated versions. */
    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ConnectWorkerBuild <project dir> <version,version,...>");
        }
        Path project = Path.of(args[0]).toAbsolutePath();
        for (String version : versions(args[1])) {
            System.out.println("Connect worker " + version + ": " + workerLib(project, version));
        }
    }

    /** The versions of a comma-separated list, e.g. the connect.worker.versions system property. */
    public static List<String> versions(String list) {
        List<String> versions = Arrays.stream(list.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
        for (String version : versions) {
            if (!version.matches("\\d{1,2}\\.\\d{1,2}\\.\\d{1,2}")) {
                throw new IllegalArgumentException("not a Kafka release version: '" + version + "'");
            }
        }
        return versions;
    }

    /** {@code target/connect-workers/<version>/lib} under {@code projectDir}, resolved first if needed. */
    public static synchronized Path workerLib(Path projectDir, String version) {
        Path project = projectDir.toAbsolutePath().normalize();
        Path pom = project.resolve(POM);
        if (!Files.isRegularFile(pom)) {
            throw new IllegalArgumentException(project + " is not a kafka-connect-vici checkout: no " + POM);
        }
        Path lib = project.resolve(WORKERS).resolve(versions(version).get(0)).resolve("lib");
        Path runtime = lib.resolve("connect-runtime-" + version + ".jar");
        if (isCurrent(runtime, pom)) {
            return lib;
        }
        LOG.info("Resolving the Kafka Connect {} worker: mvn -f {} -Dconnect.version={} package", version, pom, version);
        long started = System.nanoTime();
        deleteJars(lib);
        NestedMaven.run(project, pom, List.of("-Dconnect.version=" + version, "package"),
                "resolving the Kafka Connect " + version + " worker", BUILD_TIMEOUT_MINUTES);
        if (!Files.isRegularFile(runtime)) {
            throw new IllegalStateException("the worker build succeeded but left no " + runtime);
        }
        LOG.info("Kafka Connect {} worker resolved in {} s", version, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        return lib;
    }

    private static boolean isCurrent(Path runtimeJar, Path pom) {
        try {
            return Files.isRegularFile(runtimeJar)
                    && Files.getLastModifiedTime(runtimeJar.getParent()).compareTo(Files.getLastModifiedTime(pom)) >= 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stale lib/ is emptied first: copy-dependencies would leave jars the pom no longer names. */
    private static void deleteJars(Path lib) {
        if (!Files.isDirectory(lib)) {
            return;
        }
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.toList()) {
                Files.delete(jar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + lib, e);
        }
    }
}
