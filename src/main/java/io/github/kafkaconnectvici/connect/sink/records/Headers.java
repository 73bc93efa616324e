package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.vici.codec.PrintableNames;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The record headers the sink reads, as text whichever header converter the worker uses. */
public final class Headers {

    public static final String COMMAND = "vici.command";
    public static final String ENDPOINT = "vici.endpoint";
    public static final String REQUEST_ID = "vici.request.id";

    private Headers() {
    }

    /** The last header of that name as text; blank counts as absent. */
    public static Optional<String> text(SinkRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        if (header == null || header.value() == null) {
            return Optional.empty();
        }
        Object value = header.value();
        String text;
        if (value instanceof String s) {
            text = s;
        } else if (value instanceof Number || value instanceof Boolean) {
            text = value.toString(); // SimpleHeaderConverter parses a request id like 42 into a number
        } else if (value instanceof byte[] bytes) {
            text = new String(bytes, StandardCharsets.UTF_8);
        } else if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            text = new String(bytes, StandardCharsets.UTF_8);
        } else {
            throw new MalformedRecordException("header '" + name + "' is " + RecordConverter.typeName(value) + ", not text");
        }
        text = text.trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** A name from a record (command, gateway) for a message: short and printable. Never use it for values. */
    public static String printable(String name) {
        return PrintableNames.of(name, PrintableNames.Style.QUESTION_MARKS);
    }
}
