package io.github.kafkaconnectvici.benchmarks;

import io.github.kafkaconnectvici.connect.source.ViciSourceConfig;
import io.github.kafkaconnectvici.connect.source.ViciSourceConnector;
import io.github.kafkaconnectvici.connect.source.records.SampleEvents;
import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.kafka.SchemaRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Events per second through one source task into Kafka with the Avro converter and a real
 * registry, and receive-to-ack latency at 1,000 events/s (BENCHMARKS.md). The load is a replay of
 * real captured charon 5.9.8 lifecycle events over a VICI socket ({@link ReplayCharon}); Connect
 * and the broker run in this JVM, as in the integration tests.
 *
 * <p>Phases, each with a fresh connector: (1) flood: {@code bench.events} events as fast as the
 * socket takes them; (2) sustained: {@code bench.rate} events/s for {@code bench.seconds}; (3)
 * latency: 1,000 events/s for {@code bench.latency.seconds}, the task's own receive-to-ack
 * percentiles read over JMX every 4 s (each window: the last 4,096 records).
 */
public final class SourceTaskBenchmark {

    private static final Set<String> EVENTS = new LinkedHashSet<>(List.of("ike-updown", "child-updown", "ike-rekey", "child-rekey"));
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    private SourceTaskBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long events = Long.getLong("bench.events", 200_000);
        int rate = Integer.getInteger("bench.rate", 20_000);
        int seconds = Integer.getInteger("bench.seconds", 10);
        int latencySeconds = Integer.getInteger("bench.latency.seconds", 20);
        try {
            run(events, rate, seconds, latencySeconds);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Heap in use right after the last collection of each heap pool: flat if nothing accumulates. */
    private static long heapAfterGc() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP && p.getCollectionUsage() != null)
                .mapToLong(p -> p.getCollectionUsage().getUsed()).sum();
    }

    private static void run(long events, int rate, int seconds, int latencySeconds) throws Exception {
        List<byte[]> frames = capturedFrames();
        Path dir = Files.createTempDirectory("kcv-bench");
        // Nothing left behind: removed at exit in reverse order, the socket first.
        dir.toFile().deleteOnExit();
        dir.resolve("charon.vici").toFile().deleteOnExit();
        try (SchemaRegistry registry = SchemaRegistry.start();
             ConnectCluster cluster = ConnectCluster.builder()
                     .workerProps(registry.converterConfig("key.converter."))
                     .workerProps(registry.converterConfig("value.converter."))
                     .workerProps(prefixed("bench.worker."))
                     .start();
             ReplayCharon charon = ReplayCharon.start(dir.resolve("charon.vici"), frames, EVENTS)) {
            System.out.printf("load: %d captured lifecycle event frames (%s), replayed round-robin%n", frames.size(), EVENTS);

            boolean preRegistered = !"auto".equals(System.getProperty("bench.registration", "pre"));
            Map<String, String> converters = new HashMap<>();
            if (preRegistered) {
                // As in a deployment whose schemas (schemas/source/*.avsc) are registered ahead: the serializer
                // looks them up by subject instead of rendering the Avro schema to JSON for every record to
                // find it by content, which is what Apicurio's serializer does with auto-register=true.
                preRegister(registry.apiUrl());
                for (String side : List.of("key.converter.", "value.converter.")) {
                    converters.putAll(registry.converterConfig(side));
                    converters.put(side + "apicurio.registry.auto-register", "false");
                    // as docs/source-connector.md recommends: the default re-looks each schema up every 30 s
                    converters.put(side + "apicurio.registry.check-period-ms", "3600000");
                }
            }
            System.out.printf("schemas: %s%n", preRegistered ? "schemas/source/*.avsc registered beforehand"
                    + " (auto-register=false, find-latest=true, check-period-ms=3600000)" : "auto-register=true");

            // 0. warm-up: JIT, producer, converters
            Task warmup = Task.start(cluster, charon, "bench-warmup", converters);
            charon.flood(20_000);
            warmup.awaitSettled(20_000);
            warmup.delete();

            // 1. flood
            Task flood = Task.start(cluster, charon, "bench-flood", converters);
            flood.awaitSettled(1);
            long acked0 = flood.acked();
            long dropped0 = flood.dropped();
            Map<String, Long> cpu0 = cpuByThreadGroup();
            long t0 = System.nanoTime();
            charon.flood(events);
            flood.awaitSettled(acked0 + dropped0 + events);
            double secs = (System.nanoTime() - t0) / 1e9;
            long delivered = flood.acked() - acked0;
            System.out.printf("flood: %d events sent at full speed; %d acknowledged by Kafka in %.2f s = %,.0f events/s;"
                    + " %d dropped by the event buffer (reported as gaps)%n", events, delivered, secs, delivered / secs,
                    flood.dropped() - dropped0);
            printCpu(cpu0, cpuByThreadGroup(), delivered);
            flood.delete();

            // 2. sustained rates, each with a fresh connector; the last one under JFR if bench.jfr names a file
            String jfr = System.getProperty("bench.jfr", "");
            String[] rates = System.getProperty("bench.rates", String.valueOf(rate)).split(",");
            for (int r = 0; r < rates.length; r++) {
                int offered = Integer.parseInt(rates[r].trim());
                boolean profile = !jfr.isEmpty() && r == rates.length - 1;
                sustained(cluster, charon, converters, offered, seconds, profile ? Path.of(jfr) : null);
            }

            // 3. latency at 1,000 events/s (the soak: for an hour, with snapshots of bench.soak.sas IKE_SAs)
            int soakSas = Integer.getInteger("bench.soak.sas", 0);
            charon.snapshotSas(soakSas);
            Map<String, String> latencyConfig = new HashMap<>(converters);
            if (soakSas > 0) {
                latencyConfig.put(ViciSourceConfig.SNAPSHOT_INTERVAL_MS, System.getProperty("bench.soak.snapshot.ms", "60000"));
            }
            Task latency = Task.start(cluster, charon, "bench-latency", latencyConfig);
            latency.awaitSettled(1);
            List<long[]> windows = new ArrayList<>();
            Thread sender = new Thread(() -> {
                try {
                    charon.paced(1_000, Duration.ofSeconds(latencySeconds));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            sender.start();
            for (int i = 4; i <= latencySeconds; i += 4) {
                Thread.sleep(4_000);
                windows.add(new long[] {latency.p(50), latency.p(99)});
                if (i % 60 == 0 || i == latencySeconds) {
                    // soak figures: heap after the last GC, live threads, and the lag: records waiting in the
                    // task's queue and events in its buffer (acknowledged counts would include snapshot records)
                    System.out.printf("soak %5d s: heap after GC %,d KiB, threads %d, lag %,d queued records + %,d buffered"
                            + " events, p50/p99 %d/%d ms; %d snapshots (%d failed, %d mismatched), %,d IKE_SA records%n", i,
                            heapAfterGc() / 1024, ManagementFactory.getThreadMXBean().getThreadCount(),
                            latency.attribute("QueueDepth"), latency.attribute("EventBufferDepth"), latency.p(50),
                            latency.p(99), latency.attribute("Snapshots"), latency.attribute("SnapshotsFailed"),
                            latency.attribute("SnapshotMismatches"), latency.attribute("RecordsListSa"));
                }
            }
            sender.join();
            latency.awaitSettled(latency.acked());
            long worstP99 = windows.stream().mapToLong(w -> w[1]).max().orElse(-1);
            System.out.printf("latency at 1,000 events/s for %d s: per 4 s window p50/p99 ms %s; worst p99 %d ms; %d dropped%n",
                    latencySeconds, windows.stream().map(w -> w[0] + "/" + w[1]).toList(), worstP99, latency.dropped());
            latency.delete();
        }
    }

    /** {@code rate} events/s for {@code seconds} through a fresh task, with the CPU per record by thread. */
    private static void sustained(ConnectCluster cluster, ReplayCharon charon, Map<String, String> converters, int rate,
            int seconds, Path jfr) throws Exception {
        Task sustained = Task.start(cluster, charon, "bench-sustained-" + rate, converters);
        sustained.awaitSettled(1);
        long a0 = sustained.acked();
        long d0 = sustained.dropped();
        Map<String, Long> cpu0 = cpuByThreadGroup();
        jdk.jfr.Recording recording = null;
        if (jfr != null) {
            recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            recording.start();
        }
        long t0 = System.nanoTime();
        charon.paced(rate, Duration.ofSeconds(seconds));
        long sent = (long) rate * seconds;
        sustained.awaitSettled(a0 + d0 + sent);
        double secs = (System.nanoTime() - t0) / 1e9;
        if (recording != null) {
            recording.stop();
            recording.dump(jfr);
            recording.close();
        }
        long delivered = sustained.acked() - a0;
        System.out.printf("sustained: %,d events/s offered for %d s; %d of %d acknowledged in %.2f s (%,.0f/s), %d dropped;"
                + " ack latency p50 %d ms, p99 %d ms (last 4,096); load %s%n", rate, seconds, delivered, sent, secs,
                delivered / secs, sustained.dropped() - d0, sustained.p(50), sustained.p(99), ListSasScaleBenchmark.loadAverage());
        Map<String, Long> cpu1 = cpuByThreadGroup();
        printCpu(cpu0, cpu1, delivered);
        // The connector's own threads: the subscription's reader (socket, framing, decoding) per event read
        // (dropped ones included: it reads their type only), and the gateway worker (mapping, sequence,
        // headers, queueing) per record delivered. Everything else is Connect, the converter, the producer,
        // the broker and the registry client.
        long reader = 0;
        long worker = 0;
        long all = 0;
        for (Map.Entry<String, Long> e : cpu1.entrySet()) {
            long delta = Math.max(0, e.getValue() - cpu0.getOrDefault(e.getKey(), 0L));
            all += delta;
            if (e.getKey().startsWith("vici-events")) { // the JVM's event loop, vici-events (once vici-events-<n>)
                reader += delta;
            } else if (e.getKey().startsWith("vici-source-")) {
                worker += delta;
            }
        }
        double perRecordUs = reader / 1e3 / sent + (delivered == 0 ? 0 : worker / 1e3 / delivered);
        System.out.printf("  this JVM used %.2f cores over the phase; the connector: reader %.2f us per event read, worker %.2f us"
                + " per record delivered, %.2f us per record in all; derived, if that were the only limit: %,.0f records/s"
                + " per core%n", all / 1e9 / secs, reader / 1e3 / sent, delivered == 0 ? 0.0 : worker / 1e3 / delivered,
                perRecordUs, perRecordUs == 0 ? 0 : 1e6 / perRecordUs);
        if (jfr != null) {
            JfrSummary.print(jfr, 25);
        }
        sustained.delete();
    }

    /** CPU time (ns) of this JVM's live threads, grouped by name with digits and ids stripped. */
    static Map<String, Long> cpuByThreadGroup() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new HashMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long ns = threads.getThreadCpuTime(info.getThreadId());
                String group = info.getThreadName().replaceAll("[0-9]+", "#").replaceAll("bench-[a-z]+", "bench");
                cpu.merge(group, Math.max(0, ns), Long::sum);
            }
        }
        return cpu;
    }

    /** Where the CPU went during a phase, per thread group, and per record delivered. */
    private static void printCpu(Map<String, Long> before, Map<String, Long> after, long records) {
        long total = 0;
        List<Map.Entry<String, Long>> used = new ArrayList<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long delta = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (delta > 0) {
                used.add(Map.entry(e.getKey(), delta));
                total += delta;
            }
        }
        used.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        System.out.printf("  CPU in this JVM: %.2f s (%.1f us per delivered record); top threads:%n", total / 1e9,
                records == 0 ? 0.0 : total / 1e3 / records);
        used.stream().limit(12).forEach(e -> System.out.printf("    %-70s %7.2f s%n", e.getKey(), e.getValue() / 1e9));
    }

    private static final Map<String, String> VALUE_SCHEMAS = Map.of("ike-updown", "IkeUpdown", "child-updown",
            "ChildUpdown", "ike-rekey", "IkeRekey", "child-rekey", "ChildRekey", "status", "Status", "list-sas", "ListSa");

    /** Registers the project's .avsc files under the subjects of the benchmark's topics. */
    static void preRegister(String apiUrl) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        for (Map.Entry<String, String> topic : VALUE_SCHEMAS.entrySet()) {
            register(http, apiUrl, "bench." + topic.getKey() + "-value", Path.of("schemas/source/" + topic.getValue() + ".avsc"));
            register(http, apiUrl, "bench." + topic.getKey() + "-key", Path.of("schemas/source/SaKey.avsc"));
        }
    }

    private static void register(java.net.http.HttpClient http, String apiUrl, String artifactId, Path avsc) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(apiUrl + "/groups/default/artifacts?ifExists=RETURN_OR_UPDATE"))
                .header("Content-Type", "application/json")
                .header("X-Registry-ArtifactId", artifactId)
                .header("X-Registry-ArtifactType", "AVRO")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Files.readString(avsc))).build();
        var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("registering " + artifactId + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /** System properties {@code <prefix>key=value} as {@code key=value}: extra worker or connector settings. */
    private static Map<String, String> prefixed(String prefix) {
        Map<String, String> props = new HashMap<>();
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                props.put(key.substring(prefix.length()), System.getProperty(key));
            }
        }
        return props;
    }

    /** The lifecycle events of the captured sample set, as VICI event frames. */
    private static List<byte[]> capturedFrames() {
        List<byte[]> frames = new ArrayList<>();
        for (SampleEvents.Sample sample : SampleEvents.all()) {
            if (EVENTS.contains(sample.event())) {
                frames.add(ReplayCharon.frame(sample.event(), sample.message()));
            }
        }
        return frames;
    }

    /** One connector with one task on the replay socket, watched through its JMX metrics. */
    private record Task(ConnectCluster cluster, String name, ObjectName metrics) {

        static Task start(ConnectCluster cluster, ReplayCharon charon, String name, Map<String, String> extra)
                throws Exception {
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", ViciSourceConnector.class.getName());
            config.put("tasks.max", "1");
            config.put(ViciSourceConfig.ENDPOINTS, "replay=" + charon.uri());
            config.put(ViciSourceConfig.EVENTS, String.join(",", EVENTS));
            config.put(ViciSourceConfig.TOPIC_PREFIX, "bench");
            config.put(ViciSourceConfig.HEARTBEAT_INTERVAL_MS, "0");
            config.put(ViciSourceConfig.SNAPSHOT_INTERVAL_MS, "0");
            config.put("topic.creation.default.replication.factor", "1");
            config.put("topic.creation.default.partitions", "1");
            config.putAll(extra);
            config.putAll(prefixed("bench.connector."));
            cluster.connect().configureConnector(name, config);
            cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, name + " did not start");
            charon.awaitSubscriber(Duration.ofSeconds(60));
            ObjectName metrics = new ObjectName("kafka.connect.vici:type=source-task-metrics,connector=" + name
                    + ",task=0,gateway=replay");
            return new Task(cluster, name, metrics);
        }

        long attribute(String attribute) {
            try {
                return (Long) JMX.getAttribute(metrics, attribute);
            } catch (Exception e) {
                return 0; // not registered yet
            }
        }

        long acked() {
            return attribute("AckedRecords");
        }

        long dropped() {
            return attribute("EventsDroppedByBuffer");
        }

        long p(int percentile) {
            return attribute(percentile == 50 ? "AckLatencyP50Ms" : "AckLatencyP99Ms");
        }

        /** Waits until {@code expected} records are acknowledged, less those dropped; 2 min at most. */
        void awaitSettled(long expected) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            long last = -1;
            long stableSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                long done = acked() + dropped();
                if (done >= expected) {
                    return;
                }
                if (done != last) {
                    last = done;
                    stableSince = System.nanoTime();
                } else if (System.nanoTime() - stableSince > Duration.ofSeconds(10).toNanos()) {
                    return; // nothing moved for 10 s: gap records may stand in for dropped events
                }
                Thread.sleep(5);
            }
        }

        void delete() {
            cluster.connect().deleteConnector(name);
        }
    }
}
