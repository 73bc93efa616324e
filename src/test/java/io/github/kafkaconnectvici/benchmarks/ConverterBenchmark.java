package io.github.kafkaconnectvici.benchmarks;

import io.github.kafkaconnectvici.connect.source.records.Envelope;
import io.github.kafkaconnectvici.connect.source.records.KeyedValue;
import io.github.kafkaconnectvici.connect.source.records.RecordMapper;
import io.github.kafkaconnectvici.connect.source.records.SnapshotPosition;
import io.github.kafkaconnectvici.testkit.kafka.SchemaRegistry;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.PacketCodec;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;

/**
 * What a converter costs per source record, side by side in one JVM (BENCHMARKS.md): Apicurio's
 * AvroConverter against a real registry with auto-register on and off, and Kafka's JsonConverter with
 * and without embedded schemas, each fed the connector's own records (a real {@code list-sa} mapped
 * as a snapshot entry and as a child-updown) with the connector's shared {@code Schema} objects, and
 * with a structurally equal copy of the schema per record: what the converters' caches cost a
 * connector that rebuilt its schemas. Thread CPU time and allocation per record of the converting
 * thread, median of interleaved rounds.
 */
public final class ConverterBenchmark {

    private static final int RECORDS = 2_000;

    private ConverterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.converter.rounds", 15);
        try (SchemaRegistry registry = SchemaRegistry.start()) {
            // As a deployment would: schemas/source/*.avsc registered under the topics' subjects (auto-register
            // registers a key schema only under the first topic's subject, the content cache hits for the others)
            SourceTaskBenchmark.preRegister(registry.apiUrl());
            Map<String, Pair> converters = new LinkedHashMap<>();
            converters.put("Avro, auto-register=true", avro(registry, true));
            converters.put("Avro, auto-register=false", avro(registry, false));
            converters.put("JSON, schemas.enable=true", json(true));
            converters.put("JSON, schemas.enable=false", json(false));
            // what building the copies costs by itself, to subtract from the rows above
            Converter none = new Converter() {
                @Override
                public void configure(Map<String, ?> configs, boolean isKey) {
                }

                @Override
                public byte[] fromConnectData(String topic, Schema schema, Object value) {
                    return new byte[0];
                }

                @Override
                public org.apache.kafka.connect.data.SchemaAndValue toConnectData(String topic, byte[] value) {
                    throw new UnsupportedOperationException();
                }
            };
            converters.put("none (copying only)", new Pair(none, none));

            Map<String, List<KeyedValue>> inputs = records();
            Map<String, UnaryOperator<Schema>> schemas = new LinkedHashMap<>();
            schemas.put("shared Schema", s -> s);
            schemas.put("equal copy per record", ConverterBenchmark::copy);

            Map<String, List<long[]>> samples = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, Pair> c : converters.entrySet()) {
                    for (Map.Entry<String, List<KeyedValue>> in : inputs.entrySet()) {
                        for (Map.Entry<String, UnaryOperator<Schema>> s : schemas.entrySet()) {
                            long[] cost = convert(c.getValue(), in.getKey(), in.getValue(), s.getValue());
                            if (round >= rounds / 3) { // the first third warms the JIT up
                                samples.computeIfAbsent(c.getKey() + " | " + in.getKey() + " | " + s.getKey(),
                                        k -> new ArrayList<>()).add(cost);
                            }
                        }
                    }
                }
            }
            System.out.printf("load average %.1f; %d records per sample, median of %d samples%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), RECORDS, rounds - rounds / 3);
            System.out.printf("%-28s | %-22s | %-22s | %10s | %12s | %9s%n", "converter", "record", "schema", "CPU us/rec",
                    "alloc B/rec", "bytes out");
            for (Map.Entry<String, List<long[]>> e : samples.entrySet()) {
                String[] parts = e.getKey().split(" \\| ");
                long[] cpu = e.getValue().stream().mapToLong(v -> v[0]).sorted().toArray();
                long[] alloc = e.getValue().stream().mapToLong(v -> v[1]).sorted().toArray();
                System.out.printf("%-28s | %-22s | %-22s | %10.1f | %,12d | %,9d%n", parts[0], parts[1], parts[2],
                        cpu[cpu.length / 2] / 1e3 / RECORDS, alloc[alloc.length / 2] / RECORDS, e.getValue().get(0)[2]);
            }
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** {CPU ns, bytes allocated, bytes of the last value} for converting every record's key and value. */
    private static long[] convert(Pair converter, String topic, List<KeyedValue> records, UnaryOperator<Schema> schema) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long alloc0 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        int size = 0;
        for (KeyedValue r : records) {
            converter.key().fromConnectData(topic, schema.apply(r.keySchema()), r.key());
            size = converter.value().fromConnectData(topic, schema.apply(r.valueSchema()), r.value()).length;
        }
        return new long[] {threads.getCurrentThreadCpuTime() - cpu0,
                threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - alloc0, size};
    }

    /** Distinct records (their sequence numbers differ) of the two kinds, by topic. */
    private static Map<String, List<KeyedValue>> records() {
        RecordMapper mapper = new RecordMapper();
        Message listSa = PacketCodec.decode(Samples.listSaBody()).message();
        Message childUpdown = listSa.toBuilder().put("up", "yes").build();
        Instant received = Instant.parse("2026-11-25T04:01:53.135Z");
        List<KeyedValue> entries = new ArrayList<>();
        List<KeyedValue> events = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            entries.add(mapper.snapshotEntry(new Envelope("gw", "list-sa", received, i),
                    new SnapshotPosition("bench", i, false, null), listSa));
            events.add(mapper.event(new Envelope("gw", "child-updown", received, i), childUpdown));
        }
        Map<String, List<KeyedValue>> byTopic = new LinkedHashMap<>();
        byTopic.put("bench.list-sas", entries);
        byTopic.put("bench.child-updown", events);
        return byTopic;
    }

    /** A key converter and a value converter of one setting, as a worker has. */
    private record Pair(Converter key, Converter value) {
    }

    private static Pair avro(SchemaRegistry registry, boolean autoRegister) throws Exception {
        Converter[] c = new Converter[2];
        for (int i = 0; i < 2; i++) {
            c[i] = (Converter) Class.forName(SchemaRegistry.AVRO_CONVERTER).getConstructor().newInstance();
            Map<String, String> config = registry.converterConfig("");
            config.put("apicurio.registry.auto-register", String.valueOf(autoRegister));
            c[i].configure(config, i == 0);
        }
        return new Pair(c[0], c[1]);
    }

    private static Pair json(boolean schemas) {
        Converter[] c = new Converter[2];
        for (int i = 0; i < 2; i++) {
            c[i] = new JsonConverter();
            Map<String, String> config = new HashMap<>();
            config.put("schemas.enable", String.valueOf(schemas));
            c[i].configure(config, i == 0);
        }
        return new Pair(c[0], c[1]);
    }

    /** A structurally equal schema that shares no object with {@code s}. */
    static Schema copy(Schema s) {
        SchemaBuilder b = switch (s.type()) {
            case STRUCT -> {
                SchemaBuilder struct = SchemaBuilder.struct();
                for (Field f : s.fields()) {
                    struct.field(f.name(), copy(f.schema()));
                }
                yield struct;
            }
            case ARRAY -> SchemaBuilder.array(copy(s.valueSchema()));
            case MAP -> SchemaBuilder.map(copy(s.keySchema()), copy(s.valueSchema()));
            default -> SchemaBuilder.type(s.type());
        };
        if (s.name() != null) {
            b.name(s.name());
        }
        if (s.version() != null) {
            b.version(s.version());
        }
        if (s.doc() != null) {
            b.doc(s.doc());
        }
        if (s.parameters() != null) {
            b.parameters(s.parameters());
        }
        if (s.isOptional()) {
            b.optional();
        }
        if (s.defaultValue() != null) {
            b.defaultValue(s.defaultValue());
        }
        return b.build();
    }
}
