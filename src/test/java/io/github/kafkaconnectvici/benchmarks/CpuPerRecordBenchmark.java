package io.github.kafkaconnectvici.benchmarks;

import io.github.kafkaconnectvici.connect.source.records.Envelope;
import io.github.kafkaconnectvici.connect.source.records.KeyedValue;
import io.github.kafkaconnectvici.connect.source.records.RecordMapper;
import io.github.kafkaconnectvici.connect.source.records.SampleEvents;
import io.github.kafkaconnectvici.connect.source.records.SnapshotPosition;
import io.github.kafkaconnectvici.vici.codec.FrameReader;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.PacketCodec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The connector's own CPU per snapshot record, in thread CPU time rather than wall time, so that a
 * shared, loaded machine still gives steady figures (BENCHMARKS.md): framing, decoding, and mapping a
 * real {@code list-sa} into the SourceRecord the task hands to Connect, and the same for the captured
 * lifecycle events (ike-updown, child-updown, ike-rekey, child-rekey of charon 5.9.8, round-robin) as the
 * gateway worker makes them for a subscribed event. Passes of 10,000 records per stage, stages
 * interleaved, the first third of the passes discarded as warm-up; the median pass.
 */
public final class CpuPerRecordBenchmark {

    private static final int RECORDS = 10_000;
    private static final Set<String> LIFECYCLE = Set.of("ike-updown", "child-updown", "ike-rekey", "child-rekey");
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private CpuPerRecordBenchmark() {
    }

    @FunctionalInterface
    private interface Pass {
        long run() throws IOException;
    }

    public static void main(String[] args) throws IOException {
        int passes = Integer.getInteger("bench.cpu.passes", 30);
        byte[] frame = Samples.listSaFrame();
        byte[] stream = new byte[frame.length * RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            System.arraycopy(frame, 0, stream, i * frame.length, frame.length);
        }
        Message listSa = PacketCodec.decode(Samples.listSaBody()).message();
        RecordMapper mapper = new RecordMapper();
        Instant received = Instant.parse("2026-11-25T04:01:53.135Z");
        Map<String, String> partition = Map.of("gateway", "gw");

        // The captured lifecycle events as frames, round-robin, as SourceTaskBenchmark's replay sends them.
        List<byte[]> eventFrames = SampleEvents.all().stream().filter(e -> LIFECYCLE.contains(e.event()))
                .map(e -> ReplayCharon.frame(e.event(), e.message())).toList();
        byte[] events = new byte[eventFrames.stream().mapToInt(f -> f.length).sum() * RECORDS / eventFrames.size() + 65_536];
        int eventBytes = 0;
        for (int i = 0; i < RECORDS; i++) {
            byte[] f = eventFrames.get(i % eventFrames.size());
            System.arraycopy(f, 0, events, eventBytes, f.length);
            eventBytes += f.length;
        }
        byte[] eventStream = Arrays.copyOf(events, eventBytes);

        Map<String, Pass> stages = new LinkedHashMap<>();
        stages.put("frame only", () -> {
            FrameReader reader = new FrameReader(new Samples.ArrayChannel(stream));
            long n = 0;
            for (byte[] body; (body = reader.next()) != null; ) {
                n += body.length;
            }
            return n;
        });
        stages.put("frame + decode", () -> {
            FrameReader reader = new FrameReader(new Samples.ArrayChannel(stream));
            long n = 0;
            for (byte[] body; (body = reader.next()) != null; ) {
                n += PacketCodec.decode(body).message().size();
            }
            return n;
        });
        stages.put("map to key and value", () -> {
            long n = 0;
            for (int i = 0; i < RECORDS; i++) {
                KeyedValue kv = mapper.snapshotEntry(new Envelope("gw", "list-sa", received, i),
                        new SnapshotPosition("bench", i, false, null), listSa);
                n += kv.value().hashCode() & 1;
            }
            return n;
        });
        stages.put("frame + decode + map + SourceRecord", () -> {
            FrameReader reader = new FrameReader(new Samples.ArrayChannel(stream));
            long n = 0;
            int i = 0;
            for (byte[] body; (body = reader.next()) != null; i++) {
                Message m = PacketCodec.decode(body).message();
                KeyedValue kv = mapper.snapshotEntry(new Envelope("gw", "list-sa", received, i),
                        new SnapshotPosition("bench", i, false, null), m);
                SourceRecord r = new SourceRecord(partition, Map.of("sequence", (long) i), "vici.list-sas", null,
                        kv.keySchema(), kv.key(), kv.valueSchema(), kv.value(), received.toEpochMilli());
                n += r.kafkaPartition() == null ? 1 : 0;
            }
            return n;
        });

        stages.put("events: frame + decode", () -> {
            FrameReader reader = new FrameReader(new Samples.ArrayChannel(eventStream));
            long n = 0;
            for (byte[] body; (body = reader.next()) != null; ) {
                n += PacketCodec.decode(body).message().size();
            }
            return n;
        });
        stages.put("events: frame + decode + map + SourceRecord", () -> {
            FrameReader reader = new FrameReader(new Samples.ArrayChannel(eventStream));
            long n = 0;
            int i = 0;
            for (byte[] body; (body = reader.next()) != null; i++) {
                var packet = PacketCodec.decode(body);
                String event = packet.name();
                KeyedValue kv = mapper.event(new Envelope("gw", event, received, i), packet.message());
                // As GatewayRecords and RecordHeaders make it: topic, offset, timestamp, three string headers.
                ConnectHeaders headers = new ConnectHeaders();
                headers.addString("vici.gateway", "gw");
                headers.addString("vici.event", event);
                headers.addString("vici.sequence", Long.toString(i));
                SourceRecord r = new SourceRecord(partition, Map.of("sequence", (long) i), "vici." + event, null,
                        kv.keySchema(), kv.key(), kv.valueSchema(), kv.value(), received.toEpochMilli(), headers);
                n += r.kafkaPartition() == null ? 1 : 0;
            }
            return n;
        });

        Map<String, long[][]> samples = new LinkedHashMap<>();
        stages.keySet().forEach(s -> samples.put(s, new long[passes][]));
        for (int p = 0; p < passes; p++) {
            for (Map.Entry<String, Pass> stage : stages.entrySet()) {
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                long alloc0 = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
                if (stage.getValue().run() < 0) {
                    throw new IllegalStateException();
                }
                samples.get(stage.getKey())[p] = new long[] {THREADS.getCurrentThreadCpuTime() - cpu0,
                        THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - alloc0};
            }
        }
        System.out.printf(Locale.ROOT, "load average %.1f; %d records per pass: list-sa frames of %d bytes, lifecycle event"
                        + " frames of %.0f bytes on average (%d captured events); median of the last %d passes%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), RECORDS, frame.length,
                (double) eventStream.length / RECORDS, eventFrames.size(), passes - passes / 3);
        System.out.printf(Locale.ROOT, "%-44s %12s %12s %14s %12s%n", "stage", "CPU us/rec", "records/s", "MB/s of frames",
                "alloc B/rec");
        for (Map.Entry<String, long[][]> e : samples.entrySet()) {
            long[][] kept = Arrays.copyOfRange(e.getValue(), passes / 3, passes);
            long cpu = Arrays.stream(kept).mapToLong(v -> v[0]).sorted().toArray()[kept.length / 2];
            long alloc = Arrays.stream(kept).mapToLong(v -> v[1]).sorted().toArray()[kept.length / 2];
            double perRecordUs = cpu / 1e3 / RECORDS;
            double bytesPerRecord = e.getKey().startsWith("events") ? (double) eventStream.length / RECORDS : frame.length;
            System.out.printf(Locale.ROOT, "%-44s %12.2f %,12.0f %14.0f %,12d%n", e.getKey(), perRecordUs, 1e6 / perRecordUs,
                    bytesPerRecord * (1e6 / perRecordUs) / 1e6, alloc / RECORDS);
        }
    }
}
