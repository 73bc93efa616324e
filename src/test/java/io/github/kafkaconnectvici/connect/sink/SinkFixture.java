package io.github.kafkaconnectvici.connect.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Node;
import io.github.kafkaconnectvici.vici.codec.Value;
import io.github.kafkaconnectvici.vici.codec.ValueList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Producing command records and reading results and DLQ entries in the sink's integration tests. */
public final class SinkFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectCluster cluster;
    private final KafkaProducer<byte[], byte[]> producer;

    SinkFixture(ConnectCluster cluster) {
        this.cluster = cluster;
        this.producer = cluster.kafka().createProducer(Map.of());
    }

    /** Sends one JSON command record (synchronously, so records of one partition keep the test's order). */
    void send(String topic, Object value, Map<String, String> headers) {
        try {
            sendBytes(topic, JSON.writeValueAsBytes(value), headers);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    void sendBytes(String topic, byte[] value, Map<String, String> headers) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, null, value);
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Every record of the topics, from the beginning. */
    List<ConsumerRecord<byte[], byte[]>> all(String... topics) {
        try {
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            cluster.kafka().consumeAll(30_000, topics).forEach(records::add);
            return records;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + String.join(",", topics) + ": " + e, e);
        }
    }

    /** The result records of the topic, parsed (JsonConverter without schemas), in topic order. */
    List<JsonNode> results(String topic) {
        List<JsonNode> results = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : all(topic)) {
            try {
                results.add(JSON.readTree(record.value()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return results;
    }

    List<JsonNode> results(String topic, String requestId) {
        return results(topic).stream().filter(r -> r.path("request_id").asText().equals(requestId)).toList();
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A VICI message as the JSON a user would write: sections as objects, lists as arrays, values as text. */
    public static Object json(Node node) {
        if (node instanceof Message message) {
            Map<String, Object> map = new LinkedHashMap<>();
            message.entries().forEach((k, v) -> map.put(k, json(v)));
            return map;
        }
        if (node instanceof ValueList list) {
            return list.texts();
        }
        return ((Value) node).text();
    }

    /** load-conn's documented record shape for a message {@code {<name> {...}}}. */
    public static Map<String, Object> namedShape(Message loadConn) {
        String name = loadConn.keys().iterator().next();
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", name);
        value.put("config", json(loadConn.section(name).orElseThrow()));
        return value;
    }

    @Override
    public void close() {
        producer.close();
    }
}
