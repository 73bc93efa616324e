package io.github.kafkaconnectvici.benchmarks;

import io.github.kafkaconnectvici.connect.source.ViciSourceConfig;
import io.github.kafkaconnectvici.connect.source.ViciSourceConnector;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.kafka.SchemaRegistry;
import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A list-sas snapshot of real charon into Kafka, against charon's own pace in the same run
 * (BENCHMARKS.md): the rig's two daemons with {@code bench.sas} IKE_SAs (as {@link ListSasScaleBenchmark}), a
 * CHILD_SA on a share {@code bench.children} of them,
 * a KRaft broker, a Connect worker and a real registry in this JVM, one source task on daemon A with the
 * Avro converter and the project's schemas registered ahead. For each producer variant
 * ({@code bench.snapshot.variants}) a fresh connector times its start snapshot and the next periodic one,
 * from the first snapshot record queued (SNAPSHOT_STARTED is queued just before it) to the broker's
 * acknowledgement of the SNAPSHOT_COMPLETED and every record before it (the task's JMX counters, polled
 * every 1 ms; the heap sampled every 5 ms), next to charon's raw frame-skipping read of the same SAs right after each. With
 * {@code bench.snapshot.jfr} set, each periodic snapshot is recorded with JFR and summarised.
 */
public final class SnapshotKafkaBenchmark {

    private static final int SAS = Integer.getInteger("bench.sas", 10_000);
    private static final long INTERVAL_MS = Long.getLong("bench.snapshot.interval.ms", 12_000);
    private static final String VARIANTS = System.getProperty("bench.snapshot.variants",
            "default;producer.override.batch.size=1048576,producer.override.linger.ms=10");
    private static final String JFR = System.getProperty("bench.snapshot.jfr", "");
    private static final int PERIODIC = Integer.getInteger("bench.snapshot.periodic", 2);
    private static final int ROUNDS = Integer.getInteger("bench.snapshot.rounds", 2);
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    private static final Duration SNAPSHOT_LIMIT = Duration.ofMinutes(5);
    // The benchmark's own polling competes with what it measures for the 2 cores: JMX reads every 1 ms (a
    // 0.2 ms poll took 10-25 us of CPU per SA), the heap every 5 ms.
    private static final long POLL_NANOS = 1_000_000;
    private static final long HEAP_SAMPLE_MILLIS = 5;

    private SnapshotKafkaBenchmark() {
    }

    public static void main(String[] args) {
        try {
            System.out.printf(Locale.ROOT, "snapshot into Kafka: %d IKE_SAs (%d with a CHILD_SA), periodic interval %d ms,"
                            + " variants %s; load %s%n", SAS, ListSasScaleBenchmark.children(), INTERVAL_MS, VARIANTS,
                    ListSasScaleBenchmark.loadAverage());
            try (CharonPair pair = CharonPair.start(ListSasScaleBenchmark.SCALE_SETTINGS)) {
                run(pair);
            }
            System.out.println("load average after: " + ListSasScaleBenchmark.loadAverage());
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(CharonPair pair) throws Exception {
        CharonNode a = pair.a();
        try (ViciClient viciA = ListSasScaleBenchmark.connect(a, 4); ViciClient viciB = ListSasScaleBenchmark.connect(pair.b(), 1)) {
            ListSasScaleBenchmark.requireProposal(viciA);
            ListSasScaleBenchmark.configure(viciA, viciB, a, pair.b());
            ListSasScaleBenchmark.bringUp(viciA, viciB);
        }
        raw(a, "warm-up");
        try (SchemaRegistry registry = SchemaRegistry.start();
             ConnectCluster cluster = ConnectCluster.builder()
                     .workerProps(registry.converterConfig("key.converter."))
                     .workerProps(registry.converterConfig("value.converter."))
                     .start()) {
            SourceTaskBenchmark.preRegister(registry.apiUrl());
            Map<String, String> converters = new HashMap<>();
            for (String side : List.of("key.converter.", "value.converter.")) {
                converters.putAll(registry.converterConfig(side));
                converters.put(side + "apicurio.registry.auto-register", "false");
            }
            String[] variants = VARIANTS.split(";");
            for (int n = 0; n < ROUNDS * variants.length; n++) { // interleaved: JIT warm-up and load hit each alike
                int i = n % variants.length;
                Map<String, String> config = new LinkedHashMap<>(converters);
                if (!"default".equals(variants[i])) {
                    for (String setting : variants[i].split(",")) {
                        String[] kv = setting.split("=", 2);
                        config.put(kv[0], kv[1]);
                    }
                }
                variant(cluster, a, "bench-snapshot-" + n, variants[i], config, n == ROUNDS * variants.length - 1);
            }
        }
        System.out.println("stopping both daemons (charon needs a while to exit with thousands of SAs)");
    }

    private static void variant(ConnectCluster cluster, CharonNode a, String name, String variant, Map<String, String> extra,
            boolean profile) throws Exception {
        System.out.printf(Locale.ROOT, "%n== producer: %s (load %s)%n", variant, ListSasScaleBenchmark.loadAverage());
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", ViciSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(ViciSourceConfig.ENDPOINTS, "a=" + a.viciUri());
        config.put(ViciSourceConfig.EVENTS, "ike-updown");
        config.put(ViciSourceConfig.TOPIC_PREFIX, "bench");
        config.put(ViciSourceConfig.HEARTBEAT_INTERVAL_MS, "0");
        config.put(ViciSourceConfig.SNAPSHOT_INTERVAL_MS, String.valueOf(INTERVAL_MS));
        config.put("topic.creation.default.replication.factor", "1");
        config.put("topic.creation.default.partitions", "1");
        config.putAll(extra);
        ObjectName metrics = new ObjectName("kafka.connect.vici:type=source-task-metrics,connector=" + name + ",task=0,gateway=a");
        cluster.connect().configureConnector(name, config);
        try {
            Timed start = snapshot(a, metrics, 0, null);
            report("start snapshot", start, raw(a, "after the start snapshot"));
            List<Double> ratios = new ArrayList<>();
            List<Double> peaks = new ArrayList<>();
            List<Double> retained = new ArrayList<>();
            for (int p = 1; p <= PERIODIC; p++) {
                Timed periodic = snapshot(a, metrics, attribute(metrics, "RecordsListSa"), null);
                ratios.add(report("periodic snapshot " + p, periodic, raw(a, "after periodic snapshot " + p)));
                peaks.add(periodic.heapPeak / 1e6);
                retained.add(periodic.heapAfterGc / 1e6);
            }
            System.out.printf(Locale.ROOT, "== %s: %d periodic snapshots, time to all acknowledged / raw read: median %.2fx"
                            + " (min %.2fx, max %.2fx); heap peak median %.0f MB (max %.0f), after GC %.0f to %.0f MB; load %s%n",
                    variant, ratios.size(), median(ratios), min(ratios), max(ratios), median(peaks), max(peaks), min(retained),
                    max(retained), ListSasScaleBenchmark.loadAverage());
            if (profile && !JFR.isEmpty()) { // a snapshot of its own: JFR's overhead stays out of the figures above
                Recording recording = new Recording(Configuration.getConfiguration("profile"));
                report("profiled periodic snapshot", snapshot(a, metrics, attribute(metrics, "RecordsListSa"), recording),
                        raw(a, "after the profiled snapshot"));
                Path file = Path.of(JFR + ".jfr");
                recording.dump(file);
                recording.close();
                JfrSummary.print(file, 25);
            }
        } finally {
            cluster.connect().deleteConnector(name);
        }
    }

    private record Timed(long queuedNanos, long ackedNanos, long heapPeak, long heapAfterGc, long maxQueueDepth, String cpu) {
    }

    /** charon's CPU time (user + system, all its threads) in ns, from /proc; -1 if unreadable. */
    private static long charonCpuNanos(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // utime, stime in 100 Hz ticks
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * Where the CPU went during a snapshot: charon A (producing the stream), this JVM's threads by group
     * (the connector's reader and worker, Connect's task thread, the producer, the broker), and how many of
     * the machine's cores that kept busy over the snapshot's wall time.
     */
    private static String cpuBreakdown(long charonNanos, Map<String, Long> before, Map<String, Long> after, long wallNanos) {
        long jvm = 0;
        List<Map.Entry<String, Long>> used = new ArrayList<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long delta = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (delta > 0) {
                used.add(Map.entry(e.getKey(), delta));
                jvm += delta;
            }
        }
        used.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder top = new StringBuilder();
        used.stream().limit(7).forEach(e -> top.append(String.format(Locale.ROOT, "%n      %-72s %6.0f ms = %5.1f us/SA",
                e.getKey(), e.getValue() / 1e6, e.getValue() / 1e3 / SAS)));
        return String.format(Locale.ROOT, "    CPU during it: charon A %.0f ms (%.1f us/SA), this JVM %.0f ms (%.1f us/SA);"
                        + " %.2f cores busy over %.0f ms (machine: %d)%s", charonNanos / 1e6, charonNanos / 1e3 / SAS, jvm / 1e6,
                jvm / 1e3 / SAS, (charonNanos + jvm) / (double) wallNanos, wallNanos / 1e6,
                Runtime.getRuntime().availableProcessors(), top);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /**
     * Waits for the next snapshot after {@code listBefore} snapshot records, then times it: from its
     * first record queued to the last queued (the worker read charon's stream) and to all acknowledged.
     */
    private static Timed snapshot(CharonNode a, ObjectName metrics, long listBefore, Recording recording) throws Exception {
        long deadline = System.nanoTime() + SNAPSHOT_LIMIT.toNanos() + Duration.ofMillis(INTERVAL_MS).toNanos();
        if (recording != null) {
            recording.start(); // the idle wait for the snapshot adds few samples
        }
        while (attribute(metrics, "RecordsListSa") == listBefore) {
            check(deadline, "the snapshot to start");
            LockSupport.parkNanos(POLL_NANOS);
        }
        long t0 = System.nanoTime();
        long charon0 = charonCpuNanos(a.pid());
        Map<String, Long> cpu0 = SourceTaskBenchmark.cpuByThreadGroup();
        ListSasScaleBenchmark.HeapSampler heap = new ListSasScaleBenchmark.HeapSampler(ManagementFactory.getMemoryMXBean(),
                HEAP_SAMPLE_MILLIS);
        heap.start();
        long statusAtStart = attribute(metrics, "RecordsStatus");
        List<String> counters = recordCounters(metrics);
        long maxDepth = 0;
        while (attribute(metrics, "RecordsListSa") - listBefore < SAS) {
            check(deadline, "the snapshot's " + SAS + " records to be queued");
            maxDepth = Math.max(maxDepth, attribute(metrics, "QueueDepth"));
            LockSupport.parkNanos(POLL_NANOS);
        }
        long queued = System.nanoTime();
        while (attribute(metrics, "RecordsStatus") <= statusAtStart || attribute(metrics, "AckedRecords") < recordsQueued(metrics, counters)) {
            check(deadline, "the snapshot's records to be acknowledged");
            LockSupport.parkNanos(POLL_NANOS);
        }
        long acked = System.nanoTime();
        String cpu = cpuBreakdown(charonCpuNanos(a.pid()) - charon0, cpu0, SourceTaskBenchmark.cpuByThreadGroup(), acked - t0);
        long peak = heap.finish();
        if (recording != null) {
            recording.stop();
        }
        long retained = ListSasScaleBenchmark.usedAfterGc(ManagementFactory.getMemoryMXBean());
        return new Timed(queued - t0, acked - t0, peak, retained, maxDepth, cpu);
    }

    /** Prints one snapshot's figures; returns its time to all acknowledged over the raw read's. */
    private static double report(String what, Timed t, double rawMillis) {
        double ratio = t.ackedNanos / 1e6 / rawMillis;
        System.out.printf(Locale.ROOT, "%s of %d IKE_SAs: all queued after %.0f ms, all acknowledged after %.0f ms;"
                        + " charon's raw read %.0f ms: %.2fx raw (queued %.2fx); task queue up to %d; heap peak %.0f MB,"
                        + " after GC %.0f MB; load %s%n", what, SAS, t.queuedNanos / 1e6, t.ackedNanos / 1e6, rawMillis, ratio,
                t.queuedNanos / 1e6 / rawMillis, t.maxQueueDepth, t.heapPeak / 1e6, t.heapAfterGc / 1e6,
                ListSasScaleBenchmark.loadAverage());
        System.out.println(t.cpu);
        return ratio;
    }

    /** Median of three raw frame-skipping reads of charon A's SAs. */
    private static double raw(CharonNode a, String when) throws Exception {
        List<Double> ms = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < 3; i++) {
            ListSasScaleBenchmark.Measured m = ListSasScaleBenchmark.rawRun(a.socket());
            bytes = m.bytes();
            if (m.events() != SAS) {
                throw new IllegalStateException("raw read listed " + m.events() + " of " + SAS + " IKE_SAs");
            }
            ms.add(m.millis());
        }
        ms.sort(Double::compare);
        System.out.printf(Locale.ROOT, "raw read %s (%.2f MB of frames): %s ms%n", when, bytes / 1e6, ms.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
        return ms.get(1);
    }

    /** The sum of the task's Records* counters: every record it queued. */
    private static long recordsQueued(ObjectName metrics, List<String> counters) {
        long sum = 0;
        for (String counter : counters) {
            sum += attribute(metrics, counter);
        }
        return sum;
    }

    /** The task's Records* counters, by name (read once: MBeanInfo is costly to build every poll). */
    private static List<String> recordCounters(ObjectName metrics) throws Exception {
        List<String> names = new ArrayList<>();
        for (MBeanAttributeInfo info : JMX.getMBeanInfo(metrics).getAttributes()) {
            if (info.getName().startsWith("Records")) {
                names.add(info.getName());
            }
        }
        return names;
    }

    private static long attribute(ObjectName metrics, String attribute) {
        try {
            return ((Number) JMX.getAttribute(metrics, attribute)).longValue();
        } catch (Exception e) {
            return 0; // not registered yet
        }
    }

    private static void check(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("gave up waiting for " + what);
        }
    }
}
