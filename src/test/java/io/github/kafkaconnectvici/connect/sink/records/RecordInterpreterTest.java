package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoints;
import io.github.kafkaconnectvici.vici.codec.Message;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.kafkaconnectvici.connect.sink.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordInterpreterTest {

    private final RecordInterpreter interpreter = new RecordInterpreter(
            new CommandResolver("vici.cmd.", EnumSet.allOf(SinkCommand.class)),
            new GatewayResolver(GatewayEndpoints.parse("gw=unix:///tmp/gw.vici").names()));

    @Test
    void namedShapeBecomesOneSectionNamedAfterTheObject() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "ab");
        value.put("config", Map.of("local_addrs", List.of("10.0.0.1")));
        CommandRequest request = interpreter.interpret(record("vici.cmd.load-conn", 3, value, Map.of()));
        assertThat(request.command()).isEqualTo(SinkCommand.LOAD_CONN);
        assertThat(request.gateway()).isEqualTo("gw");
        assertThat(request.requestId()).isEqualTo("vici.cmd.load-conn-0-3");
        assertThat(request.message().keys()).containsExactly("ab");
        assertThat(request.message().section("ab").orElseThrow().list("local_addrs")).contains(List.of("10.0.0.1"));
    }

    @Test
    void theVerbatimFormIsTheMessageItself() {
        Map<String, Object> value = Map.of("ab", Map.of("version", "2"));
        Message message = interpreter.interpret(record("vici.cmd.load-conn", 0, value, Map.of())).message();
        assertThat(message.section("ab").orElseThrow().text("version")).contains("2");
    }

    @Test
    void aStructOfTheNamedShapeKeepsSwanctlKeys() {
        Schema config = SchemaBuilder.struct().field("rekey_time", Schema.OPTIONAL_STRING_SCHEMA)
                .field("remote_addrs", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build()).build();
        Schema shape = SchemaBuilder.struct().field("name", Schema.STRING_SCHEMA).field("config", config).build();
        Struct value = new Struct(shape).put("name", "ab")
                .put("config", new Struct(config).put("rekey_time", "4h").put("remote_addrs", List.of("10.0.0.2")));
        Message ab = interpreter.interpret(record("vici.cmd.load-conn", 0, shape, value, Map.of())).message()
                .section("ab").orElseThrow();
        assertThat(ab.keys()).containsExactly("rekey_time", "remote_addrs");
    }

    @Test
    void poolsTakeNumericAttributeTypesInTheMapForm() {
        Map<String, Object> pool = new LinkedHashMap<>();
        pool.put("addrs", "10.3.0.0/24");
        pool.put("dns", List.of("10.3.0.53"));
        pool.put("25", List.of("abc"));
        Message message = interpreter.interpret(record("vici.cmd.load-pool", 0,
                Map.of("name", "p1", "config", pool), Map.of())).message();
        assertThat(message.section("p1").orElseThrow().keys()).containsExactly("addrs", "dns", "25");
    }

    @Test
    void aBrokenNamedShapeSaysWhatIsWrong() {
        assertThatThrownBy(() -> interpreter.interpret(record("vici.cmd.load-conn", 0,
                Map.of("name", 5, "config", Map.of()), Map.of())))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("'name' must be a non-empty string");
        assertThatThrownBy(() -> interpreter.interpret(record("vici.cmd.load-authority", 0,
                Map.of("name", "ca", "config", "x"), Map.of())))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("'config' must be a struct or a map");
    }

    @Test
    void otherCommandsHaveNoNamedShape() {
        Message message = interpreter.interpret(record("vici.cmd.unload-conn", 0, Map.of("name", "ab"), Map.of())).message();
        assertThat(message.text("name")).contains("ab");
    }

    @Test
    void aStructForInitiateUsesHyphenatedKeys() {
        Schema schema = SchemaBuilder.struct().field("child", Schema.STRING_SCHEMA)
                .field("init_limits", Schema.OPTIONAL_BOOLEAN_SCHEMA).build();
        Message message = interpreter.interpret(record("vici.cmd.initiate", 0, schema,
                new Struct(schema).put("child", "net").put("init_limits", false), Map.of())).message();
        assertThat(message.keys()).containsExactly("child", "init-limits");
        assertThat(message.text("init-limits")).contains("no");
    }
}
