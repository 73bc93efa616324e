package io.github.kafkaconnectvici.vici.session;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between reconnection attempts: a restarting charon is not hammered
 * (ipsec_exporter's tight reconnect loop spun a CPU), and many clients do not retry in lockstep.
 *
 * @param initial    the first delay
 * @param max        the longest delay
 * @param multiplier growth per attempt
 * @param jitter     fraction of each delay that is random, 0 to 1
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), 2.0, 0.5);

    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0 || multiplier < 1.0 || jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max, multiplier >= 1, 0 <= jitter <= 1");
        }
    }

    /** The delay before attempt {@code attempt} (0-based): within [base * (1 - jitter), base]. */
    public Duration delay(int attempt) {
        // pow may overflow to infinity, which min() caps; a zero initial delay stays zero (not NaN)
        double base = initial.isZero() ? 0 : Math.min(max.toNanos(), initial.toNanos() * Math.pow(multiplier, attempt));
        double factor = 1.0 - jitter * ThreadLocalRandom.current().nextDouble();
        return Duration.ofNanos((long) (base * factor));
    }
}
