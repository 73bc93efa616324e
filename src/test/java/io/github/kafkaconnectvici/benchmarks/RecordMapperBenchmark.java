package io.github.kafkaconnectvici.benchmarks;

import io.github.kafkaconnectvici.connect.source.records.Envelope;
import io.github.kafkaconnectvici.connect.source.records.KeyedValue;
import io.github.kafkaconnectvici.connect.source.records.RecordMapper;
import io.github.kafkaconnectvici.connect.source.records.SnapshotPosition;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.PacketCodec;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The source connector's per-event mapping cost: a real {@code list-sa} event (IKE_SA with one
 * CHILD_SA, 40-odd keys) to its typed Connect key and value, and the same tree as a child-updown
 * event. Time per operation; with {@code -prof gc}, bytes allocated per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordMapperBenchmark {

    private final RecordMapper mapper = new RecordMapper();
    private final Instant received = Instant.parse("2026-11-25T04:01:53.135Z");
    private final SnapshotPosition position = new SnapshotPosition("bench", 0, false, null);
    private Message listSa;
    private Message childUpdown;
    private long sequence;

    @Setup
    public void setUp() {
        listSa = PacketCodec.decode(Samples.listSaBody()).message();
        childUpdown = listSa.toBuilder().put("up", "yes").build();
    }

    /** One snapshot entry: what every IKE_SA of a list-sas snapshot costs to map. */
    @Benchmark
    public KeyedValue mapSnapshotEntry() {
        return mapper.snapshotEntry(new Envelope("gw", "list-sa", received, ++sequence), position, listSa);
    }

    /** One child-updown event with its IKE_SA and CHILD_SA. */
    @Benchmark
    public KeyedValue mapChildUpdown() {
        return mapper.event(new Envelope("gw", "child-updown", received, ++sequence), childUpdown);
    }
}
