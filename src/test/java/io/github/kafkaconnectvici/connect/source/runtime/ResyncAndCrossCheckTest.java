package io.github.kafkaconnectvici.connect.source.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.session.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** When a snapshot is owed and retried, and when a snapshot's total disagrees with charon's stats. */
class ResyncAndCrossCheckTest {

    private static final Instant T0 = Instant.parse("2026-12-02T04:00:00Z");
    // No jitter, so the retry times are exact.
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, 0);

    @Test
    void aFailedResyncStaysOwedAndIsRetriedWithGrowingBackoffUntilOneCompletes() {
        ResyncSchedule resync = new ResyncSchedule(BACKOFF);
        assertThat(resync.due(T0)).isFalse();
        assertThat(resync.untilDue(T0)).isNull();

        resync.owe("resync after a lost connection");
        assertThat(resync.due(T0)).isTrue();
        assertThat(resync.reason()).isEqualTo("resync after a lost connection");

        resync.failed(T0, "ignored: the first reason is kept");
        assertThat(resync.due(T0.plusMillis(99))).isFalse();
        assertThat(resync.untilDue(T0)).isEqualTo(Duration.ofMillis(100));
        assertThat(resync.due(T0.plusMillis(100))).isTrue();
        assertThat(resync.reason()).isEqualTo("resync after a lost connection (attempt 2)");

        Instant second = T0.plusMillis(100);
        resync.failed(second, "x");
        assertThat(resync.untilDue(second)).isEqualTo(Duration.ofMillis(200));
        for (int i = 0; i < 10; i++) {
            resync.failed(second, "x");
        }
        assertThat(resync.untilDue(second)).as("capped by the backoff's maximum").isEqualTo(Duration.ofSeconds(2));
        assertThat(resync.owed()).as("never given up").isTrue();

        resync.completed();
        assertThat(resync.owed()).isFalse();
        assertThat(resync.due(second.plusSeconds(60))).isFalse();
        resync.owe("resync after the event buffer overflowed");
        assertThat(resync.due(second)).as("a new debt starts without backoff").isTrue();
        assertThat(resync.reason()).isEqualTo("resync after the event buffer overflowed");
    }

    @Test
    void aFailedIntervalSnapshotBecomesOwedToo() {
        ResyncSchedule resync = new ResyncSchedule(BACKOFF);

        resync.failed(T0, "retry of a failed interval snapshot");

        assertThat(resync.owed()).isTrue();
        assertThat(resync.due(T0.plusMillis(100))).isTrue();
    }

    @Test
    void theIkeSaCountIsReadFromStats() {
        Message stats = Message.builder().put("uptime", "x")
                .section("ikesas", Message.builder().put("total", "12").put("half-open", "1").build()).build();

        assertThat(SnapshotCrossCheck.ikeSaCount(stats)).isEqualTo(OptionalLong.of(12));
        assertThat(SnapshotCrossCheck.ikeSaCount(Message.EMPTY)).isEmpty();
    }

    @Test
    void aListingShortOfAStableCountIsAMismatch() {
        String mismatch = SnapshotCrossCheck.mismatch(OptionalLong.of(3), 2, OptionalLong.of(3));

        assertThat(mismatch).contains("counted 3").contains("had 2").contains("512 KiB");
        assertThat(SnapshotCrossCheck.mismatch(OptionalLong.of(3), 4, OptionalLong.of(3))).contains("had 4");
    }

    @Test
    void agreementOrAMovingOrMissingCountIsNoMismatch() {
        assertThat(SnapshotCrossCheck.mismatch(OptionalLong.of(3), 3, OptionalLong.of(3))).isNull();
        assertThat(SnapshotCrossCheck.mismatch(OptionalLong.of(3), 2, OptionalLong.of(4))).isNull();
        assertThat(SnapshotCrossCheck.mismatch(OptionalLong.empty(), 2, OptionalLong.of(3))).isNull();
        assertThat(SnapshotCrossCheck.mismatch(OptionalLong.of(0), 0, OptionalLong.of(0))).isNull();
    }
}
