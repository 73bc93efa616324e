package io.github.kafkaconnectvici.vici.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Value;
import io.github.kafkaconnectvici.vici.codec.ValueList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a request message from the command line: {@code key=value} pairs, where a dotted key
 * names sub-sections ({@code ab.children.net.mode=tunnel}) and {@code key[]=item} adds to a list;
 * or a JSON object, where objects become sections, arrays lists, and scalars values (true and false
 * become yes and no, as charon writes booleans).
 */
final class RequestArguments {

    private static final JsonFactory FACTORY = new JsonFactory();

    private RequestArguments() {
    }

    static Message fromPairs(List<String> pairs) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("request arguments are key=value, not '" + pair + "'");
            }
            String key = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            boolean listItem = key.endsWith("[]");
            if (listItem) {
                key = key.substring(0, key.length() - 2);
            }
            String[] path = key.split("\\.", -1);
            Map<String, Object> section = root;
            for (int i = 0; i < path.length - 1; i++) {
                section = sectionOf(section, path[i], key);
            }
            String leaf = path[path.length - 1];
            Object existing = section.get(leaf);
            if (listItem) {
                if (existing == null) {
                    existing = new ArrayList<String>();
                    section.put(leaf, existing);
                } else if (!(existing instanceof List)) {
                    throw new IllegalArgumentException("'" + key + "' is given both as a list and as something else");
                }
                @SuppressWarnings("unchecked")
                List<String> list = (List<String>) existing;
                list.add(value);
            } else if (existing != null) {
                throw new IllegalArgumentException("'" + key + "' is given twice; use " + key + "[]=... for a list");
            } else {
                section.put(leaf, value);
            }
        }
        return toMessage(root);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sectionOf(Map<String, Object> parent, String name, String key) {
        Object existing = parent.computeIfAbsent(name, n -> new LinkedHashMap<String, Object>());
        if (!(existing instanceof Map)) {
            throw new IllegalArgumentException("'" + key + "' uses '" + name + "' as a section, but it is a value");
        }
        return (Map<String, Object>) existing;
    }

    @SuppressWarnings("unchecked")
    private static Message toMessage(Map<String, Object> tree) {
        Message.Builder builder = Message.builder();
        tree.forEach((key, value) -> {
            if (value instanceof Map) {
                builder.section(key, toMessage((Map<String, Object>) value));
            } else if (value instanceof List) {
                builder.list(key, (List<String>) value);
            } else {
                builder.put(key, (String) value);
            }
        });
        return builder.build();
    }

    static Message fromJson(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a JSON request must be an object");
            }
            Message message = section(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("a JSON request must be one object, but more follows it");
            }
            return message;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the JSON request: " + e.getMessage());
        }
    }

    private static Message section(JsonParser parser) throws IOException {
        Message.Builder builder = Message.builder();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (token) {
                case START_OBJECT -> builder.section(key, section(parser));
                case START_ARRAY -> {
                    List<Value> items = new ArrayList<>();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        items.add(Value.of(scalar(parser, key + "[]")));
                    }
                    builder.put(key, new ValueList(items));
                }
                default -> builder.put(key, scalar(parser, key));
            }
        }
        return builder.build();
    }

    private static String scalar(JsonParser parser, String key) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
            case VALUE_TRUE -> "yes";
            case VALUE_FALSE -> "no";
            default -> throw new IllegalArgumentException("'" + key + "' must be a string, number or boolean in VICI"
                    + " (lists hold values only), not " + parser.currentToken());
        };
    }
}
