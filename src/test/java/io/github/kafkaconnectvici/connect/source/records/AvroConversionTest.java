package io.github.kafkaconnectvici.connect.source.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/** The Avro converter accepts every mapped record, under exactly the schemas in schemas/source. */
class AvroConversionTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-25T04:01:53.135Z");

    private final AvroData avroData = new AvroData(new AvroDataConfig(Map.of()));
    private final RecordMapper mapper = new RecordMapper();

    private static Envelope envelope(String event) {
        return new Envelope("gw-a", event, RECEIVED, 7);
    }

    private List<KeyedValue> records() {
        List<KeyedValue> records = new ArrayList<>();
        for (SampleEvents.Sample sample : SampleEvents.all()) {
            records.add(mapper.event(envelope(sample.event()), sample.message()));
        }
        Message odd = Message.builder().put("up", "maybe").put("stray", Value.of(new byte[] {(byte) 0xff, 0}))
                .section("ab", sa -> sa.put("uniqueid", "x").list("local-port", "1").section("future", f -> f.put("k", "v"))
                        .section("child-sas", c -> c.put("weird", "1").section("net-1", child -> child.put("bytes-in", "-"))))
                .build();
        records.add(mapper.event(envelope("ike-updown"), odd));
        records.add(mapper.event(envelope("child-rekey"), odd));
        records.add(mapper.event(envelope("ike-rekey"), odd));
        records.add(mapper.event(envelope("ike-update"), odd));
        records.add(mapper.event(envelope("log"), odd));
        records.add(mapper.event(envelope("ike-state-established"), odd));
        records.add(mapper.event(envelope("alert"), Message.EMPTY));
        records.add(mapper.snapshotEntry(envelope("list-sa"), new SnapshotPosition("s1", 0, false, null),
                SampleEvents.get("child-updown-up").message().toBuilder().put("extra", Message.EMPTY).build()));
        records.add(mapper.status(envelope("status"), StatusReport.of(StatusReport.HEARTBEAT)));
        records.add(mapper.status(envelope("status"), new StatusReport(StatusReport.GAP, "connection lost",
                RECEIVED.minusSeconds(3), RECEIVED, "s2", 4L, 9L, List.of("ike-updown"), "5.9.8")));
        records.add(mapper.status(envelope("status"), StatusReport.of(StatusReport.SNAPSHOT_COMPLETED)
                .withRequest("req-1", "ike=ab")));
        InventoryMapper inventory = new InventoryMapper();
        records.add(inventory.entry(envelope("list-conn"), "inv-1", "ab", SampleEvents.get("child-updown-up").message()));
        records.add(inventory.entry(envelope("stats"), "inv-1", null, Message.builder().put("uptime", "1").build()));
        records.add(inventory.certificate(envelope("list-cert"), "inv-1", Message.builder().put("type", "X509")
                .put("flag", "CA").put("has_privkey", "yes").put("data", new byte[] {1, 2, 3}).build()));
        return records;
    }

    @Test
    void everyRecordConvertsAndEncodesUnderItsAvscFile() throws IOException {
        List<KeyedValue> records = records();
        assertThat(records).hasSizeGreaterThan(15);
        for (KeyedValue record : records) {
            roundTrip(record.keySchema(), record.key());
            roundTrip(record.valueSchema(), record.value());
        }
    }

    private void roundTrip(org.apache.kafka.connect.data.Schema connectSchema, Object connectValue) throws IOException {
        Schema fileSchema = new Schema.Parser().parse(Files.readString(
                AvscFiles.DIRECTORY.resolve(connectSchema.name().substring(RecordSchemas.NAMESPACE.length() + 1) + ".avsc")));
        Object datum = avroData.fromConnectData(connectSchema, connectValue);
        assertThat(GenericData.get().validate(fileSchema, datum)).as(connectSchema.name()).isTrue();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<>(fileSchema).write(datum, encoder);
        encoder.flush();
        Object decoded = new GenericDatumReader<>(fileSchema).read(null,
                DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        SchemaAndValue back = avroData.toConnectData(fileSchema, decoded);
        assertThat(back.value()).as(connectSchema.name()).isInstanceOf(Struct.class);
        assertThat(plain(back.value())).as(connectSchema.name()).isEqualTo(plain(connectValue));
    }

    /** Values without their schemas (which gain Avro metadata on the way back), maps unordered. */
    private static Object plain(Object value) {
        if (value instanceof Struct struct) {
            Map<String, Object> fields = new HashMap<>();
            struct.schema().fields().forEach(f -> fields.put(f.name(), plain(struct.get(f))));
            return fields;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(AvroConversionTest::plain).toList();
        }
        if (value instanceof Map<?, ?> map) {
            return new HashMap<>(map);
        }
        return value;
    }
}
