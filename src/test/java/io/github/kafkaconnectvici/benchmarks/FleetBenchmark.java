package io.github.kafkaconnectvici.benchmarks;

import io.github.kafkaconnectvici.connect.source.EmptyTaskContext;
import io.github.kafkaconnectvici.connect.source.ViciSourceConfig;
import io.github.kafkaconnectvici.connect.source.ViciSourceTask;
import io.github.kafkaconnectvici.testkit.kafka.FleetSimulator;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * What one source task costs per followed gateway (BENCHMARKS.md, "Fleet"): threads, heap after GC
 * and open file descriptors (VICI connections) of this JVM before the task starts and once every
 * gateway is followed (subscribed, first snapshot completed), and how long that took. The gateways
 * are a {@link FleetSimulator} in a process of its own (so its sockets and heap are not counted),
 * each answering list-sas with {@code bench.fleet.sas} captured SAs. The task runs without Connect:
 * this thread polls it as a worker would, and the records are dropped.
 */
public final class FleetBenchmark {

    private static final long FOLLOW_TIMEOUT_MS = 600_000;

    private FleetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream(System.getProperty("bench.fleet.gateways", "10,100,1000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int sas = Integer.getInteger("bench.fleet.sas", 10);
        try {
            System.out.printf("%9s %8s %9s %12s %14s %12s %9s %11s%n", "gateways", "threads", "thr/gw", "heap MiB",
                    "heap KiB/gw", "fds/gw", "sas/gw", "followed s");
            for (int n : sizes) {
                run(n, sas);
            }
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(int gateways, int sas) throws Exception {
        Path dir = Files.createTempDirectory("kcv-fleet");
        Process simulator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), FleetSimulator.class.getName(),
                dir.toString(), Integer.toString(gateways), Integer.toString(sas))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(simulator.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(simulator.getOutputStream(), true, StandardCharsets.UTF_8);
        ViciSourceTask task = new ViciSourceTask();
        AtomicBoolean polling = new AtomicBoolean(true);
        try {
            if (!"ready".equals(out.readLine())) {
                throw new IllegalStateException("the fleet simulator did not start");
            }
            Sample before = Sample.take();
            Map<String, String> props = new HashMap<>();
            props.put(ViciSourceConfig.ENDPOINTS, endpoints(dir, gateways));
            props.put(ViciSourceConfig.TOPIC_PREFIX, "fleet");
            props.put(ViciSourceConfig.VALIDATE_GATEWAYS, "false");
            task.initialize(new EmptyTaskContext());
            long start = System.nanoTime();
            task.start(props);
            Set<String> snapshotted = new HashSet<>();
            Thread poller = new Thread(() -> poll(task, polling, snapshotted), "fleet-bench-poller");
            poller.start();
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(FOLLOW_TIMEOUT_MS);
            while (true) {
                in.println("stats");
                String stats = out.readLine();
                int subscribed = Integer.parseInt(stats.split(" ")[0].substring("subscribed=".length()));
                int done;
                synchronized (snapshotted) {
                    done = snapshotted.size();
                }
                if (subscribed == gateways && done == gateways) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("after " + FOLLOW_TIMEOUT_MS + " ms: " + stats + ", snapshots " + done);
                }
                Thread.sleep(100); // a benchmark's sampling period, not a test's wait
            }
            double followed = (System.nanoTime() - start) / 1e9;
            Sample after = Sample.take();
            long threads = after.threads - before.threads;
            double heap = (after.heap - before.heap) / (1024.0 * 1024.0);
            System.out.printf("%9d %8d %9.2f %12.1f %14.1f %12.2f %9d %11.1f%n", gateways, threads,
                    (double) threads / gateways, heap, heap * 1024 / gateways, (double) (after.fds - before.fds) / gateways,
                    sas, followed);
            polling.set(false);
            poller.join();
        } finally {
            polling.set(false);
            task.stop();
            in.close();
            simulator.waitFor(30, TimeUnit.SECONDS);
            simulator.destroyForcibly();
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    private static String endpoints(Path dir, int gateways) {
        List<String> all = new ArrayList<>(gateways);
        for (int i = 0; i < gateways; i++) {
            all.add("gw-" + i + "=unix://" + dir.resolve("gw-" + i + ".vici"));
        }
        return String.join(",", all);
    }

    private static void poll(ViciSourceTask task, AtomicBoolean polling, Set<String> snapshotted) {
        try {
            while (polling.get()) {
                List<SourceRecord> records = task.poll();
                if (records == null) {
                    continue;
                }
                for (SourceRecord record : records) {
                    if (record.topic().endsWith(".status") && record.value() instanceof Struct value
                            && "SNAPSHOT_COMPLETED".equals(value.getString("kind"))) {
                        synchronized (snapshotted) {
                            snapshotted.add(value.getString("gateway"));
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This JVM's live threads, heap in use after full GCs, and open file descriptors. */
    private record Sample(int threads, long heap, int fds) {
        static Sample take() throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200); // lets the collector finish before heap use is read
            }
            String[] fds = new File("/proc/self/fd").list();
            return new Sample(ManagementFactory.getThreadMXBean().getThreadCount(),
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), fds == null ? -1 : fds.length);
        }
    }
}
