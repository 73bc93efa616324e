package io.github.kafkaconnectvici.vici.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The operator's tool against real charon daemons: its JSON lines and exit codes. */
@ExtendWith(CharonRigExtension.class)
class ViciCliIT {

    private final CharonPair pair;

    ViciCliIT(CharonPair pair) {
        this.pair = pair;
    }

    @BeforeEach
    void tunnelConfigured() {
        pair.a().restart();
        pair.b().restart();
        pair.loadDefaultConfig();
    }

    private record Run(int exitCode, List<Map<String, Object>> lines, String stderr) {
    }

    private Run vici(String... args) {
        return vici(new ByteArrayOutputStream(), args);
    }

    private Run vici(ByteArrayOutputStream err, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--uri", pair.a().viciUri().toString()));
        all.addAll(List.of(args));
        int code = ViciCli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, jsonLines(out.toString(StandardCharsets.UTF_8)), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listSasPrintsEachStreamedSaThenTheResponse() {
        pair.a().swanctl("--initiate", "--child", "net", "--timeout", "10");

        Run run = vici("list-sas");

        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).hasSize(2);
        Map<String, Object> event = run.lines().get(0);
        assertThat(event).containsEntry("type", "event").containsEntry("name", "list-sa");
        Map<String, Object> sa = section(section(event, "message"), "ab");
        assertThat(sa).containsEntry("state", "ESTABLISHED").containsEntry("remote-host", "10.99.0.2");
        Map<String, Object> childSas = section(sa, "child-sas");
        assertThat(childSas).hasSize(1);
        assertThat(section(childSas, childSas.keySet().iterator().next())).containsEntry("local-ts", List.of("10.98.1.0/24"));
        assertThat(run.lines().get(1)).containsEntry("type", "response").containsEntry("command", "list-sas")
                .containsEntry("message", Map.of());
    }

    @Test
    void commandArgumentsBuildTheRequest() {
        Run run = vici("initiate", "child=net", "ike=ab", "timeout=10000");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.lines()).filteredOn(l -> "control-log".equals(l.get("name"))).isNotEmpty();
        assertThat(run.lines().get(run.lines().size() - 1)).containsEntry("type", "response")
                .containsEntry("message", Map.of("success", "yes"));
        assertThat(pair.b().swanctl("--list-sas")).contains("ESTABLISHED");
    }

    @Test
    void listenPrintsEventsAsTheyHappen() throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        CompletableFuture<Run> listening = CompletableFuture.supplyAsync(() -> vici(stderr, "listen", "ike-updown", "--count", "1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> stderr.toString(StandardCharsets.UTF_8).contains("listening for ike-updown"));

        pair.a().swanctl("--initiate", "--child", "net", "--timeout", "10");

        Run run = listening.get();
        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).singleElement().satisfies(line -> {
            assertThat(line).containsEntry("type", "event").containsEntry("name", "ike-updown").containsKey("time");
            assertThat(section(line, "message")).containsEntry("up", "yes");
        });
    }

    @Test
    void failuresHaveTheirOwnExitCodeAndJsonLine() {
        Run unknown = vici("no-such-command");
        assertThat(unknown.exitCode()).isEqualTo(ViciCli.UNKNOWN);
        assertThat(unknown.lines()).singleElement().satisfies(l -> assertThat(l).containsEntry("error", "unknown-command"));

        Run failed = vici("unload-conn", "name=no-such-conn");
        assertThat(failed.exitCode()).isEqualTo(ViciCli.FAILED);
        assertThat(failed.lines()).singleElement().satisfies(l -> {
            assertThat(l).containsEntry("error", "command-failed");
            assertThat(section(l, "response")).containsEntry("success", "no");
        });

        Run unknownEvent = vici("listen", "ike-state-established");
        assertThat(unknownEvent.exitCode()).isEqualTo(ViciCli.UNKNOWN);

        Run unreachable = vici("--uri", "unix://" + pair.a().dir().resolve("no-such.vici"), "version");
        assertThat(unreachable.exitCode()).isEqualTo(ViciCli.UNREACHABLE);
        assertThat(unreachable.lines()).singleElement().satisfies(l -> assertThat(l).containsEntry("error", "connection"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (Map<String, Object>) parent.get(key);
    }

    /** Parses every line as one JSON object, failing on anything else. */
    static List<Map<String, Object>> jsonLines(String text) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                try (JsonParser parser = new JsonFactory().createParser(line)) {
                    assertThat(parser.nextToken()).as(line).isEqualTo(JsonToken.START_OBJECT);
                    lines.add(object(parser));
                    assertThat(parser.nextToken()).as("one object per line: " + line).isNull();
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
            }
        }
        return lines;
    }

    private static Map<String, Object> object(JsonParser parser) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            map.put(name, value(parser, parser.nextToken()));
        }
        return map;
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(value(parser, t));
                }
                yield list;
            }
            case VALUE_NUMBER_INT -> parser.getLongValue();
            default -> parser.getText();
        };
    }
}
