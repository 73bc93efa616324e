package io.github.kafkaconnectvici.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples went: per thread (digits stripped), the hottest methods by
 * self samples, and the project's own methods by inclusive samples. Run it on any recording with
 * {@code java -cp <test classpath> ...JfrSummary file.jfr}.
 */
public final class JfrSummary {

    private static final String OURS = "io.github.kafkaconnectvici.";

    private JfrSummary() {
    }

    public static void main(String[] args) throws IOException {
        print(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 15);
    }

    static void print(Path file, int top) throws IOException {
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            samples++;
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "#"), 1, Integer::sum);
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                self.merge(method(frames.get(0)), 1, Integer::sum);
            }
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String m = method(f);
                if (m.startsWith(OURS) && seen.add(m)) {
                    ours.merge(m, 1, Integer::sum);
                }
            }
        }
        System.out.printf(Locale.ROOT, "JFR %s: %d execution samples%n", file.getFileName(), samples);
        printTop("  by thread", threads, samples, top);
        printTop("  hottest methods (self)", self, samples, top);
        printTop("  project methods (inclusive)", ours, samples, top);
    }

    private static String method(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void printTop(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(c -> System.out.printf(Locale.ROOT, "    %5.1f %%  %s%n", 100.0 * c.getValue() / Math.max(1, total),
                        c.getKey().replace(OURS, "")));
    }
}
