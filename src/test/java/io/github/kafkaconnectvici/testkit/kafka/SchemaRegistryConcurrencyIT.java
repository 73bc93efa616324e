package io.github.kafkaconnectvici.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.apicurio.registry.utils.converter.AvroConverter;

/**
 * Several converters registering at once, as tasks of two connectors do on their first records: the
 * same key schema under many subjects, and new schemas side by side. Apicurio 2.4's in-memory store
 * fails exactly this when left to its defaults (H2 lock timeouts, duplicate content-hash inserts);
 * the kit must not, or every Avro test above it is flaky.
 */
class SchemaRegistryConcurrencyIT {

    private static final int THREADS = 8;
    private static final int ROUNDS = 5;

    private static SchemaRegistry registry;

    @BeforeAll
    static void start() {
        registry = SchemaRegistry.start();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void concurrentFirstRegistrationsAllSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Schema shared = SchemaBuilder.struct().name("io.github.kafkaconnectvici.testkit.Key" + round)
                        .field("gateway", Schema.STRING_SCHEMA).build();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<byte[]>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    String topic = "concurrency-" + round + "-" + t;
                    Schema own = SchemaBuilder.struct().name("io.github.kafkaconnectvici.testkit.Own" + round + "x" + t)
                            .field("n", Schema.INT64_SCHEMA).build();
                    // Half register the same content under their own subjects, half a schema of their own.
                    Schema schema = t % 2 == 0 ? shared : own;
                    Struct value = t % 2 == 0 ? new Struct(shared).put("gateway", "gw") : new Struct(own).put("n", (long) t);
                    Callable<byte[]> register = () -> {
                        AvroConverter converter = new AvroConverter();
                        converter.configure(registry.converterConfig(""), false);
                        go.await();
                        return converter.fromConnectData(topic, schema, value);
                    };
                    results.add(pool.submit(register));
                }
                go.countDown();
                for (Future<byte[]> result : results) {
                    assertThat(result.get()).startsWith((byte) 0);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A topic whose value schema changes: the second schema becomes version 2 of {@code <topic>-value}. */
    @Test
    void aSecondSchemaOfATopicRegistersAsANewVersion() {
        AvroConverter converter = new AvroConverter();
        converter.configure(registry.converterConfig(""), false);
        Schema first = SchemaBuilder.struct().name("io.github.kafkaconnectvici.testkit.First").field("a", Schema.STRING_SCHEMA).build();
        Schema second = SchemaBuilder.struct().name("io.github.kafkaconnectvici.testkit.Second").field("b", Schema.INT64_SCHEMA).build();
        byte[] one = converter.fromConnectData("evolving", first, new Struct(first).put("a", "x"));
        byte[] two = converter.fromConnectData("evolving", second, new Struct(second).put("b", 2L));
        assertThat(((Struct) converter.toConnectData("evolving", one).value()).getString("a")).isEqualTo("x");
        assertThat(((Struct) converter.toConnectData("evolving", two).value()).getInt64("b")).isEqualTo(2L);
    }
}
