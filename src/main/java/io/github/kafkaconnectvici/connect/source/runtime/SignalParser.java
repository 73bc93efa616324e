package io.github.kafkaconnectvici.connect.source.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.github.kafkaconnectvici.vici.codec.UniqueIds;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a signal as Debezium writes them, a JSON object
 * {@code {"id": "...", "type": "execute-snapshot", "data": {"gateway": "a", "ike": "ab", "ike-id": "3", "child": "net"}}},
 * every field of {@code data} optional. Anything else is refused with a specific reason; every
 * string is bounded.
 */
final class SignalParser {

    static final String EXECUTE_SNAPSHOT = "execute-snapshot";
    static final List<String> FILTER_KEYS = List.of("ike", "ike-id", "child");
    static final int MAX_BYTES = 4096;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@/-]{1,128}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@+-]{1,128}");
    private static final Pattern UNIQUE_ID = Pattern.compile("[1-9][0-9]{0,9}");
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4).maxStringLength(MAX_BYTES).build())
            .build();

    private SignalParser() {
    }

    /** A refused signal: {@code id} when it could be read, for the status record that reports it. */
    static final class InvalidSignal extends Exception {
        private final String id;

        InvalidSignal(String id, String message) {
            super(message, null, false, false);
            this.id = id;
        }

        String id() {
            return id;
        }
    }

    static SnapshotRequest parse(byte[] value) throws InvalidSignal {
        if (value == null || value.length == 0) {
            throw new InvalidSignal(null, "the signal has no value");
        }
        if (value.length > MAX_BYTES) {
            throw new InvalidSignal(null, "the signal has " + value.length + " bytes; at most " + MAX_BYTES + " are read");
        }
        String id = null;
        String type = null;
        Map<String, String> data = new LinkedHashMap<>();
        try (JsonParser json = JSON.createParser(value)) {
            expect(json.nextToken() == JsonToken.START_OBJECT, null, "a signal is a JSON object");
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken token = json.nextToken();
                switch (field) {
                    case "id" -> id = text(json, token, id, field);
                    case "type" -> type = text(json, token, id, field);
                    case "data" -> data(json, token, id, data);
                    default -> throw new InvalidSignal(id, "unknown field '" + bounded(field) + "' (id, type, data)");
                }
            }
            expect(json.nextToken() == null, id, "nothing may follow the signal's object");
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new InvalidSignal(id, "not valid JSON: " + bounded(why));
        }
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidSignal(null, "'id' is required: 1-128 of A-Z a-z 0-9 . _ : @ / -");
        }
        expect(EXECUTE_SNAPSHOT.equals(type), id, "'type' must be " + EXECUTE_SNAPSHOT
                + (type == null ? "" : ", not '" + bounded(type) + "'"));
        String gateway = data.remove("gateway");
        if (gateway != null && (gateway.equals("*") || gateway.isEmpty())) {
            gateway = null;
        }
        expect(gateway == null || NAME.matcher(gateway).matches(), id, "'gateway' is not a gateway name");
        for (Map.Entry<String, String> entry : data.entrySet()) {
            expect(FILTER_KEYS.contains(entry.getKey()), id, "unknown filter '" + bounded(entry.getKey())
                    + "' in data (gateway, " + String.join(", ", FILTER_KEYS) + ")");
            Pattern valid = entry.getKey().equals("ike-id") ? UNIQUE_ID : NAME;
            expect(valid.matcher(entry.getValue()).matches(), id, "data." + entry.getKey() + " '"
                    + bounded(entry.getValue()) + "' is not " + (valid == UNIQUE_ID ? "an IKE_SA unique id (1-4294967295)"
                    : "a name (1-128 of A-Z a-z 0-9 . _ : @ + -)"));
            if (valid == UNIQUE_ID) {
                expect(UniqueIds.isValid(Long.parseLong(entry.getValue())), id, "data.ike-id is above " + UniqueIds.MAX);
            }
        }
        return new SnapshotRequest(id, gateway, data);
    }

    private static void data(JsonParser json, JsonToken token, String id, Map<String, String> data)
            throws IOException, InvalidSignal {
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        expect(token == JsonToken.START_OBJECT, id, "'data' must be an object");
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String key = json.currentName();
            JsonToken value = json.nextToken();
            expect(value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT, id,
                    "data." + bounded(key) + " must be a string");
            expect(data.put(key, json.getText()) == null, id, "data." + bounded(key) + " is given twice");
        }
    }

    private static String text(JsonParser json, JsonToken token, String id, String field) throws IOException, InvalidSignal {
        expect(token == JsonToken.VALUE_STRING, id, "'" + field + "' must be a string");
        return json.getText();
    }

    private static void expect(boolean condition, String id, String problem) throws InvalidSignal {
        if (!condition) {
            throw new InvalidSignal(id, problem);
        }
    }

    /** Operator input echoed in a reason: cut short, control characters replaced. */
    private static String bounded(String text) {
        if (text == null) {
            return "";
        }
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
