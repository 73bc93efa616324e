package io.github.kafkaconnectvici.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * docker-compose.yml is a valid Compose file with the services the README describes. No Docker engine
 * runs here, so {@code docker-compose config} (which parses, validates and resolves the file without
 * one) is the check; {@code .ci/install} installs Debian's docker-compose for it.
 */
class DockerComposeFileTest {

    private static final Path COMPOSE_FILE = Path.of("docker-compose.yml");
    private static final Path DOCKER_COMPOSE = Path.of("/usr/bin/docker-compose");

    @BeforeAll
    static void requireDockerCompose() {
        if (!Files.isExecutable(DOCKER_COMPOSE)) {
            String what = DOCKER_COMPOSE + " is missing (Debian package docker-compose; .ci/install installs it)";
            if (System.getenv("CI") != null) {
                throw new AssertionFailedError(what + ". CI is set, so this is a failure, not a skip.");
            }
            throw new TestAbortedException(what + ". Skipping (CI is not set).");
        }
    }

    @Test
    void composeAcceptsTheFile() throws Exception {
        Result result = dockerCompose("config", "--quiet");
        assertThat(result.exitCode()).as("docker-compose config --quiet:\n" + result.output()).isZero();
    }

    @Test
    void brokerRegistryWorkerGatewaysAndMonitoringAreServices() throws Exception {
        Result result = dockerCompose("config", "--services");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().lines().toList())
                .containsExactlyInAnyOrder("kafka", "kafka-init", "schema-registry", "connect", "ready", "strongswan",
                        "strongswan-b", "prometheus", "grafana");
    }

    @Test
    void theWorkerStartsOnlyOnceWhatItNeedsIsHealthyAndUpWaitsForIt() throws Exception {
        Map<String, Object> services = services();
        for (String service : List.of("kafka", "schema-registry", "strongswan", "strongswan-b", "connect")) {
            assertThat(map(services.get(service))).as(service + " has a health check").containsKey("healthcheck");
        }
        Map<String, Object> connectNeeds = map(map(services.get("connect")).get("depends_on"));
        assertThat(connectNeeds.keySet()).containsExactlyInAnyOrder("kafka", "kafka-init", "schema-registry",
                "strongswan", "strongswan-b");
        connectNeeds.forEach((service, need) -> assertThat(map(need).get("condition")).as("connect needs " + service)
                .isIn("service_healthy", "service_completed_successfully"));
        Map<String, Object> readyNeeds = map(map(services.get("ready")).get("depends_on"));
        assertThat(map(readyNeeds.get("connect")).get("condition")).isEqualTo("service_healthy");
    }

    @Test
    void imagesAreInTheTestedKafkaRangeAndTheWorkerExportsItsMetrics() throws Exception {
        Map<String, Object> services = services();
        // apache/kafka: the broker release the worker matrix ran against; CP 8.0 ships Kafka 4.0 (docs/compatibility.md).
        assertThat(map(services.get("kafka")).get("image")).isEqualTo("apache/kafka:4.3.1");
        Map<String, Object> connect = map(services.get("connect"));
        assertThat((String) connect.get("image")).startsWith("confluentinc/cp-kafka-connect:8.0.");
        assertThat(Files.readString(Path.of("docs", "compatibility.md"))).contains("| 4.0.2 |").contains("| 4.3.1 |");
        assertThat((String) map(connect.get("environment")).get("KAFKA_OPTS"))
                .contains("-javaagent:/opt/jmx-exporter/jmx_prometheus_javaagent.jar=9404:/opt/jmx-exporter/jmx-exporter.yml");
        assertThat(String.valueOf(connect.get("volumes")))
                .contains(Path.of("target", "jmx-exporter", "jmx_prometheus_javaagent.jar").toAbsolutePath().toString())
                .contains(Path.of("docker", "connect", "jmx-exporter.yml").toAbsolutePath().toString());
        assertThat(Files.readString(Path.of("docker", "prometheus", "prometheus.yml"))).contains("connect:9404");
        assertThat(String.valueOf(map(services.get("grafana")).get("volumes")))
                .contains(Path.of("docker", "grafana", "dashboards").toAbsolutePath().toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        assertThat(yaml).isInstanceOf(Map.class);
        return (Map<String, Object>) yaml;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws Exception {
        Result result = dockerCompose("config");
        assertThat(result.exitCode()).as(result.output()).isZero();
        Map<String, Object> config = new ObjectMapper(new YAMLFactory()).readValue(result.output(), Map.class);
        return (Map<String, Object>) config.get("services");
    }

    @Test
    void workerGetsThePluginFromTheBuildAndSharesOnlyTheViciSocketWithTheGateway() throws Exception {
        Result result = dockerCompose("config");
        assertThat(result.exitCode()).as(result.output()).isZero();
        String resolved = result.output();
        assertThat(resolved).contains(Path.of("target", "plugin").toAbsolutePath() + ":/opt/connect-plugins:ro");
        assertThat(resolved).contains("CONNECT_PLUGIN_PATH: /usr/share/java,/usr/share/confluent-hub-components,/opt/connect-plugins");
        assertThat(resolved).contains("io.confluent.connect.avro.AvroConverter");
        assertThat(resolved.split("vici:/run/vici", -1)).as("the socket volume is mounted by gateway and worker").hasSize(3);
        String gateway = Files.readString(Path.of("docker", "strongswan", "strongswan.conf"));
        assertThat(gateway).contains("socket = unix:///run/vici/charon.vici").contains("group = vici");
        assertThat(resolved + gateway).as("VICI is never served over TCP").doesNotContain("tcp://");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result dockerCompose(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(DOCKER_COMPOSE.toString(), "-f", COMPOSE_FILE.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionFailedError("docker-compose " + String.join(" ", args) + " ran over 60 s:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }
}
