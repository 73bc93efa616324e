package io.github.kafkaconnectvici.connect.source.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kafkaconnectvici.connect.source.runtime.QueuedRecord.Boundary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The task's plumbing without charon: queue, snapshot holdback, sequences, transaction boundaries. */
class QueueAndSnapshotTest {

    private static QueuedRecord record(String topic, Boundary boundary) {
        return new QueuedRecord(new SourceRecord(Map.of("gateway", "g"), Map.of("sequence", 1L), topic, null, null),
                boundary);
    }

    private static QueuedRecord record(String topic) {
        return record(topic, Boundary.NONE);
    }

    // --- RecordQueue

    @Test
    void drainReturnsWhatIsThereUpToTheBatchSize() throws InterruptedException {
        RecordQueue queue = new RecordQueue(10);
        for (int i = 0; i < 5; i++) {
            assertThat(queue.offer(record("t" + i))).isTrue();
        }

        assertThat(queue.drain(3, Duration.ofSeconds(5))).extracting(q -> q.record().topic()).containsExactly("t0", "t1", "t2");
        assertThat(queue.drain(3, Duration.ofSeconds(5))).extracting(q -> q.record().topic()).containsExactly("t3", "t4");
    }

    @Test
    void drainOfAnEmptyQueueGivesUpAfterItsTimeout() throws InterruptedException {
        assertThat(new RecordQueue(4).drain(10, Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void aFullQueueRefusesOffersAndMakesPutWaitForRoom() throws Exception {
        RecordQueue queue = new RecordQueue(2);
        queue.offer(record("a"));
        queue.offer(record("b"));
        assertThat(queue.offer(record("shed"))).isFalse();

        CompletableFuture<Boolean> put = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.put(record("c"), () -> true);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // the put waits for room: it neither returns nor grows the queue past its capacity
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !put.isDone());
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.drain(1, Duration.ofSeconds(5))).extracting(q -> q.record().topic()).containsExactly("a");
        assertThat(put.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.drain(5, Duration.ofSeconds(5))).extracting(q -> q.record().topic()).containsExactly("b", "c");
    }

    @Test
    void aBatchLargerThanTheRoomGoesInInOrderAsRoomIsMade() throws Exception {
        RecordQueue queue = new RecordQueue(3);
        List<QueuedRecord> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            batch.add(record("t" + i));
        }
        CompletableFuture<Integer> put = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.putAll(batch, () -> true);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> taken = new ArrayList<>();
        while (taken.size() < 7) {
            assertThat(queue.size()).isLessThanOrEqualTo(3);
            queue.drain(2, Duration.ofSeconds(5)).forEach(q -> taken.add(q.record().topic()));
        }

        assertThat(put.get(10, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(taken).containsExactly("t0", "t1", "t2", "t3", "t4", "t5", "t6");
    }

    @Test
    void aBatchStopsAtTheRoomThereIsWhenTheTaskStops() throws InterruptedException {
        RecordQueue queue = new RecordQueue(2);
        AtomicBoolean running = new AtomicBoolean(true);
        // the queue fills with the first two; the third waits, sees the task stopping, and is not queued
        int queued = queue.putAll(List.of(record("a"), record("b"), record("c")), () -> {
            boolean wasRunning = running.get();
            running.set(queue.size() < 2);
            return wasRunning;
        });

        assertThat(queued).isEqualTo(2);
        assertThat(queue.drain(5, Duration.ofSeconds(5))).extracting(q -> q.record().topic()).containsExactly("a", "b");
        assertThat(queue.putAll(List.of(record("d")), () -> false)).isZero();
        assertThat(queue.size()).isZero();
    }

    @Test
    void aWaitingPutGivesUpWhenTheTaskStops() throws Exception {
        RecordQueue queue = new RecordQueue(2);
        queue.offer(record("a"));
        queue.offer(record("b"));
        AtomicBoolean running = new AtomicBoolean(true);

        CompletableFuture<Boolean> put = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.put(record("c"), running::get);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // stopped while it waits for room, not before it got there
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !put.isDone());
        running.set(false);

        assertThat(put.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(queue.size()).isEqualTo(2);
    }

    // --- SnapshotHoldback

    private record Passed(String entry, long position, boolean last, Long total) {
    }

    @Test
    void anEmptySnapshotPassesNothingOnAndTotalsZero() throws InterruptedException {
        List<Passed> passed = new ArrayList<>();
        SnapshotHoldback<String> holdback = new SnapshotHoldback<>((e, p, l, t) -> passed.add(new Passed(e, p, l, t)));

        assertThat(holdback.finish()).isZero();
        assertThat(passed).isEmpty();
    }

    @Test
    void onlyTheLastEntryIsMarkedAndCarriesTheTotal() throws InterruptedException {
        List<Passed> passed = new ArrayList<>();
        SnapshotHoldback<String> holdback = new SnapshotHoldback<>((e, p, l, t) -> passed.add(new Passed(e, p, l, t)));

        holdback.add("sa-1");
        assertThat(passed).isEmpty(); // held back: it might be the last
        holdback.add("sa-2");
        holdback.add("sa-3");
        assertThat(holdback.written()).isEqualTo(2);
        assertThat(holdback.finish()).isEqualTo(3);

        assertThat(passed).containsExactly(new Passed("sa-1", 0, false, null), new Passed("sa-2", 1, false, null),
                new Passed("sa-3", 2, true, 3L));
        assertThat(holdback.written()).isEqualTo(3);
    }

    @Test
    void aSingleEntryIsFirstAndLast() throws InterruptedException {
        List<Passed> passed = new ArrayList<>();
        SnapshotHoldback<String> holdback = new SnapshotHoldback<>((e, p, l, t) -> passed.add(new Passed(e, p, l, t)));
        holdback.add("only");

        assertThat(holdback.finish()).isEqualTo(1);
        assertThat(passed).containsExactly(new Passed("only", 0, true, 1L));
    }

    // --- GatewaySequence

    private static final Instant NOW = Instant.parse("2026-12-02T04:00:00.123456Z");
    private static final long NOW_MICROS = 1_796_184_000_123_456L;

    @Test
    void aTaskNumbersUpFromTheClockInMicrosecondsOneByOne() {
        GatewaySequence fresh = GatewaySequence.resume(null, NOW);

        assertThat(fresh.committed()).isNull();
        assertThat(fresh.next()).isEqualTo(NOW_MICROS);
        assertThat(fresh.next()).isEqualTo(NOW_MICROS + 1);
        assertThat(fresh.upcoming()).isEqualTo(NOW_MICROS + 2);
        fresh.advance();
        assertThat(fresh.next()).isEqualTo(NOW_MICROS + 3);
    }

    @Test
    void aResumedTaskStartsAboveBothTheCommittedOffsetAndTheClock() {
        // An offset of an older release (a JSON store may hand back an Integer, and there is no time).
        GatewaySequence old = GatewaySequence.resume(Map.of("sequence", 41), NOW);
        assertThat(old.committed()).isEqualTo(new GatewaySequence.Committed(41, null));
        assertThat(old.next()).isEqualTo(NOW_MICROS);

        // A predecessor on a clock ahead of this one: its committed number still wins.
        GatewaySequence ahead = GatewaySequence.resume(Map.of("sequence", NOW_MICROS + 500, "time", 5L), NOW);
        assertThat(ahead.next()).isEqualTo(NOW_MICROS + 501);
        assertThat(ahead.committed().time()).isEqualTo(Instant.ofEpochMilli(5));
    }

    @Test
    void numbersThePreviousTaskMayStillHaveWrittenAreNeverReused() {
        // The previous task started a second earlier and wrote 50,000 records; its offsets were committed up to
        // the 10,000th only (the final commit timed out), the rest may land in Kafka later.
        Instant started = NOW.minusSeconds(1);
        GatewaySequence previous = GatewaySequence.resume(null, started);
        long committed = 0;
        long highest = 0;
        for (int i = 1; i <= 50_000; i++) {
            highest = previous.next();
            if (i == 10_000) {
                committed = highest;
            }
        }

        GatewaySequence next = GatewaySequence.resume(Map.of("sequence", committed, "time", started.toEpochMilli()), NOW);

        assertThat(next.next()).isGreaterThan(highest);
    }

    @Test
    void theOffsetCarriesTheWatermarkOfWhatWasQueued() {
        GatewaySequence sequence = GatewaySequence.resume(Map.of("sequence", 9L, "time", 1_000L), NOW);
        assertThat(sequence.offset(12)).isEqualTo(Map.of("sequence", 12L, "time", 1_000L));

        sequence.taken(Instant.ofEpochMilli(5_000));
        sequence.taken(Instant.ofEpochMilli(4_000)); // never backwards
        assertThat(sequence.watermarkMillis()).isEqualTo(5_000);
        sequence.idleSince(Instant.ofEpochMilli(9_000));
        assertThat(sequence.watermarkMillis()).isEqualTo(9_000 - GatewaySequence.IDLE_MARGIN_MILLIS);
        assertThat(sequence.offset(13).get("time")).isEqualTo(9_000 - GatewaySequence.IDLE_MARGIN_MILLIS);
    }

    @Test
    void anUnusableCommittedOffsetIsRefusedWithAHint() {
        assertThatThrownBy(() -> GatewaySequence.resume(Map.of("sequence", "seven"), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reset the connector's offsets");
        assertThatThrownBy(() -> GatewaySequence.resume(Map.of("sequence", -3L), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GatewaySequence.resume(Map.of("sequence", 3L, "time", "noon"), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'time'");
    }

    // --- TransactionBoundaries

    @Test
    void batchesWithoutSnapshotsCommitAtTheirEnd() {
        TransactionBoundaries boundaries = new TransactionBoundaries();

        TransactionBoundaries.Arranged arranged = boundaries.arrange(List.of(record("e1"), record("e2"), record("e3")));

        assertThat(topics(arranged)).containsExactly("e1", "e2", "e3");
        assertThat(arranged.commitPoint()).isEqualTo(2);
    }

    @Test
    void aSnapshotIsNeverSplitAcrossTransactions() {
        TransactionBoundaries boundaries = new TransactionBoundaries();

        // events, then a snapshot opens: commit only after the events before it
        assertThat(boundaries.arrange(List.of(record("e1"), record("s", Boundary.SNAPSHOT_OPENS), record("sa")))
                .commitPoint()).isEqualTo(0);
        // still open all through the next batch: no commit at all
        assertThat(boundaries.arrange(List.of(record("sa"), record("e2"))).commitPoint()).isEqualTo(-1);
        // closes, then more events: the transaction ends at the batch end
        assertThat(boundaries.arrange(List.of(record("sa"), record("c", Boundary.SNAPSHOT_CLOSES), record("e3")))
                .commitPoint()).isEqualTo(2);
        assertThat(boundaries.openSnapshots()).isZero();
    }

    @Test
    void aSnapshotOpeningWhileAnotherStreamsIsHeldBackWithItsGatewaysLaterRecords() {
        TransactionBoundaries boundaries = new TransactionBoundaries();

        TransactionBoundaries.Arranged first = boundaries.arrange(List.of(
                record("a", "a-start", Boundary.SNAPSHOT_OPENS), record("b", "b-start", Boundary.SNAPSHOT_OPENS),
                record("b", "b-sa"), record("a", "a-sa"), record("c", "c-event")));
        assertThat(topics(first)).containsExactly("a-start", "a-sa", "c-event");
        assertThat(first.commitPoint()).isEqualTo(-1); // a is open
        assertThat(boundaries.openSnapshots()).isEqualTo(2);

        TransactionBoundaries.Arranged second = boundaries.arrange(List.of(
                record("a", "a-end", Boundary.SNAPSHOT_CLOSES), record("b", "b-end", Boundary.SNAPSHOT_CLOSES),
                record("b", "b-event")));
        assertThat(topics(second)).containsExactly("a-end", "b-start", "b-sa", "b-end", "b-event");
        assertThat(second.commitPoint()).isEqualTo(4);
        assertThat(boundaries.openSnapshots()).isZero();
    }

    @Test
    void aFleetWhoseSnapshotsAlwaysOverlapStillCommitsAfterEverySnapshotAndNeverInsideOne() {
        // 200 gateways; gateway i's snapshot opens before gateway i-1's closes, so in queue order some
        // snapshot is open from the first record to the last; events of every gateway in between.
        List<QueuedRecord> queued = new ArrayList<>();
        int gateways = 200;
        for (int i = 0; i < gateways; i++) {
            queued.add(record("g" + i, "g" + i + "-start", Boundary.SNAPSHOT_OPENS));
            queued.add(record("e" + i, "e" + i + "-event"));
            if (i > 0) {
                queued.add(record("g" + (i - 1), "g" + (i - 1) + "-sa"));
                queued.add(record("g" + (i - 1), "g" + (i - 1) + "-end", Boundary.SNAPSHOT_CLOSES));
                queued.add(record("g" + (i - 1), "g" + (i - 1) + "-after"));
            }
        }
        queued.add(record("g" + (gateways - 1), "g" + (gateways - 1) + "-end", Boundary.SNAPSHOT_CLOSES));
        TransactionBoundaries boundaries = new TransactionBoundaries();
        List<String> out = new ArrayList<>();
        List<Integer> commits = new ArrayList<>();
        for (int from = 0; from < queued.size(); from += 7) {
            TransactionBoundaries.Arranged arranged = boundaries.arrange(queued.subList(from, Math.min(queued.size(), from + 7)));
            if (arranged.commitPoint() >= 0) {
                commits.add(out.size() + arranged.commitPoint());
            }
            out.addAll(topics(arranged));
        }

        assertThat(out).hasSize(queued.size()).containsExactlyInAnyOrderElementsOf(topics(queued));
        assertThat(commits).last().isEqualTo(out.size() - 1);
        for (int i = 0; i < gateways; i++) {
            int start = out.indexOf("g" + i + "-start");
            int end = out.indexOf("g" + i + "-end");
            assertThat(start).as("g%d keeps its own order", i).isLessThan(end);
            if (i < gateways - 1) {
                assertThat(out.indexOf("g" + i + "-sa")).isBetween(start, end);
                assertThat(out.indexOf("g" + i + "-after")).isGreaterThan(end);
            }
            assertThat(commits).as("no transaction ends inside g%d's snapshot", i).noneMatch(c -> c >= start && c < end);
        }
        // a transaction ends at least once per few snapshots, not only at the end of the fleet's
        int longest = 0;
        for (int k = 1; k < commits.size(); k++) {
            longest = Math.max(longest, commits.get(k) - commits.get(k - 1));
        }
        assertThat(commits.get(0)).isLessThan(20);
        assertThat(longest).as("records between two commits").isLessThan(20);
    }

    private static QueuedRecord record(String gateway, String topic) {
        return record(gateway, topic, Boundary.NONE);
    }

    private static QueuedRecord record(String gateway, String topic, Boundary boundary) {
        return new QueuedRecord(new SourceRecord(Map.of("gateway", gateway), Map.of("sequence", 1L), topic, null, null),
                boundary);
    }

    private static List<String> topics(TransactionBoundaries.Arranged arranged) {
        return topics(arranged.records());
    }

    private static List<String> topics(List<QueuedRecord> records) {
        return records.stream().map(r -> r.record().topic()).toList();
    }
}
