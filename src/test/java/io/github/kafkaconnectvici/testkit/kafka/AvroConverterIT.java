package io.github.kafkaconnectvici.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.apicurio.registry.utils.converter.AvroConverter;

/**
 * The kit's Avro path end to end: Connect data, Apicurio's AvroConverter against the real registry, a
 * real topic, and back. Connectors' Avro tests rely on exactly this.
 */
class AvroConverterIT {

    private static final String TOPIC = "testkit-avro";

    private static final Schema ENDPOINT = SchemaBuilder.struct()
            .name("io.github.kafkaconnectvici.testkit.Endpoint")
            .field("host", Schema.STRING_SCHEMA)
            .field("port", Schema.INT32_SCHEMA)
            .build();
    private static final Schema SAMPLE = SchemaBuilder.struct()
            .name("io.github.kafkaconnectvici.testkit.Sample")
            .field("name", Schema.STRING_SCHEMA)
            .field("remote", ENDPOINT)
            .field("proposals", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("counters", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build())
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("established", Timestamp.SCHEMA)
            .field("rekeyed", Timestamp.builder().optional().build())
            .build();

    private static SchemaRegistry registry;
    private static ConnectCluster cluster;

    @BeforeAll
    static void start() {
        registry = SchemaRegistry.start();
        // The workers take the registry's converter settings too: the connectors' ITs configure them this way.
        cluster = ConnectCluster.builder().workerProps(registry.converterConfig("value.converter.")).start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void connectDataSurvivesAvroThroughTheRegistryAndKafka() throws Exception {
        List<Struct> originals = List.of(sample("full", "rare", new Date(1_764_000_000_123L)),
                sample("sparse", null, null));

        cluster.kafka().createTopic(TOPIC, 1);
        Converter writer = converter();
        try (KafkaProducer<byte[], byte[]> producer = cluster.kafka().createProducer(Map.of())) {
            for (Struct original : originals) {
                producer.send(new ProducerRecord<>(TOPIC, writer.fromConnectData(TOPIC, SAMPLE, original))).get();
            }
        }

        int registeredId = latestIdOf(TOPIC + "-value");
        Converter reader = converter(); // no cache shared with the writer: the schema comes from the registry
        List<Struct> received = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : cluster.kafka().consume(originals.size(), 60_000, TOPIC)) {
            ByteBuffer bytes = ByteBuffer.wrap(record.value());
            assertThat(bytes.get()).as("Confluent wire format: magic byte").isZero();
            assertThat(bytes.getInt()).as("Confluent wire format: the registry's id").isEqualTo(registeredId);
            SchemaAndValue back = reader.toConnectData(TOPIC, record.value());
            assertThat(back.schema().name()).isEqualTo(SAMPLE.name());
            received.add((Struct) back.value());
        }
        assertThat(received).hasSize(originals.size());
        for (int i = 0; i < originals.size(); i++) {
            assertSameData(received.get(i), originals.get(i));
        }

        assertThat(get(registry.ccompatUrl() + "/subjects")).contains("\"" + TOPIC + "-value\"");
    }

    @Test
    void workersAcceptTheRegistrysConverterSettings() {
        assertThat(cluster.workerProps())
                .containsEntry("value.converter", SchemaRegistry.AVRO_CONVERTER)
                .containsEntry("value.converter.apicurio.registry.url", registry.apiUrl());
        assertThat(cluster.connect().allWorkersHealthy()).isTrue();
    }

    private static Struct sample(String name, String note, Date rekeyed) {
        return new Struct(SAMPLE)
                .put("name", name)
                .put("remote", new Struct(ENDPOINT).put("host", "192.0.2.1").put("port", 4500))
                .put("proposals", List.of("aes128-sha256-x25519", "aes256gcm16-prfsha384-ecp384"))
                .put("counters", Map.of("bytes_in", 1_234_567_890_123L, "packets_in", 42L))
                .put("note", note)
                .put("established", new Date(1_763_999_999_000L))
                .put("rekeyed", rekeyed);
    }

    /** Field by field, so that a failure names the field; the schemas agree in shape and names. */
    private static void assertSameData(Struct actual, Struct expected) {
        for (var field : SAMPLE.fields()) {
            Object value = actual.get(field.name());
            if (value instanceof Struct nested) {
                assertThat(nested.schema().name()).isEqualTo(ENDPOINT.name());
                assertThat(nested.getString("host")).isEqualTo(expected.getStruct(field.name()).getString("host"));
                assertThat(nested.getInt32("port")).isEqualTo(expected.getStruct(field.name()).getInt32("port"));
            } else {
                assertThat(value).as(field.name()).isEqualTo(expected.get(field.name()));
            }
            assertThat(actual.schema().field(field.name()).schema().isOptional())
                    .as(field.name() + " optional").isEqualTo(field.schema().isOptional());
        }
    }

    private static Converter converter() {
        AvroConverter<Object> converter = new AvroConverter<>();
        converter.configure(registry.converterConfig(""), false);
        return converter;
    }

    private static int latestIdOf(String subject) throws Exception {
        JsonNode latest = new ObjectMapper().readTree(get(registry.ccompatUrl() + "/subjects/" + subject + "/versions/latest"));
        assertThat(latest.path("subject").asText()).isEqualTo(subject);
        return latest.path("id").asInt();
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
        return response.body();
    }
}
