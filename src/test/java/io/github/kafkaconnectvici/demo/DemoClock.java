package io.github.kafkaconnectvici.demo;

import java.time.Duration;

/**
 * Time since the run command started: the {@code ./demo} script passes its start time (epoch ms) in
 * {@code DEMO_STARTED_MS}, so that the build counts too; without it, since this JVM started.
 */
final class DemoClock {

    private final long startedMs;

    DemoClock(long startedMs) {
        this.startedMs = startedMs;
    }

    static DemoClock fromEnvironment() {
        String started = System.getenv("DEMO_STARTED_MS");
        long jvmStart = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli())
                .orElse(System.currentTimeMillis());
        try {
            return new DemoClock(started == null ? jvmStart : Long.parseLong(started.trim()));
        } catch (NumberFormatException e) {
            return new DemoClock(jvmStart);
        }
    }

    /** {@code [  12.3s]}: a prefix for every line the demo prints. */
    String stamp() {
        return String.format("[%6.1fs]", (System.currentTimeMillis() - startedMs) / 1000.0);
    }

    String sinceStart() {
        Duration elapsed = Duration.ofMillis(System.currentTimeMillis() - startedMs);
        return String.format("%.1f s", elapsed.toMillis() / 1000.0);
    }
}
