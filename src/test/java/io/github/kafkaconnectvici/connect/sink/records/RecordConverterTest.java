package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.vici.codec.Message;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordConverterTest {

    private final RecordConverter hyphenated = new RecordConverter(SinkCommand.KeyStyle.HYPHENATED);
    private final RecordConverter swanctl = new RecordConverter(SinkCommand.KeyStyle.SWANCTL);

    @Test
    void schemalessMapsKeepKeysVerbatimAndOrder() {
        Map<String, Object> child = new LinkedHashMap<>();
        child.put("local_ts", List.of("10.0.0.0/24", "10.0.1.0/24"));
        child.put("rekey_time", 3600L);
        Map<String, Object> conn = new LinkedHashMap<>();
        conn.put("version", 2);
        conn.put("mobike", false);
        conn.put("children", Map.of("net", child));
        Message message = hyphenated.toMessage(Map.of("ab", conn));

        Message ab = message.section("ab").orElseThrow();
        assertThat(ab.keys()).containsExactly("version", "mobike", "children");
        assertThat(ab.text("version")).contains("2");
        assertThat(ab.text("mobike")).contains("no");
        Message net = ab.section("children").orElseThrow().section("net").orElseThrow();
        assertThat(net.list("local_ts")).contains(List.of("10.0.0.0/24", "10.0.1.0/24"));
        assertThat(net.text("rekey_time")).contains("3600");
    }

    @Test
    void primitivesBecomeText() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("yes", true);
        value.put("int8", (byte) -3);
        value.put("int64", Long.MAX_VALUE);
        value.put("double", 1.5d);
        value.put("whole-double", 3600.0d);
        value.put("float", 0.25f);
        value.put("decimal", new BigDecimal("1E+3"));
        Message message = hyphenated.toMessage(value);
        assertThat(message.text("yes")).contains("yes");
        assertThat(message.text("int8")).contains("-3");
        assertThat(message.text("int64")).contains("9223372036854775807");
        assertThat(message.text("double")).contains("1.5");
        assertThat(message.text("whole-double")).contains("3600");
        assertThat(message.text("float")).contains("0.25");
        assertThat(message.text("decimal")).contains("1000");
    }

    @Test
    void bytesStayRawBytes() {
        byte[] der = {0x30, (byte) 0x82, 0x00, (byte) 0xff};
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("data", der);
        value.put("buffer", ByteBuffer.wrap(der));
        Message message = hyphenated.toMessage(value);
        assertThat(message.bytes("data").orElseThrow()).isEqualTo(der);
        assertThat(message.bytes("buffer").orElseThrow()).isEqualTo(der);
    }

    @Test
    void structFieldNamesFollowTheKeyStyle() {
        Schema schema = SchemaBuilder.struct()
                .field("ike_id", Schema.OPTIONAL_INT64_SCHEMA)
                .field("child", Schema.OPTIONAL_STRING_SCHEMA)
                .field("init_limits", Schema.OPTIONAL_BOOLEAN_SCHEMA)
                .build();
        Struct struct = new Struct(schema).put("ike_id", 7L).put("init_limits", true);
        Message message = hyphenated.toMessage(struct);
        assertThat(message.keys()).containsExactly("ike-id", "init-limits");
        assertThat(swanctl.toMessage(struct).keys()).containsExactly("ike_id", "init_limits");
    }

    @Test
    void nullsAreLeftOutAndATombstoneIsAnEmptyMessage() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("child", "net");
        value.put("ike", null);
        assertThat(hyphenated.toMessage(value).keys()).containsExactly("child");
        assertThat(hyphenated.toMessage(null)).isEqualTo(Message.EMPTY);
    }

    @Test
    void nestedListsAndSectionsInListsAreRejectedWithTheirPath() {
        assertThatThrownBy(() -> hyphenated.toMessage(Map.of("a", Map.of("l", List.of("x", List.of("y"))))))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("a.l[1]").hasMessageContaining("a list");
        assertThatThrownBy(() -> hyphenated.toMessage(Map.of("l", List.of(Map.of("k", "v")))))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("l[0]").hasMessageContaining("a map");
        assertThatThrownBy(() -> hyphenated.toMessage(Map.of("l", Arrays.asList("x", null))))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("l[1] is null");
    }

    @Test
    void aValueThatIsNotAnObjectIsRejected() {
        assertThatThrownBy(() -> hyphenated.toMessage("ab")).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("must be a struct or a map").hasMessageContaining("String");
        assertThatThrownBy(() -> hyphenated.toMessage(List.of("ab"))).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("a list");
    }

    @Test
    void errorsNameTheKeyButNeverTheValue() {
        String secret = "s3cret-" + "x".repeat(70_000);
        assertThatThrownBy(() -> hyphenated.toMessage(Map.of("data", secret)))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("'data'")
                .message().doesNotContain("s3cret");
        assertThatThrownBy(() -> hyphenated.toMessage(Map.of("pin", new Object())))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("'pin' is a Object");
        assertThatThrownBy(() -> hyphenated.toMessage(Map.of("x".repeat(300), "v")))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("cannot use");
        assertThatThrownBy(() -> hyphenated.toMessage(Map.of("n", Double.NaN)))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("not a finite number");
    }

    @Test
    void nonStringMapKeysAreRejected() {
        assertThatThrownBy(() -> hyphenated.toMessage(Map.of(1, "v"))).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("the top level").hasMessageContaining("Integer");
    }

    @Test
    void utf8TextIsSentAsUtf8() {
        Message message = hyphenated.toMessage(Map.of("id", "gr\u00fc\u00df"));
        assertThat(message.bytes("id").orElseThrow()).isEqualTo("gr\u00fc\u00df".getBytes(StandardCharsets.UTF_8));
    }
}
