package io.github.kafkaconnectvici.vici.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Node;
import io.github.kafkaconnectvici.vici.codec.Value;
import io.github.kafkaconnectvici.vici.codec.ValueList;
import io.github.kafkaconnectvici.vici.session.Event;
import io.github.kafkaconnectvici.vici.session.Gap;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Writes one JSON object per line. Sections become objects and lists arrays, in message order;
 * a value becomes a string if it is UTF-8, else {@code {"base64": "..."}} (certificates travel as
 * DER). Every line is flushed, so the output can be piped into another program as it happens.
 */
final class JsonOutput implements AutoCloseable {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final JsonGenerator json;

    JsonOutput(OutputStream out) {
        try {
            this.json = FACTORY.createGenerator(out);
            this.json.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void event(Event event) {
        event(event.name(), event.receivedAt().toString(), event.message());
    }

    /** An event streamed by a command (no receive time: it is part of the command's output). */
    void streamed(String name, Message message) {
        event(name, null, message);
    }

    private void event(String name, String time, Message message) {
        line(() -> {
            json.writeStringField("type", "event");
            json.writeStringField("name", name);
            if (time != null) {
                json.writeStringField("time", time);
            }
            json.writeFieldName("message");
            message(message);
        });
    }

    void response(String command, Message message) {
        line(() -> {
            json.writeStringField("type", "response");
            json.writeStringField("command", command);
            json.writeFieldName("message");
            message(message);
        });
    }

    void gap(Gap gap) {
        line(() -> {
            json.writeStringField("type", "gap");
            json.writeStringField("reason", gap.reason().name());
            json.writeNumberField("dropped", gap.droppedEvents());
            json.writeStringField("since", gap.since().toString());
            json.writeStringField("until", gap.until().toString());
            json.writeStringField("detail", gap.detail());
        });
    }

    /** An error; {@code response} is charon's answer where there was one (success = no). */
    void error(String kind, String text, Message response) {
        line(() -> {
            json.writeStringField("type", "error");
            json.writeStringField("error", kind);
            json.writeStringField("message", text);
            if (response != null) {
                json.writeFieldName("response");
                message(response);
            }
        });
    }

    private interface Fields {
        void write() throws IOException;
    }

    private void line(Fields fields) {
        try {
            json.writeStartObject();
            fields.write();
            json.writeEndObject();
            json.writeRaw('\n');
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void message(Message message) throws IOException {
        json.writeStartObject();
        for (Map.Entry<String, Node> entry : message.entries().entrySet()) {
            json.writeFieldName(entry.getKey());
            Node node = entry.getValue();
            if (node instanceof Value value) {
                value(value);
            } else if (node instanceof ValueList list) {
                json.writeStartArray();
                for (Value item : list.items()) {
                    value(item);
                }
                json.writeEndArray();
            } else {
                message((Message) node);
            }
        }
        json.writeEndObject();
    }

    private void value(Value value) throws IOException {
        byte[] bytes = value.bytes();
        try {
            json.writeString(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            json.writeStartObject();
            json.writeStringField("base64", Base64.getEncoder().encodeToString(bytes));
            json.writeEndObject();
        }
    }

    @Override
    public void close() {
        try {
            json.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
