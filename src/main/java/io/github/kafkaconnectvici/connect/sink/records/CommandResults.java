package io.github.kafkaconnectvici.connect.sink.records;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The result record of every command, executed or rejected (schema file:
 * {@code schemas/sink/command-result.avsc}). It never holds the request, and the reply passes
 * through {@link Redaction}, so no secret sent to charon can reach the result topic.
 */
public final class CommandResults {

    public static final String SCHEMA_NAME = "io.github.kafkaconnectvici.sink.CommandResult";

    public static final Schema SCHEMA = SchemaBuilder.struct().name(SCHEMA_NAME).version(1)
            .doc("The outcome of one command record executed (or rejected) by the VICI sink connector")
            .field("request_id", Schema.STRING_SCHEMA)
            .field("gateway", Schema.OPTIONAL_STRING_SCHEMA)
            .field("command", Schema.OPTIONAL_STRING_SCHEMA)
            .field("success", Schema.BOOLEAN_SCHEMA)
            .field("errmsg", Schema.OPTIONAL_STRING_SCHEMA)
            .field("reply", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
            .field("control_log", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("start_time", Timestamp.SCHEMA)
            .field("end_time", Timestamp.SCHEMA)
            .field("topic", Schema.STRING_SCHEMA)
            .field("partition", Schema.INT32_SCHEMA)
            .field("offset", Schema.INT64_SCHEMA)
            .build();

    private CommandResults() {
    }

    public static Struct executed(CommandOutcome outcome) {
        CommandRequest request = outcome.request();
        return base(request.record(), request.requestId(), request.gateway(), request.command().wireName(),
                outcome.start(), outcome.end())
                .put("success", outcome.success())
                .put("errmsg", outcome.failure().orElse(null))
                .put("reply", Redaction.flatten(outcome.reply()))
                .put("control_log", outcome.controlLog());
    }

    /** A record that was never executed; {@code gateway} and {@code command} as far as they resolved. */
    public static Struct rejected(SinkRecord record, String requestId, String gateway, String command,
                                  String reason, Instant at) {
        return base(record, requestId, gateway, command, at, at)
                .put("success", false)
                .put("errmsg", reason)
                .put("reply", Map.of())
                .put("control_log", List.of());
    }

    private static Struct base(SinkRecord record, String requestId, String gateway, String command,
                               Instant start, Instant end) {
        return new Struct(SCHEMA)
                .put("request_id", requestId)
                .put("gateway", gateway)
                .put("command", command)
                .put("start_time", Date.from(start))
                .put("end_time", Date.from(end))
                .put("topic", record.topic())
                .put("partition", record.kafkaPartition())
                .put("offset", record.kafkaOffset());
    }
}
