package io.github.kafkaconnectvici.connect.source.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.kafkaconnectvici.connect.source.ViciSourceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Periodic snapshots spread over the interval, and no more than the limit running at once in a task. */
class SnapshotPacingTest {

    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TICK = Duration.ofMillis(10);

    @Test
    void dueTimesSpanTheLastQuarterOfTheIntervalAndNeverExceedIt() {
        assertThat(new SnapshotPacing(1, () -> 0.0).nextDue(NOW, INTERVAL)).isEqualTo(NOW.plus(INTERVAL));
        assertThat(new SnapshotPacing(1, () -> 1.0).nextDue(NOW, INTERVAL)).isEqualTo(NOW.plusSeconds(45));
        assertThat(new SnapshotPacing(1, () -> 0.5).nextDue(NOW, INTERVAL)).isEqualTo(NOW.plus(Duration.ofMillis(52_500)));
        assertThat(new SnapshotPacing(1, () -> 0.5).nextDue(NOW, Duration.ZERO)).as("periodic snapshots off").isNull();
    }

    @Test
    void gatewaysStartedTogetherSpreadOverTheInterval() {
        Random random = new Random(17);
        SnapshotPacing pacing = new SnapshotPacing(4, random::nextDouble);
        int gateways = 1_000;
        List<Instant> due = new ArrayList<>();
        for (int i = 0; i < gateways; i++) {
            due.add(pacing.nextDue(NOW, INTERVAL));
        }
        // Of 1,000 gateways deployed in the same second, no one-second slot of the first round gets
        // more than a few percent of them (15 s of spread: ~67 per second on average).
        Map<Long, Long> perSecond = due.stream().collect(java.util.stream.Collectors.groupingBy(
                d -> Duration.between(NOW, d).toSeconds(), java.util.stream.Collectors.counting()));
        assertThat(perSecond.keySet()).hasSizeGreaterThanOrEqualTo(15);
        assertThat(perSecond.values()).allSatisfy(n -> assertThat(n).isLessThan(120));
        assertThat(due).allSatisfy(d -> assertThat(d).isBetween(NOW.plusSeconds(45), NOW.plus(INTERVAL)));
    }

    @Test
    void atMostTheLimitRunAtOnceAndTheRestWaitTheirTurn() throws Exception {
        SnapshotPacing pacing = new SnapshotPacing(3, () -> 0.0);
        int gateways = 12;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(gateways);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < gateways; i++) {
                runs.add(pool.submit(() -> {
                    assertThat(pacing.acquire(() -> true, TICK)).isTrue();
                    try {
                        peak.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        release.await();
                    } finally {
                        inside.decrementAndGet();
                        pacing.release();
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> inside.get() == 3);
            assertThat(pacing.running()).isEqualTo(3);
            release.countDown();
            for (Future<?> run : runs) {
                run.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(done.get()).isEqualTo(gateways);
        assertThat(peak.get()).isEqualTo(3);
        assertThat(pacing.running()).isZero();
    }

    @Test
    void aWaitingGatewayGivesUpWhenItsTaskStops() throws Exception {
        SnapshotPacing pacing = new SnapshotPacing(1, () -> 0.0);
        assertThat(pacing.acquire(() -> true, TICK)).isTrue();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> waiting = pool.submit(() -> pacing.acquire(running::get, TICK));
            running.set(false);
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(pacing.running()).as("the stopped waiter took no permit").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theLimitIsASettingBoundedToOneThroughAThousand() {
        assertThat(new ViciSourceConfig(Map.of()).snapshotPacing().limit()).isEqualTo(SnapshotPacing.MAX_CONCURRENT_DEFAULT);
        assertThat(new ViciSourceConfig(Map.of(SnapshotPacing.MAX_CONCURRENT, "16")).snapshotPacing().limit()).isEqualTo(16);
        for (String bad : List.of("0", "1001", "-1")) {
            assertThatThrownBy(() -> new ViciSourceConfig(Map.of(SnapshotPacing.MAX_CONCURRENT, bad)))
                    .isInstanceOf(ConfigException.class).hasMessageContaining(SnapshotPacing.MAX_CONCURRENT);
        }
        assertThatThrownBy(() -> new SnapshotPacing(0, () -> 0.0)).hasMessageContaining("1..1000");
    }
}
