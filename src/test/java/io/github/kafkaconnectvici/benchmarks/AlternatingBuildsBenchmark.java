package io.github.kafkaconnectvici.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two builds of the project side by side in one JVM: {@link CpuPerRecordBenchmark} (or the class in
 * {@code bench.ab.class}) loaded from each build's {@code target/classes} and {@code target/test-classes},
 * run in turns (A B, then B A, ...), each stage's median compared. On a shared machine whose speed drifts
 * by tens of percent from one minute to the next, only turns this close compare code: a drift then slows
 * both builds alike. The first round is warm-up and not counted.
 *
 * <p>Arguments: the two checkouts (each built with {@code mvn -DskipTests test-compile}), the rounds, and
 * the dependencies' class path.
 */
public final class AlternatingBuildsBenchmark {

    // "stage name   1.23 ..." as the benchmarks print them: the name, two or more spaces, the figure
    private static final Pattern STAGE = Pattern.compile("^\\s*(\\S.*?)\\s{2,}(\\d+\\.\\d+)\\b.*$");

    private AlternatingBuildsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: AlternatingBuildsBenchmark <checkout A> <checkout B> <rounds> <class path>");
        }
        String benchmark = System.getProperty("bench.ab.class", "io.github.kafkaconnectvici.benchmarks.CpuPerRecordBenchmark");
        int rounds = Integer.parseInt(args[2]);
        ClassLoader dependencies = new URLClassLoader(urls(args[3].split(":")), ClassLoader.getPlatformClassLoader());
        Method[] mains = {mainOf(args[0], benchmark, dependencies), mainOf(args[1], benchmark, dependencies)};
        List<Map<String, List<Double>>> figures = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
        for (int round = 0; round < rounds; round++) {
            for (int turn = 0; turn < 2; turn++) {
                int build = (round + turn) % 2;
                String output = run(mains[build]);
                if (round > 0) {
                    for (String line : output.split("\n")) {
                        Matcher m = STAGE.matcher(line);
                        if (m.matches()) {
                            figures.get(build).computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Double.parseDouble(m.group(2)));
                        }
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "A = %s, B = %s, %s, %d counted rounds, medians (us per record):%n",
                args[0], args[1], benchmark.substring(benchmark.lastIndexOf('.') + 1), rounds - 1);
        for (Map.Entry<String, List<Double>> stage : figures.get(0).entrySet()) {
            List<Double> b = figures.get(1).get(stage.getKey());
            if (b != null) {
                double ma = SnapshotKafkaBenchmark.median(stage.getValue());
                double mb = SnapshotKafkaBenchmark.median(b);
                System.out.printf(Locale.ROOT, "  %-46s A %6.2f   B %6.2f   B/A %.3f%n", stage.getKey(), ma, mb, mb / ma);
            }
        }
    }

    private static Method mainOf(String checkout, String benchmark, ClassLoader dependencies) throws ReflectiveOperationException {
        URL[] build = urls(Path.of(checkout, "target", "classes").toString(), Path.of(checkout, "target", "test-classes").toString());
        return Class.forName(benchmark, true, new URLClassLoader(build, dependencies)).getMethod("main", String[].class);
    }

    /** Runs one build's benchmark on a thread whose context loader is that build's, and returns what it printed. */
    private static String run(Method main) throws InterruptedException {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RuntimeException[] failure = new RuntimeException[1];
        Thread thread = new Thread(() -> {
            try {
                main.invoke(null, (Object) new String[0]);
            } catch (IllegalAccessException | InvocationTargetException e) {
                failure[0] = new IllegalStateException("the benchmark failed", e);
            }
        }, "alternating-builds");
        thread.setContextClassLoader(main.getDeclaringClass().getClassLoader());
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            thread.start();
            thread.join();
        } finally {
            System.setOut(out);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static URL[] urls(String... paths) {
        URL[] urls = new URL[paths.length];
        for (int i = 0; i < paths.length; i++) {
            try {
                urls[i] = Path.of(paths[i]).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("not a path: " + paths[i], e);
            }
        }
        return urls;
    }
}
