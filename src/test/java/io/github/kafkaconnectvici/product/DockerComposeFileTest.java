package io.github.kafkaconnectvici.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    void brokerRegistryWorkerAndGatewayAreServices() throws Exception {
        Result result = dockerCompose("config", "--services");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().lines().toList())
                .containsExactlyInAnyOrder("kafka", "schema-registry", "connect", "strongswan");
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
