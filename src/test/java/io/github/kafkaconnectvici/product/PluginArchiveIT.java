package io.github.kafkaconnectvici.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The component archive and the plugin.path directory that {@code mvn package} built: their layout,
 * the exact jars they bundle (never what the worker provides), the manifest, and the ServiceLoader
 * files through which a Kafka 4 worker finds both connectors.
 */
class PluginArchiveIT {

    private static final String SOURCE_SERVICE = "META-INF/services/org.apache.kafka.connect.source.SourceConnector";
    private static final String SINK_SERVICE = "META-INF/services/org.apache.kafka.connect.sink.SinkConnector";
    private static final String SOURCE_CONNECTOR = "io.github.kafkaconnectvici.connect.source.ViciSourceConnector";
    private static final String SINK_CONNECTOR = "io.github.kafkaconnectvici.connect.sink.ViciSinkConnector";

    /**
     * Every jar the plugin may bundle besides the project's own: the connectors' true runtime
     * dependencies. Adding one is a decision: Kafka, Connect, Avro, SLF4J and Jackson come from the worker.
     */
    private static final Set<String> ALLOWED_DEPENDENCY_JARS = Set.of();

    private static String top;
    private static TreeMap<String, byte[]> archive;

    @BeforeAll
    static void readArchive() throws IOException {
        top = PackagedPlugin.componentName() + "/";
        archive = new TreeMap<>();
        try (ZipFile zip = new ZipFile(PackagedPlugin.archive().toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                try (InputStream in = zip.getInputStream(entry)) {
                    archive.put(entry.getName(), in.readAllBytes());
                }
            }
        }
    }

    @Test
    void everyEntryLivesUnderOneTopDirectoryNamedLikeTheArchive() {
        assertThat(archive.keySet()).allSatisfy(name -> assertThat(name).startsWith(top));
        assertThat(archive.keySet()).contains(top + "manifest.json", top + "lib/", top + "etc/", top + "doc/",
                top + "doc/README.md", top + "doc/LICENSE");
    }

    @Test
    void libHoldsTheProjectJarAndOnlyItsOwnRuntimeDependencies() {
        Set<String> expected = new TreeSet<>(ALLOWED_DEPENDENCY_JARS);
        expected.add(PackagedPlugin.jarName());
        assertThat(filesUnder(top + "lib/")).as("jars in the archive's lib/").isEqualTo(expected);
    }

    @Test
    void thePluginDirectoryHoldsTheSameFilesAsTheArchive() throws IOException {
        Path dir = PackagedPlugin.pluginPath().resolve(PackagedPlugin.NAME);
        Set<String> onDisk = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(file -> onDisk.add(dir.relativize(file).toString()));
        }
        Set<String> inArchive = new TreeSet<>();
        archive.keySet().stream().filter(name -> !name.endsWith("/")).forEach(name -> inArchive.add(name.substring(top.length())));
        assertThat(onDisk).isEqualTo(inArchive);
        assertThat(PackagedPlugin.pluginPath().toFile().list()).as("plugin.path holds one plugin")
                .containsExactly(PackagedPlugin.NAME);
    }

    @Test
    void manifestDescribesBothConnectorsAtThisVersion() throws IOException {
        String text = new String(archive.get(top + "manifest.json"), StandardCharsets.UTF_8);
        assertThat(text).as("every placeholder was filled in").doesNotContain("${");
        JsonNode manifest = new ObjectMapper().readTree(text);
        assertThat(manifest.path("name").asText()).isEqualTo(PackagedPlugin.NAME);
        assertThat(manifest.path("version").asText()).isEqualTo(PackagedPlugin.version());
        assertThat(PackagedPlugin.componentName()).isEqualTo(manifest.path("owner").path("username").asText() + "-"
                + manifest.path("name").asText() + "-" + manifest.path("version").asText());
        List<String> types = new ArrayList<>();
        manifest.path("component_types").forEach(type -> types.add(type.asText()));
        assertThat(types).containsExactlyInAnyOrder("source", "sink");
        assertThat(manifest.path("license").path(0).path("name").asText()).isNotBlank();
        assertThat(manifest.path("release_date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(manifest.path("owner").path("username").asText()).as("Confluent Hub's owner name rule")
                .matches("[a-z0-9_]+");
        // One list for both connectors: the sink's at-least-once is not true of the source (charon cannot
        // replay events), so the field claims nothing and the description says what each guarantees.
        assertThat(manifest.path("features").path("delivery_guarantee").isArray()).isTrue();
        assertThat(manifest.path("features").path("delivery_guarantee")).isEmpty();
        assertThat(manifest.path("description").asText()).contains("the sink runs each command at least once")
                .contains("The source cannot offer at-least-once");
        String tested = System.getProperty("connect.worker.tested");
        assertThat(tested).as("failsafe sets connect.worker.tested from the pom").matches("\\d{4}-\\d{2}-\\d{2}");
        List<String> versions = WorkerMatrixIT.versions();
        assertThat(manifest.path("requirements").path(0).asText()).as("the tested worker range")
                .contains(tested).contains(String.join(",", versions));
        for (Path doc : List.of(Path.of("README.md"), Path.of("docs", "compatibility.md"))) {
            String docText = Files.readString(doc);
            assertThat(docText).as(doc + " names the date the matrix last passed").contains(tested);
            versions.forEach(version -> assertThat(docText).as(doc + " names every tested worker").contains(version));
        }
    }

    @Test
    void theJarRegistersBothConnectorsWithTheServiceLoaderAndCarriesItsVersion() throws IOException {
        byte[] jar = archive.get(top + "lib/" + PackagedPlugin.jarName());
        TreeMap<String, byte[]> entries = new TreeMap<>();
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            manifest = in.getManifest();
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        assertThat(manifest.getMainAttributes().getValue("Implementation-Version"))
                .as("ConnectorVersion reports it").isEqualTo(PackagedPlugin.version());
        assertThat(entries.keySet()).contains(SOURCE_SERVICE, SINK_SERVICE);
        assertThat(serviceNames(entries.get(SOURCE_SERVICE))).containsExactly(SOURCE_CONNECTOR);
        assertThat(serviceNames(entries.get(SINK_SERVICE))).containsExactly(SINK_CONNECTOR);
        assertThat(entries.keySet()).contains(SOURCE_CONNECTOR.replace('.', '/') + ".class",
                SINK_CONNECTOR.replace('.', '/') + ".class");
        assertThat(entries.keySet().stream().filter(name -> !name.endsWith("/")))
                .as("no shaded dependencies").allSatisfy(name -> assertThat(name).matches("META-INF/.*|io/github/kafkaconnectvici/.*"));
        assertThat(entries.keySet()).as("no test classes")
                .noneMatch(name -> name.contains("/testrig/") || name.contains("/testkit/") || name.endsWith("Test.class"));
        assertThat(entries.keySet()).as("only what the worker loads: not the vici tool (it ships as its own jar)")
                .noneMatch(name -> name.startsWith("io/github/kafkaconnectvici/vici/cli/"));
        assertThat(manifest.getMainAttributes().getValue("Main-Class")).as("the plugin jar runs nothing").isNull();
    }

    @Test
    void etcHoldsEveryConnectorAndWorkerConfigOfTheRepository() throws IOException {
        Set<String> configs = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("config"))) {
            files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".properties") || name.endsWith(".json"))
                    .forEach(configs::add);
        }
        assertThat(configs).as("config/ has sample configurations").isNotEmpty();
        assertThat(filesUnder(top + "etc/")).isEqualTo(configs);
    }

    private static Set<String> filesUnder(String prefix) {
        Set<String> names = new TreeSet<>();
        for (String name : archive.keySet()) {
            if (name.startsWith(prefix) && !name.equals(prefix)) {
                String rest = name.substring(prefix.length());
                assertThat(rest).as("nothing nested under " + prefix).doesNotContain("/");
                names.add(rest);
            }
        }
        return names;
    }

    private static List<String> serviceNames(byte[] file) {
        return new String(file, StandardCharsets.UTF_8).lines()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .toList();
    }
}
