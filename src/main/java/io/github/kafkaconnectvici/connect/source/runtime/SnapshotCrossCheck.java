package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.vici.codec.Message;
import java.util.OptionalLong;

/**
 * Checks a snapshot's total against charon's own count of IKE_SAs ({@code stats}, read before and
 * after the listing). charon drops a {@code list-sa} event larger than its 512 KiB message limit
 * without a word (an IKE_SA with very many CHILD_SAs), so a listing can look whole and miss an SA.
 * Only a stable count is conclusive: if SAs came or went during the listing, nothing is claimed.
 */
final class SnapshotCrossCheck {

    private SnapshotCrossCheck() {
    }

    /** charon's IKE_SA count from a {@code stats} answer ({@code ikesas.total}), if it has one. */
    static OptionalLong ikeSaCount(Message stats) {
        return stats.section("ikesas").map(s -> s.number("total")).orElse(OptionalLong.empty());
    }

    /**
     * Null if the snapshot agrees with charon, or cannot be judged (a count missing or moving);
     * otherwise what disagrees, for a status record.
     */
    static String mismatch(OptionalLong before, long listed, OptionalLong after) {
        if (before.isEmpty() || after.isEmpty() || before.getAsLong() != after.getAsLong()) {
            return null;
        }
        long counted = before.getAsLong();
        if (counted == listed) {
            return null;
        }
        String why = listed < counted
                ? "charon drops a list-sa event over its 512 KiB message limit (an IKE_SA with very many CHILD_SAs),"
                        + " or SAs were replaced during the listing"
                : "SAs were replaced during the listing";
        return "charon's stats counted " + counted + " IKE_SA(s) before and after the listing, the listing had " + listed
                + "; " + why;
    }
}
