package io.github.kafkaconnectvici.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;

/**
 * Reads the source connector's topics as any consumer would, decodes every record's key and value
 * with the AvroConverter against the schema registry, and prints it as one JSON line with a running
 * count per topic.
 */
final class RecordPrinter implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Converter keyConverter;
    private final Converter valueConverter;
    private final JsonConverter json = new JsonConverter();
    private final Pattern topics;
    private final DemoClock clock;
    private final PrintStream out;
    private final Map<String, Integer> counts = new TreeMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long records;

    RecordPrinter(String bootstrapServers, Converter keyConverter, Converter valueConverter, Pattern topics,
            DemoClock clock, PrintStream out) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "vici-demo-printer",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.keyConverter = keyConverter;
        this.valueConverter = valueConverter;
        this.json.configure(Map.of("schemas.enable", "false", "converter.type", "value"));
        this.topics = topics;
        this.clock = clock;
        this.out = out;
        this.thread = new Thread(this::run, "demo-record-printer");
    }

    void start() {
        thread.start();
    }

    long records() {
        return records;
    }

    private void run() {
        try {
            consumer.subscribe(topics);
            while (running) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    print(record);
                }
                if (!batch.isEmpty()) {
                    out.println(clock.stamp() + " counts " + counts);
                    out.flush();
                }
            }
        } catch (WakeupException e) {
            // close()
        } catch (RuntimeException e) {
            if (running) {
                out.println(clock.stamp() + " record printer stopped: " + e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void print(ConsumerRecord<byte[], byte[]> record) {
        int count = counts.merge(record.topic(), 1, Integer::sum);
        records++;
        String key = decode(keyConverter, record.topic(), record.key());
        String value = decode(valueConverter, record.topic(), record.value());
        if (records == 1) {
            out.println(clock.stamp() + " first record visible " + clock.sinceStart() + " after the run command started");
        }
        out.println(clock.stamp() + " " + record.topic() + " #" + count + " key=" + key + " value=" + value);
        out.flush();
    }

    private String decode(Converter converter, String topic, byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        if (bytes.length < 5 || bytes[0] != 0) {
            // Not in the registry's wire format (magic byte 0, schema id): the sink's result keys are text.
            return "\"" + new String(bytes, StandardCharsets.UTF_8) + "\"";
        }
        try {
            SchemaAndValue data = converter.toConnectData(topic, bytes);
            return new String(json.fromConnectData(topic, data.schema(), data.value()), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return "(" + bytes.length + " bytes the AvroConverter cannot read: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
