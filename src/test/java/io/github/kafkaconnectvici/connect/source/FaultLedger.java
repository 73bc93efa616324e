package io.github.kafkaconnectvici.connect.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts a connector's records against what a reference subscriber saw. Every reference event is
 * either a record with the same content (key), or inside a GAP window of the gateway, or a silent
 * loss. Arrival times of the two clients differ a little (two sockets, two reader threads): the
 * windows are widened by the largest difference measured on the events both saw, and that tolerance
 * is part of the result.
 */
public final class FaultLedger {

    /** One campaign phase: its fault, how many times it was applied, and when. */
    public record Phase(String fault, int faults, Instant from, Instant to) {
    }

    public record Row(String fault, int faults, long events, long records, long gaps, long eventsInGaps, long silentLosses,
               long duplicates, long taskFailures) {

        public static String header() {
            return "| fault | faults | events | as records | gaps | events inside gaps | silent losses | duplicates"
                    + " | task failures |\n|---|---|---|---|---|---|---|---|---|";
        }

        public String markdown() {
            return "| " + fault + " | " + faults + " | " + events + " | " + records + " | " + gaps + " | " + eventsInGaps
                    + " | " + silentLosses + " | " + duplicates + " | " + taskFailures + " |";
        }
    }

    public record Window(Instant from, Instant to) {
        boolean covers(Instant at, Duration tolerance) {
            return (from == null || !at.isBefore(from.minus(tolerance))) && !at.isAfter(to.plus(tolerance));
        }
    }

    private final List<ReferenceSubscriber.Seen> reference;
    private final Map<String, List<Instant>> recorded = new HashMap<>();
    private final List<Window> gaps = new ArrayList<>();
    private final List<Instant> gapEnds = new ArrayList<>();
    private final long duplicates;
    private final long gapsWithoutResync;
    private final Duration tolerance;

    /** {@code records}: every record of the connector's topics (events and status), as JSON. */
    public FaultLedger(List<ReferenceSubscriber.Seen> reference, List<JsonNode> records) {
        this.reference = reference;
        Map<Long, Set<String>> bySequence = new HashMap<>();
        List<Long> gapSequences = new ArrayList<>();
        List<Long> completedSequences = new ArrayList<>();
        for (JsonNode r : records) {
            long sequence = r.path("sequence").asLong();
            bySequence.computeIfAbsent(sequence, s -> new HashSet<>()).add(r.toString());
            String event = r.path("event").asText();
            if (ReferenceSubscriber.UPDOWN_AND_REKEY.contains(event)) {
                recorded.computeIfAbsent(key(r), k -> new ArrayList<>()).add(Instant.ofEpochMilli(r.path("received_at").asLong()));
            } else if (r.path("kind").asText().equals("GAP")) {
                Instant from = r.path("gap_start").isNull() || r.path("gap_start").isMissingNode() ? null
                        : Instant.ofEpochMilli(r.path("gap_start").asLong());
                Instant to = Instant.ofEpochMilli(r.path("gap_end").asLong());
                gaps.add(new Window(from, to));
                gapEnds.add(to);
                gapSequences.add(sequence);
            } else if (r.path("kind").asText().equals("SNAPSHOT_COMPLETED")) {
                completedSequences.add(sequence);
            }
        }
        duplicates = bySequence.values().stream().filter(contents -> contents.size() > 1).count();
        long lastCompleted = completedSequences.stream().mapToLong(Long::longValue).max().orElse(-1);
        gapsWithoutResync = gapSequences.stream().filter(s -> s > lastCompleted).count();
        tolerance = measureTolerance();
    }

    /** The key of a connector record, built like {@link ReferenceSubscriber#key(String, io.github.kafkaconnectvici.vici.codec.Message)}. */
    static String key(JsonNode record) {
        String event = record.path("event").asText();
        if (event.equals("ike-rekey")) {
            JsonNode old = record.path("old_ike_sa");
            JsonNode young = record.path("new_ike_sa");
            return ReferenceSubscriber.ikeRekeyKey(old.path("initiator_spi").asText(""),
                    old.path("responder_spi").asText(""), young.path("initiator_spi").asText(""),
                    young.path("responder_spi").asText(""));
        }
        if (event.equals("child-rekey")) {
            JsonNode ikeSa = record.path("ike_sa");
            return ReferenceSubscriber.childRekeyKey(ikeSa.path("initiator_spi").asText(""),
                    ikeSa.path("responder_spi").asText(""), record.path("old_child_sa").path("spi_in").asText(""),
                    record.path("new_child_sa").path("spi_in").asText(""));
        }
        JsonNode ikeSa = record.path("ike_sa");
        String child = "";
        if (record.path("event").asText().equals("child-updown")) {
            JsonNode spi = ikeSa.path("child_sas").path(0).path("spi_in");
            child = spi.isTextual() ? spi.asText() : "";
        }
        return ReferenceSubscriber.key(record.path("event").asText(), record.path("up").asBoolean(),
                ikeSa.path("initiator_spi").asText(""), ikeSa.path("responder_spi").asText(""), child);
    }

    private Duration measureTolerance() {
        long worst = 0;
        for (ReferenceSubscriber.Seen seen : reference) {
            List<Instant> at = recorded.get(seen.key());
            if (at != null) {
                long best = at.stream().mapToLong(t -> Math.abs(t.toEpochMilli() - seen.at().toEpochMilli())).min()
                        .orElseThrow();
                worst = Math.max(worst, best);
            }
        }
        return Duration.ofMillis(worst + 1);
    }

    public Duration tolerance() {
        return tolerance;
    }

    public long duplicates() {
        return duplicates;
    }

    /** GAP records with no SNAPSHOT_COMPLETED after them (in sequence order, which spans tasks). */
    public long gapsWithoutResync() {
        return gapsWithoutResync;
    }

    private boolean isRecord(ReferenceSubscriber.Seen seen) {
        return recorded.containsKey(seen.key());
    }

    private boolean inGap(ReferenceSubscriber.Seen seen) {
        return gaps.stream().anyMatch(w -> w.covers(seen.at(), tolerance));
    }

    /** Reference events of one kind (ike-updown, child-rekey, ...), over the whole run. */
    public long referenceOf(String event) {
        return reference.stream().filter(s -> s.key().startsWith(event + " ")).count();
    }

    /** Reference events of one kind that are records. */
    public long recordsOf(String event) {
        return reference.stream().filter(s -> s.key().startsWith(event + " ") && isRecord(s)).count();
    }

    /** Reference events that are neither records nor inside a gap, over the whole run. */
    public List<ReferenceSubscriber.Seen> silentLosses() {
        return reference.stream().filter(s -> !isRecord(s) && !inGap(s)).toList();
    }

    public Row row(Phase phase, long taskFailures) {
        List<ReferenceSubscriber.Seen> events = reference.stream()
                .filter(s -> !s.at().isBefore(phase.from()) && s.at().isBefore(phase.to())).toList();
        long records = events.stream().filter(this::isRecord).count();
        long inGaps = events.stream().filter(s -> !isRecord(s) && inGap(s)).count();
        long silent = events.stream().filter(s -> !isRecord(s) && !inGap(s)).count();
        long gapCount = gapEnds.stream().filter(t -> !t.isBefore(phase.from()) && t.isBefore(phase.to())).count();
        return new Row(phase.fault(), phase.faults(), events.size(), records, gapCount, inGaps, silent, duplicates,
                taskFailures);
    }
}
