package io.github.kafkaconnectvici.connect.source.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Events captured from strongSwan 5.9.8 (all values strings, as on the wire), as VICI messages. */
public final class SampleEvents {

    public record Sample(String id, String event, Message message) {
    }

    private static final String RESOURCE = "events-strongswan-5.9.8.json";

    private SampleEvents() {
    }

    public static Sample get(String id) {
        return all().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sample " + id));
    }

    public static List<Sample> all() {
        try (InputStream in = SampleEvents.class.getResourceAsStream(RESOURCE)) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Sample> samples = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> sample = it.next();
                samples.add(new Sample(sample.getKey(), sample.getValue().get("event").asText(),
                        message(sample.getValue().get("message"))));
            }
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON objects are sections, arrays lists, strings values. */
    private static Message message(JsonNode object) {
        Message.Builder builder = Message.builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode node = entry.getValue();
            if (node.isObject()) {
                builder.section(entry.getKey(), message(node));
            } else if (node.isArray()) {
                List<String> items = new ArrayList<>();
                node.forEach(item -> items.add(item.asText()));
                builder.list(entry.getKey(), items);
            } else {
                builder.put(entry.getKey(), node.asText());
            }
        }
        return builder.build();
    }
}
