package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Reconnection delays: exponential, capped, jittered downwards only. */
class BackoffTest {

    @Property
    void delayStaysWithinTheJitteredBaseAndNeverExceedsTheCap(
            @ForAll @LongRange(min = 0, max = 10_000) long initialMillis,
            @ForAll @LongRange(min = 0, max = 100_000) long extraMillis,
            @ForAll @DoubleRange(min = 1.0, max = 10.0) double multiplier,
            @ForAll @DoubleRange(min = 0.0, max = 1.0) double jitter,
            @ForAll @IntRange(min = 0, max = 200) int attempt) {
        Duration initial = Duration.ofMillis(initialMillis);
        Duration max = initial.plusMillis(extraMillis);
        Backoff backoff = new Backoff(initial, max, multiplier, jitter);

        long delay = backoff.delay(attempt).toNanos();

        double base = Math.min(max.toNanos(), initial.toNanos() * Math.pow(multiplier, attempt));
        assertThat(delay).isLessThanOrEqualTo(max.toNanos());
        assertThat((double) delay).isLessThanOrEqualTo(base * (1 + 1e-9) + 1);
        assertThat((double) delay).isGreaterThanOrEqualTo(base * (1 - jitter) * (1 - 1e-9) - 1);
    }

    @Test
    void withoutJitterDelaysDoubleUntilTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), 2.0, 0.0);

        assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(10));
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(20));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(80));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void slowGrowthStillReachesTheCap() {
        // 1.05^64 is only 23: growth must not stop at attempt 64
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 1.05, 0.0);

        assertThat(backoff.delay(100)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void zeroInitialDelayStaysZero() {
        Backoff immediate = new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2.0, 0.5);

        assertThat(immediate.delay(0)).isZero();
        assertThat(immediate.delay(Integer.MAX_VALUE)).isZero();
    }

    @Test
    void defaultStartsAtAtMostATenthOfASecondAndCapsAtThirtySeconds() {
        assertThat(Backoff.DEFAULT.delay(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(Backoff.DEFAULT.delay(100)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    }

    @Test
    void rejectsNonsense() {
        Duration s = Duration.ofSeconds(1);
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ofMillis(-1), s, 2, 0.5));
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(s, Duration.ofMillis(999), 2, 0.5));
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(s, s, 0.9, 0.5));
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(s, s, 2, -0.1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(s, s, 2, 1.1));
    }
}
