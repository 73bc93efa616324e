package io.github.kafkaconnectvici.connect.sink;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoints;
import io.github.kafkaconnectvici.connect.sink.records.CommandResolver;
import io.github.kafkaconnectvici.connect.sink.records.CommandResults;
import io.github.kafkaconnectvici.connect.sink.records.GatewayResolver;
import io.github.kafkaconnectvici.connect.sink.records.RecordInterpreter;
import io.github.kafkaconnectvici.connect.sink.records.SinkCommand;
import io.github.kafkaconnectvici.vici.codec.Message;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.github.kafkaconnectvici.connect.sink.Records.record;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical Avro schemas of schemas/sink: one per command, each field's Avro-legal name mapping
 * back (through AvroData, as the AvroConverter does it, and the command's key style) to a key the
 * command really takes: swanctl.conf(5)'s list for the swanctl-style commands, the VICI
 * specification for the rest.
 */
class SinkSchemasTest {

    static final Path DIR = Path.of("schemas", "sink");
    private static final AvroData AVRO_DATA = new AvroData(100);

    // vici-protocol.md, plus rekey's reauth and redirect's gateway, which charon 5.9.8 takes (its vici plugin names them).
    private static final Map<SinkCommand, Set<String>> SPEC_KEYS = Map.ofEntries(
            Map.entry(SinkCommand.UNLOAD_CONN, Set.of("name")),
            Map.entry(SinkCommand.INITIATE, Set.of("child", "ike", "timeout", "init-limits", "loglevel")),
            Map.entry(SinkCommand.TERMINATE, Set.of("child", "ike", "child-id", "ike-id", "force", "timeout", "loglevel")),
            Map.entry(SinkCommand.REKEY, Set.of("child", "ike", "child-id", "ike-id", "reauth")),
            Map.entry(SinkCommand.REDIRECT, Set.of("ike", "ike-id", "peer-ip", "peer-id", "gateway")),
            Map.entry(SinkCommand.INSTALL, Set.of("child", "ike")),
            Map.entry(SinkCommand.UNINSTALL, Set.of("child", "ike")),
            Map.entry(SinkCommand.LOAD_SHARED, Set.of("id", "type", "data", "owners")),
            Map.entry(SinkCommand.UNLOAD_SHARED, Set.of("id")),
            Map.entry(SinkCommand.LOAD_KEY, Set.of("type", "data")),
            Map.entry(SinkCommand.UNLOAD_KEY, Set.of("id")),
            Map.entry(SinkCommand.LOAD_TOKEN, Set.of("handle", "slot", "module", "pin")),
            Map.entry(SinkCommand.LOAD_CERT, Set.of("type", "flag", "data")),
            Map.entry(SinkCommand.UNLOAD_AUTHORITY, Set.of("name")),
            Map.entry(SinkCommand.UNLOAD_POOL, Set.of("name")),
            Map.entry(SinkCommand.FLUSH_CERTS, Set.of("type")),
            Map.entry(SinkCommand.CLEAR_CREDS, Set.of()),
            Map.entry(SinkCommand.RELOAD_SETTINGS, Set.of()),
            Map.entry(SinkCommand.RESET_COUNTERS, Set.of("name", "all")));

    private static final Set<String> POOL_ATTRIBUTES = Set.of("address", "dns", "nbns", "dhcp", "netmask", "server",
            "subnet", "split_include", "split_exclude");

    static Schema connectSchema(SinkCommand command) throws IOException {
        return AVRO_DATA.toConnectSchema(avroSchema(command));
    }

    static org.apache.avro.Schema avroSchema(SinkCommand command) throws IOException {
        return new org.apache.avro.Schema.Parser().parse(Files.readString(DIR.resolve(command.wireName() + ".avsc")));
    }

    @ParameterizedTest
    @EnumSource(SinkCommand.class)
    void everyFieldMapsToAKeyTheCommandTakes(SinkCommand command) throws IOException {
        Schema schema = connectSchema(command);
        List<String> paths = new ArrayList<>();
        if (command.namedSection()) {
            assertThat(schema.fields()).extracting(Field::name).containsExactly("name", "config");
            collect(schema.field("config").schema(), command, "", paths);
        } else {
            collect(schema, command, "", paths);
        }
        Set<String> known = known(command);
        assertThat(paths).isNotEmpty().allSatisfy(path -> assertThat(known).as("keys of %s", command).contains(path));
        if (!command.namedSection()) {
            assertThat(paths).containsExactlyInAnyOrderElementsOf(known);
        }
    }

    private static Set<String> known(SinkCommand command) throws IOException {
        if (!command.namedSection()) {
            Set<String> keys = SPEC_KEYS.get(command);
            return keys.isEmpty() ? Set.of("(no arguments)") : keys;
        }
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/sink/swanctl-conf-keys.txt"));
        String prefix = switch (command) {
            case LOAD_CONN -> "connections.<conn>.";
            case LOAD_AUTHORITY -> "authorities.<name>.";
            default -> "pools.<name>.";
        };
        Set<String> keys = lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .map(k -> k.replace("local<suffix>", "<auth>").replace("remote<suffix>", "<auth>"))
                .collect(Collectors.toSet());
        if (command == SinkCommand.LOAD_POOL) {
            POOL_ATTRIBUTES.forEach(keys::add);
        }
        return keys;
    }

    /** Paths of VICI keys in the shape of swanctl.conf's key list: children.<child>.mode, <auth>.id. */
    private static void collect(Schema schema, SinkCommand command, String prefix, List<String> paths) {
        if (schema.fields().isEmpty()) {
            paths.add("(no arguments)");
        }
        for (Field field : schema.fields()) {
            String key = command.keyStyle().viciKey(field.name());
            Schema type = field.schema();
            if (key.equals("local") || key.equals("remote")) {
                paths.add(prefix + key.replace(key, "<auth>"));
                collect(type, command, prefix + "<auth>.", paths);
            } else if (type.type() == Schema.Type.MAP && type.valueSchema().type() == Schema.Type.STRUCT) {
                paths.add(prefix + key + ".<child>");
                collect(type.valueSchema(), command, prefix + key + ".<child>.", paths);
            } else {
                paths.add(prefix + key);
            }
        }
    }

    @Test
    void aLoadConnRecordThroughAvroDataIsTheExactSwanctlRequest() throws IOException {
        org.apache.avro.Schema schema = avroSchema(SinkCommand.LOAD_CONN);
        org.apache.avro.Schema config = schema.getField("config").schema();
        org.apache.avro.Schema auth = nonNull(config.getField("local").schema());
        org.apache.avro.Schema child = nonNull(config.getField("children").schema()).getValueType();
        GenericRecord net = new GenericRecordBuilder(child).set("mode", "tunnel")
                .set("local_ts", List.of("10.98.1.0/24")).set("remote_ts", List.of("10.98.2.0/24"))
                .set("esp_proposals", List.of("aes128gcm16")).set("start_action", "none").set("rekey_time", "1h").build();
        GenericRecord conn = new GenericRecordBuilder(config).set("version", "2")
                .set("local_addrs", List.of("10.99.0.1")).set("remote_addrs", List.of("10.99.0.2"))
                .set("proposals", List.of("aes128-sha256-modp2048")).set("mobike", false).set("keyingtries", 3L)
                .set("local", new GenericRecordBuilder(auth).set("auth", "psk").set("id", "a.test").build())
                .set("remote", new GenericRecordBuilder(auth).set("auth", "psk").set("id", "b.test").build())
                .set("children", Map.of("net", net)).build();
        GenericRecord value = new GenericRecordBuilder(schema).set("name", "ab").set("config", conn).build();
        assertThat(GenericData.get().validate(schema, value)).isTrue();

        SchemaAndValue connect = AVRO_DATA.toConnectData(schema, value);
        Message message = interpreter().interpret(record("vici.cmd.load-conn", 0, connect.schema(), connect.value(),
                Map.of())).message();

        Message expected = Message.builder().section("ab", c -> c
                .put("version", "2")
                .list("local_addrs", "10.99.0.1")
                .list("remote_addrs", "10.99.0.2")
                .list("proposals", "aes128-sha256-modp2048")
                .put("mobike", "no")
                .put("keyingtries", "3")
                .section("local", l -> l.put("auth", "psk").put("id", "a.test"))
                .section("remote", r -> r.put("auth", "psk").put("id", "b.test"))
                .section("children", ch -> ch.section("net", n -> n
                        .put("mode", "tunnel")
                        .list("local_ts", "10.98.1.0/24")
                        .list("remote_ts", "10.98.2.0/24")
                        .list("esp_proposals", "aes128gcm16")
                        .put("rekey_time", "1h")
                        .put("start_action", "none")))).build();
        assertThat(message).isEqualTo(expected);
        assertThat(message.section("ab").orElseThrow().keys()).containsExactlyElementsOf(
                expected.section("ab").orElseThrow().keys());
    }

    @Test
    void hyphenatedKeysComeBackFromAvroFieldNames() throws IOException {
        org.apache.avro.Schema schema = avroSchema(SinkCommand.TERMINATE);
        GenericRecord value = new GenericRecordBuilder(schema).set("ike_id", 7L).set("force", true).set("timeout", 500L).build();
        SchemaAndValue connect = AVRO_DATA.toConnectData(schema, value);
        Message message = interpreter().interpret(record("vici.cmd.terminate", 0, connect.schema(), connect.value(),
                Map.of())).message();
        assertThat(message).isEqualTo(Message.builder().put("ike-id", "7").put("force", "yes").put("timeout", "500").build());
    }

    @Test
    void theResultSchemaFileIsWhatAvroDataMakesOfTheConnectSchema() throws IOException {
        org.apache.avro.Schema file = new org.apache.avro.Schema.Parser()
                .parse(Files.readString(DIR.resolve("command-result.avsc")));
        assertThat(file).isEqualTo(AVRO_DATA.fromConnectSchema(CommandResults.SCHEMA));
        assertThat(AVRO_DATA.toConnectSchema(file)).isEqualTo(CommandResults.SCHEMA);
    }

    /**
     * Why the mapping from field names to VICI keys is a rule per command and not a property in the
     * schema: a field-level property of the .avsc does not reach the Connect schema the sink sees.
     */
    @Test
    void aFieldPropertyInTheAvscDoesNotSurviveAvroData() {
        org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse(
                "{\"type\": \"record\", \"name\": \"T\", \"namespace\": \"x\", \"fields\": ["
                        + "{\"name\": \"ike_id\", \"type\": \"long\", \"vici.key\": \"ike-id\", \"doc\": \"vici.key=ike-id\"}]}");
        Schema connect = AVRO_DATA.toConnectSchema(avro);
        Schema field = connect.field("ike_id").schema();
        assertThat(field.parameters()).isNull();
        assertThat(field.doc()).isNull();
        assertThat(connect.toString()).doesNotContain("ike-id");
    }

    private static org.apache.avro.Schema nonNull(org.apache.avro.Schema union) {
        return union.getTypes().stream().filter(s -> s.getType() != org.apache.avro.Schema.Type.NULL).findFirst().orElseThrow();
    }

    private static RecordInterpreter interpreter() {
        return new RecordInterpreter(new CommandResolver("vici.cmd.", EnumSet.allOf(SinkCommand.class)),
                new GatewayResolver(GatewayEndpoints.parse("gw=unix:///tmp/gw.vici").names()));
    }
}
