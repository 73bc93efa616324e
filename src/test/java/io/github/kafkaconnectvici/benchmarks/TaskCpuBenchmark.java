package io.github.kafkaconnectvici.benchmarks;

import io.github.kafkaconnectvici.connect.source.EmptyTaskContext;
import io.github.kafkaconnectvici.connect.source.ViciSourceConfig;
import io.github.kafkaconnectvici.connect.source.ViciSourceTask;
import io.github.kafkaconnectvici.connect.source.records.SampleEvents;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The connector's own CPU per lifecycle event record in its real code path, with no Connect, converter,
 * producer or broker to share the cores with (BENCHMARKS.md): one {@link ViciSourceTask} on a
 * {@link ReplayCharon} socket replaying the captured charon 5.9.8 lifecycle events, its records taken by
 * {@code poll()} and acknowledged by {@code commitRecord} on a thread standing in for Connect's, and
 * dropped. Rounds of {@code bench.task.events} events sent at full speed into a buffer big enough that
 * none is dropped; per round, the thread CPU time of the subscription's reader (socket, framing, the
 * admission check, decoding), the gateway worker (mapping, sequence, headers, queueing) and the poll
 * thread (the task's {@code poll()} and {@code commitRecord}), per record. Median of the rounds after
 * the first third.
 */
public final class TaskCpuBenchmark {

    private static final Set<String> EVENTS = new LinkedHashSet<>(List.of("ike-updown", "child-updown", "ike-rekey", "child-rekey"));
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TaskCpuBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.task.events", 50_000);
        int rounds = Integer.getInteger("bench.task.rounds", 12);
        // 0: each round's events written at full speed (reads of many events each); else paced, so that at
        // moderate rates each event is a wake-up of its own, as charon's events are
        int rate = Integer.getInteger("bench.task.rate", 0);
        List<byte[]> frames = new ArrayList<>();
        for (SampleEvents.Sample sample : SampleEvents.all()) {
            if (EVENTS.contains(sample.event())) {
                frames.add(ReplayCharon.frame(sample.event(), sample.message()));
            }
        }
        Path dir = Files.createTempDirectory("kcv-task-cpu");
        ViciSourceTask task = new ViciSourceTask();
        AtomicBoolean polling = new AtomicBoolean(true);
        AtomicLong records = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        Thread poller = new Thread(() -> poll(task, polling, records, batches), "bench-poller");
        try (ReplayCharon charon = ReplayCharon.start(dir.resolve("charon.vici"), frames, EVENTS)) {
            Map<String, String> props = new HashMap<>();
            props.put(ViciSourceConfig.ENDPOINTS, "replay=" + charon.uri());
            props.put(ViciSourceConfig.EVENTS, String.join(",", EVENTS));
            props.put(ViciSourceConfig.TOPIC_PREFIX, "bench");
            props.put(ViciSourceConfig.HEARTBEAT_INTERVAL_MS, "0");
            props.put(ViciSourceConfig.SNAPSHOT_INTERVAL_MS, "0");
            props.put(ViciSourceConfig.VALIDATE_GATEWAYS, "false");
            props.put(ViciSourceConfig.EVENT_BUFFER_SIZE, String.valueOf(2 * events));
            props.put(ViciSourceConfig.EVENT_BUFFER_BYTES, String.valueOf(1L << 30));
            task.initialize(new EmptyTaskContext());
            task.start(props);
            poller.start();
            charon.awaitSubscriber(Duration.ofSeconds(30));
            awaitQuiet(records); // the start snapshot's status records (an empty list-sas)

            List<double[]> samples = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                long before = records.get();
                long batchesBefore = batches.get();
                Map<String, Long> cpu0 = cpu();
                if (rate > 0) {
                    charon.paced(rate, Duration.ofMillis(events * 1000L / rate));
                } else {
                    charon.flood(events);
                }
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (records.get() - before < events) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("round " + r + ": " + (records.get() - before) + " of " + events + " records");
                    }
                    Thread.sleep(5); // a sampling period, not a test's wait
                }
                long delivered = records.get() - before;
                Map<String, Long> cpu1 = cpu();
                double reader = delta(cpu0, cpu1, "vici-events") / 1e3 / events;
                double worker = delta(cpu0, cpu1, "vici-source-") / 1e3 / delivered;
                double poll = delta(cpu0, cpu1, "bench-poller") / 1e3 / delivered;
                samples.add(new double[] {reader, worker, poll, reader + worker + poll});
                System.out.printf(Locale.ROOT, "round %2d: %d events, %d records in %d poll() batches; us per record: reader %.2f,"
                        + " worker %.2f, poll + commitRecord %.2f, total %.2f%n", r + 1, events, delivered,
                        batches.get() - batchesBefore, reader, worker, poll, reader + worker + poll);
            }
            List<double[]> kept = samples.subList(rounds / 3, rounds);
            String[] names = {"subscription reader (socket, frame, admit, decode)", "gateway worker (map, sequence, headers, queue)",
                    "poll() + commitRecord (Connect's thread)", "the connector, all three"};
            System.out.printf(Locale.ROOT, "%nload average %.1f; %d events of %d captured kinds per round, %s, median of the last %d rounds:%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), events, frames.size(),
                    rate > 0 ? String.format(Locale.ROOT, "%,d events/s", rate) : "at full speed", kept.size());
            for (int i = 0; i < names.length; i++) {
                int column = i;
                double[] values = kept.stream().mapToDouble(v -> v[column]).sorted().toArray();
                double median = values[values.length / 2];
                System.out.printf(Locale.ROOT, "  %-52s %6.2f us per record (%.2f to %.2f) = %,.0f records/s per core%n", names[i],
                        median, values[0], values[values.length - 1], 1e6 / median);
            }
        } finally {
            polling.set(false);
            task.stop();
            poller.join(10_000);
            Files.deleteIfExists(dir.resolve("charon.vici"));
            Files.deleteIfExists(dir);
        }
        System.exit(0);
    }

    private static void poll(ViciSourceTask task, AtomicBoolean polling, AtomicLong count, AtomicLong batches) {
        try {
            long offset = 0;
            while (polling.get()) {
                List<SourceRecord> batch = task.poll();
                if (batch == null) {
                    continue;
                }
                for (SourceRecord record : batch) {
                    // what the producer's callback gives Connect, which then calls commitRecord
                    task.commitRecord(record, new RecordMetadata(new TopicPartition(record.topic(), 0), offset++, 0,
                            record.timestamp(), 400, 400));
                }
                count.addAndGet(batch.size());
                batches.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until no record came for a second. */
    private static void awaitQuiet(AtomicLong records) throws InterruptedException {
        long last = -1;
        while (records.get() != last || last < 0) {
            last = records.get();
            Thread.sleep(1_000);
        }
    }

    private static Map<String, Long> cpu() {
        Map<String, Long> cpu = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                cpu.merge(info.getThreadName(), Math.max(0, THREADS.getThreadCpuTime(info.getThreadId())), Long::sum);
            }
        }
        return cpu;
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String prefix) {
        long sum = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
        }
        return sum;
    }
}
