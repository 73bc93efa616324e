package io.github.kafkaconnectvici.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A Kafka Connect standalone worker in a JVM of its own ({@code ConnectStandalone}), whose class path is
 * this test's minus everything the build produced (target/classes, target/test-classes, the project
 * jar) and Kafka's test jars: the connectors can reach it only through {@code plugin.path}. Converters
 * such as Apicurio's AvroConverter (test dependencies) stay on it, as in a worker installation. Its output goes to a log file.
 */
final class ConnectWorkerProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final URI rest;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ConnectWorkerProcess(Process process, URI rest, Path log) {
        this.process = process;
        this.rest = rest;
        this.log = log;
    }

    /**
     * Starts a worker against {@code bootstrapServers} with {@code pluginPath} as its only source of
     * connectors and {@code converters} as its key/value converter settings; {@code dir} receives the
     * worker's properties, offsets file and log.
     */
    static ConnectWorkerProcess start(String bootstrapServers, Path pluginPath, Map<String, String> converters, Path dir)
            throws IOException {
        return start(workerClassPath(), bootstrapServers, pluginPath, converters, dir);
    }

    /** As {@link #start(String, Path, Map, Path)}, with the worker's whole class path given (another Kafka version's jars). */
    static ConnectWorkerProcess start(List<String> workerClassPath, String bootstrapServers, Path pluginPath,
            Map<String, String> converters, Path dir) throws IOException {
        return start(workerClassPath, bootstrapServers, pluginPath, converters, dir,
                "org.apache.kafka.connect.cli.ConnectStandalone");
    }

    /**
     * A member of the distributed Connect cluster {@code group} (internal topics named after it), for
     * tests that kill workers: a lost worker's tasks move after at most 5 s of scheduled rebalance delay.
     */
    static ConnectWorkerProcess distributed(String bootstrapServers, Path pluginPath, Map<String, String> settings,
            String group, Path dir) throws IOException {
        Map<String, String> worker = new java.util.HashMap<>(settings);
        worker.put("group.id", group);
        worker.put("config.storage.topic", group + "-configs");
        worker.put("offset.storage.topic", group + "-offsets");
        worker.put("status.storage.topic", group + "-status");
        worker.put("config.storage.replication.factor", "1");
        worker.put("offset.storage.replication.factor", "1");
        worker.put("status.storage.replication.factor", "1");
        worker.put("scheduled.rebalance.max.delay.ms", "5000");
        return start(workerClassPath(), bootstrapServers, pluginPath, worker, dir,
                "org.apache.kafka.connect.cli.ConnectDistributed");
    }

    private static ConnectWorkerProcess start(List<String> workerClassPath, String bootstrapServers, Path pluginPath,
            Map<String, String> converters, Path dir, String mainClass) throws IOException {
        Files.createDirectories(dir);
        int port = freePort();
        Properties worker = new Properties();
        worker.setProperty("bootstrap.servers", bootstrapServers);
        worker.setProperty("listeners", "http://127.0.0.1:" + port);
        worker.setProperty("plugin.path", pluginPath.toString());
        // The ServiceLoader manifests are then the only way in: the packaged jar must carry them.
        worker.setProperty("plugin.discovery", "service_load");
        if (mainClass.endsWith("ConnectStandalone")) {
            // a distributed worker would take offset.storage.* for settings of its offsets topic
            worker.setProperty("offset.storage.file.filename", dir.resolve("offsets").toString());
        }
        worker.setProperty("offset.flush.interval.ms", "500");
        converters.forEach(worker::setProperty);
        Path properties = dir.resolve("worker.properties");
        try (var out = Files.newBufferedWriter(properties)) {
            worker.store(out, "PackagedPluginIT worker");
        }
        Path log = dir.resolve("worker.log");
        // For a worker logging through Log4j 2 (WorkerMatrixIT's): Connect's own layout, with the connector
        // context of the MDC, plus the thread. A worker on slf4j-simple ignores it.
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(log4j, String.join("\n",
                "appender.stdout.type=Console",
                "appender.stdout.name=STDOUT",
                "appender.stdout.layout.type=PatternLayout",
                "appender.stdout.layout.pattern=[%d] %p %X{connector.context}%m (%c) [%t]%n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.stdout.ref=STDOUT",
                "logger.vici.name=io.github.kafkaconnectvici",
                "logger.vici.level=DEBUG", ""));
        String classPath = String.join(File.pathSeparator, workerClassPath);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", classPath,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dlog4j2.configurationFile=" + log4j,
                mainClass, properties.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        process.getOutputStream().close();
        return new ConnectWorkerProcess(process, URI.create("http://127.0.0.1:" + port), log);
    }

    /**
     * This JVM's class path without the build's own output: the worker gets Connect, Kafka, SLF4J and
     * Jackson from it, exactly as a worker installation provides them, and no connector.
     */
    static List<String> workerClassPath() {
        Path target = Path.of("target").toAbsolutePath();
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .filter(entry -> !Path.of(entry).toAbsolutePath().startsWith(target))
                // Kafka's test jars hold test plugins, which no worker installation has.
                .filter(entry -> !entry.endsWith("-test.jar"))
                .collect(Collectors.toList());
    }

    /** Whether {@code resource} (e.g. a class file) can be found on the worker's own class path. */
    static boolean onWorkerClassPath(String resource) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String entry : workerClassPath()) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), null)) {
            return loader.findResource(resource) != null;
        }
    }

    /** SIGKILL: the worker gets no chance to stop its tasks or commit their offsets. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The worker id Connect reports in task statuses ({@code host:port} of its REST listener). */
    String workerId() {
        return rest.getHost() + ":" + rest.getPort();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Duration AWAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code GET /connector-plugins} once the REST API answers; fails fast if the worker exits. */
    JsonNode awaitPlugins() throws IOException {
        await("the worker's REST API, log " + log).atMost(AWAIT).pollInterval(Duration.ofMillis(500))
                .failFast("the worker exited; log " + log, () -> !isAlive())
                .until(() -> get("/connector-plugins").status() == 200);
        return JSON.readTree(get("/connector-plugins").body());
    }

    /** The version the worker reports for a connector class of {@code GET /connector-plugins}. */
    static String versionOf(JsonNode plugins, String className) {
        for (JsonNode plugin : plugins) {
            if (plugin.path("class").asText().equals(className)) {
                return plugin.path("version").asText();
            }
        }
        throw new AssertionError(className + " is not among the worker's plugins: " + plugins);
    }

    /** {@code PUT /connectors/<name>/config}, which must create or update it. */
    void configure(String name, Map<String, String> config) {
        Response response = put("/connectors/" + name + "/config", json(config));
        assertThat(response.status()).as("PUT " + name + ": " + response.body()).isIn(200, 201);
    }

    /** Waits for the connector and its first task to be RUNNING; fails fast if the worker exits. */
    void awaitRunning(String name) {
        await(name + " and its task running, log " + log).atMost(AWAIT).pollInterval(Duration.ofMillis(500))
                .failFast("the worker exited; log " + log, () -> !isAlive())
                .untilAsserted(() -> {
                    JsonNode status = JSON.readTree(get("/connectors/" + name + "/status").body());
                    assertThat(status.path("connector").path("state").asText()).as(status.toString()).isEqualTo("RUNNING");
                    assertThat(status.path("tasks").path(0).path("state").asText()).as(status.toString()).isEqualTo("RUNNING");
                });
    }

    /** GET on the worker's REST API; status and body, or status -1 while the worker does not answer yet. */
    Response get(String path) {
        return send(HttpRequest.newBuilder(rest.resolve(path)).GET());
    }

    Response put(String path, String json) {
        return send(HttpRequest.newBuilder(rest.resolve(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    record Response(int status, String body) {
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, e.toString());
        }
    }

    /** A connector config as the JSON object {@code PUT /connectors/<name>/config} takes. */
    static String json(Map<String, String> config) {
        try {
            return new ObjectMapper().writeValueAsString(new TreeMap<>(config));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** SIGTERM (the worker stops its connectors), then SIGKILL if it takes longer than 30 s. */
    /**
     * The worker's MBeans, as an operator's JMX console sees them: through the JDK's local management agent,
     * started in the worker by the Attach API (no port, no settings of the worker's).
     */
    JMXConnector jmx() throws IOException {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(process.pid()));
            try {
                return JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException e) {
            throw new IOException("cannot attach to the worker (pid " + process.pid() + ")", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
