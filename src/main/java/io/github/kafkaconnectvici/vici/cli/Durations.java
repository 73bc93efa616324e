package io.github.kafkaconnectvici.vici.cli;

import java.time.Duration;
import java.util.Locale;

/** Durations as operators write them: 500ms, 30s, 2m, 1h, or ISO-8601 (PT30S). */
final class Durations {

    private Durations() {
    }

    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Duration duration;
        try {
            if (t.startsWith("p")) {
                duration = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (t.endsWith("ms")) {
                duration = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else {
                long amount = Long.parseLong(t.substring(0, Math.max(0, t.length() - 1)));
                duration = switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> null;
                };
            }
        } catch (RuntimeException e) {
            duration = null;
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("not a positive duration: '" + text + "' (write e.g. 500ms, 30s, 2m)");
        }
        return duration;
    }
}
