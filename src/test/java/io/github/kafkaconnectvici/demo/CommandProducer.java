package io.github.kafkaconnectvici.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Node;
import io.github.kafkaconnectvici.vici.codec.Value;
import io.github.kafkaconnectvici.vici.codec.ValueList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Asks the sink connector to run VICI commands, as an operator's tool would: one record per command on
 * the command topic, the command and gateway named in headers, its arguments as a JSON object (the
 * sink's value converter is schemaless JSON).
 */
public final class CommandProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final ObjectMapper json = new ObjectMapper();

    public CommandProducer(String bootstrapServers, String topic) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Sends {@code command} with {@code arguments} for gateway {@code endpoint}; returns the request id. */
    public String send(String endpoint, String command, Message arguments) throws Exception {
        String requestId = UUID.randomUUID().toString();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, endpoint.getBytes(StandardCharsets.UTF_8),
                json.writeValueAsBytes(toJson(arguments)));
        record.headers().add("vici.command", command.getBytes(StandardCharsets.UTF_8));
        record.headers().add("vici.endpoint", endpoint.getBytes(StandardCharsets.UTF_8));
        record.headers().add("vici.request.id", requestId.getBytes(StandardCharsets.UTF_8));
        producer.send(record).get(30, TimeUnit.SECONDS);
        return requestId;
    }

    /** Sections become objects, lists arrays, values strings (the sink turns them back into VICI). */
    static Map<String, Object> toJson(Message message) {
        Map<String, Object> object = new LinkedHashMap<>();
        message.entries().forEach((key, node) -> object.put(key, toJson(node)));
        return object;
    }

    private static Object toJson(Node node) {
        if (node instanceof Message section) {
            return toJson(section);
        }
        if (node instanceof ValueList list) {
            return new ArrayList<>(list.texts());
        }
        return ((Value) node).text();
    }

    @Override
    public void close() {
        producer.close();
    }
}
