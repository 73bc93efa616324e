package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.vici.codec.Message;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.github.kafkaconnectvici.connect.sink.Records.record;
import static org.assertj.core.api.Assertions.assertThat;

class CommandResultsTest {

    private static final String PSK = "psk-MARKER-results-0c1d";
    private final Instant start = Instant.parse("2026-11-25T08:00:00Z");
    private final Instant end = start.plusMillis(250);

    @Test
    void anExecutedCommandCarriesEverything() {
        SinkRecord record = record("vici.cmd.initiate", 7, Map.of("child", "net"), Map.of(Headers.REQUEST_ID, "req-1"));
        CommandRequest request = new CommandRequest(record, "req-1", "gw",
                SinkCommand.INITIATE, Message.builder().put("child", "net").build());
        Message reply = Message.builder().put("success", "yes").build();
        Struct result = CommandResults.executed(new CommandOutcome(request, reply,
                List.of("[IKE] initiating IKE_SA ab[1] to 10.99.0.2", "[IKE] IKE_SA ab[1] established"), start, end,
                Optional.empty()));
        result.validate();
        assertThat(result.getString("request_id")).isEqualTo("req-1");
        assertThat(result.getString("gateway")).isEqualTo("gw");
        assertThat(result.getString("command")).isEqualTo("initiate");
        assertThat(result.getBoolean("success")).isTrue();
        assertThat(result.getString("errmsg")).isNull();
        assertThat(result.<String, String>getMap("reply")).containsExactly(Map.entry("success", "yes"));
        assertThat(result.<String>getArray("control_log")).hasSize(2).first().asString().startsWith("[IKE] initiating");
        assertThat(result.get("start_time")).isEqualTo(Date.from(start));
        assertThat(result.get("end_time")).isEqualTo(Date.from(end));
        assertThat(result.getString("topic")).isEqualTo("vici.cmd.initiate");
        assertThat(result.getInt32("partition")).isZero();
        assertThat(result.getInt64("offset")).isEqualTo(7L);
    }

    @Test
    void aFailedCommandKeepsCharonsReplyWithSecretsRedactedAndNeverTheRequest() {
        SinkRecord record = record("vici.cmd.load-shared", 1, Map.of("type", "IKE", "data", PSK), Map.of());
        Message request = Message.builder().put("type", "IKE").put("data", PSK).build();
        CommandRequest command = new CommandRequest(record, "vici.cmd.load-shared-0-1",
                "gw", SinkCommand.LOAD_SHARED, request);
        Message reply = Message.builder().put("success", "no").put("errmsg", "loading shared key failed")
                .put("data", PSK).build();
        Struct result = CommandResults.executed(new CommandOutcome(command, reply, List.of(), start, end,
                Optional.of("charon reports that 'load-shared' failed: loading shared key failed")));
        assertThat(result.getBoolean("success")).isFalse();
        assertThat(result.getString("errmsg")).contains("loading shared key failed");
        assertThat(result.<String, String>getMap("reply")).containsEntry("data", Redaction.REDACTED);

        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "false"), false);
        String serialised = new String(json.fromConnectData("results", CommandResults.SCHEMA, result), StandardCharsets.UTF_8);
        assertThat(serialised).contains("\"request_id\":\"vici.cmd.load-shared-0-1\"").doesNotContain(PSK);
    }

    @Test
    void aRejectedRecordSaysAsMuchAsResolved() {
        SinkRecord record = record("vici.cmd.clear-creds", 3, null, Map.of());
        Struct result = CommandResults.rejected(record, "vici.cmd.clear-creds-0-3", null, "clear-creds",
                "command 'clear-creds' is not allowed", start);
        result.validate();
        assertThat(result.getString("gateway")).isNull();
        assertThat(result.getString("command")).isEqualTo("clear-creds");
        assertThat(result.getBoolean("success")).isFalse();
        assertThat(result.getString("errmsg")).isEqualTo("command 'clear-creds' is not allowed");
        assertThat(result.<String, String>getMap("reply")).isEmpty();
        assertThat(result.get("start_time")).isEqualTo(result.get("end_time"));
    }
}
