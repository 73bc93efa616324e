package io.github.kafkaconnectvici.testkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry 2.4.2.Final server (in-memory H2) in a child JVM on 127.0.0.1, for Avro tests
 * and the demo. It speaks Apicurio's v2 API and Confluent's ({@link #ccompatUrl()}).
 *
 * <pre>{@code
 * try (SchemaRegistry registry = SchemaRegistry.start();
 *      ConnectCluster cluster = ConnectCluster.builder()
 *              .workerProps(registry.converterConfig("value.converter.")).start()) { ... }
 * }</pre>
 *
 * <p>The server is built by {@link SchemaRegistryBuild} when missing or stale. Its output goes to
 * {@code target/schema-registry/logs/}. {@link #close()} ends the process and its children; a shutdown
 * hook does the same if the JVM exits first.
 */
public final class SchemaRegistry implements AutoCloseable {

    /** The Connect converter these settings are for; Confluent's AvroConverter is not on Maven Central. */
    public static final String AVRO_CONVERTER = "io.apicurio.registry.utils.converter.AvroConverter";
    /** Generous: the server starts in ~5 s alone, several times that on a busy 2-core machine. */
    public static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistry.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final List<String> JVM_OPTIONS = List.of(
            // Start-up speed and a small footprint matter more than peak throughput here.
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m",
            // Apicurio 2.4's in-memory H2 store fails concurrent writes (table lock timeouts, duplicate
            // content-hash inserts when two subjects register the same schema at once; Apicurio issues
            // #4351, #5162). One request thread serialises them; a test registry needs no more. (Not one
            // pooled connection: adding a version to an artifact takes a second connection while holding
            // the first, and timed out.)
            "-Dquarkus.thread-pool.core-threads=1",
            "-Dquarkus.thread-pool.max-threads=1");

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread shutdownHook;

    private SchemaRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.shutdownHook = new Thread(this::stopProcess, "schema-registry-stop-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a registry from the project in the current directory (where Maven runs tests). */
    public static SchemaRegistry start() {
        return start(Path.of(""));
    }

    /** Starts a registry from the kafka-connect-vici checkout at {@code projectDir}, building it if needed. */
    public static SchemaRegistry start(Path projectDir) {
        Path project = projectDir.toAbsolutePath().normalize();
        Path jar = SchemaRegistryBuild.runnerJar(project);
        long started = System.nanoTime();
        int port = freeLoopbackPort();
        Path log = project.resolve(Path.of("target", "schema-registry", "logs", "registry-" + port + ".log"));
        SchemaRegistry registry = new SchemaRegistry(launch(jar, port, log), port, log);
        try {
            registry.awaitReady(System.nanoTime() + START_TIMEOUT.toNanos());
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        LOG.info("Schema registry started in {} ms at {} (log: {})",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), registry.apiUrl(), log);
        return registry;
    }

    /** Runs a registry until the JVM is stopped (Ctrl-C); the optional argument is the project directory. */
    public static void main(String[] args) throws InterruptedException {
        SchemaRegistry registry = start(Path.of(args.length > 0 ? args[0] : ""));
        System.out.println("Apicurio API:      " + registry.apiUrl());
        System.out.println("Confluent API:     " + registry.ccompatUrl());
        registry.process.waitFor();
    }

    /** Apicurio's v2 REST API, e.g. {@code http://127.0.0.1:PORT/apis/registry/v2}. */
    public String apiUrl() {
        return baseUrl() + "/apis/registry/v2";
    }

    /** Confluent Schema Registry's API (v7), for clients and converters that speak only that. */
    public String ccompatUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    public int port() {
        return port;
    }

    /** The server's stdout and stderr. */
    public Path logFile() {
        return log;
    }

    /**
     * Settings for Apicurio's {@link #AVRO_CONVERTER} against this registry, in Confluent's wire format
     * (magic byte 0, 4-byte content id; subject {@code <topic>-value}), each key prefixed with {@code prefix}.
     * With a prefix such as {@code "value.converter."} the map also names the converter class under
     * {@code "value.converter"}, ready for worker or connector configs; with {@code ""} it is the map to pass
     * to {@code Converter.configure}.
     */
    public Map<String, String> converterConfig(String prefix) {
        Map<String, String> config = new LinkedHashMap<>();
        if (prefix.endsWith(".")) {
            config.put(prefix.substring(0, prefix.length() - 1), AVRO_CONVERTER);
        }
        config.put(prefix + "apicurio.registry.url", apiUrl());
        config.put(prefix + "apicurio.registry.auto-register", "true");
        config.put(prefix + "apicurio.registry.find-latest", "true");
        config.put(prefix + "apicurio.registry.headers.enabled", "false");
        config.put(prefix + "apicurio.registry.as-confluent", "true");
        config.put(prefix + "apicurio.registry.use-id", "contentId");
        return config;
    }

    /** Stops the server and its child processes; safe to call more than once. */
    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; the process is stopped either way
        }
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private static Process launch(Path jar, int port, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(log.getParent());
            return new ProcessBuilder(command)
                    .directory(jar.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the schema registry: " + String.join(" ", command), e);
        }
    }

    private void awaitReady(long deadlineNanos) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(apiUrl() + "/system/info"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        String lastProblem = "no answer yet";
        while (System.nanoTime() < deadlineNanos) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the schema registry exited with " + process.exitValue()
                        + " before it answered; last lines of " + log + ":\n" + tail());
            }
            try {
                HttpResponse<String> answer = http.send(probe, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("apicurio-registry")) {
                    return;
                }
                lastProblem = "HTTP " + answer.statusCode();
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the schema registry", e);
            }
            pause();
        }
        throw new IllegalStateException("the schema registry did not answer at " + apiUrl() + " within "
                + START_TIMEOUT + " (" + lastProblem + "); last lines of " + log + ":\n" + tail());
    }

    /** Waits a poll interval, returning early if the server exits. */
    private void pause() {
        try {
            process.waitFor(250, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the schema registry", e);
        }
    }

    private synchronized void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Schema registry on port {} did not stop within {}; killing it", port, STOP_TIMEOUT);
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
