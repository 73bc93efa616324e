package io.github.kafkaconnectvici.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kafkaconnectvici.connect.source.QueuedRecord.Boundary;
import java.time.Duration;
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
        assertThat(queue.drain(1, Duration.ofSeconds(5))).extracting(q -> q.record().topic()).containsExactly("a");
        assertThat(put.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.drain(5, Duration.ofSeconds(5))).extracting(q -> q.record().topic()).containsExactly("b", "c");
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

    @Test
    void sequencesStartAtOneAndContinueAfterTheCommittedOffset() {
        GatewaySequence fresh = GatewaySequence.resume(null);
        assertThat(fresh.next()).isEqualTo(1);
        assertThat(fresh.next()).isEqualTo(2);

        // A JSON offset store may hand back an Integer.
        GatewaySequence resumed = GatewaySequence.resume(Map.of("sequence", 41));
        assertThat(resumed.upcoming()).isEqualTo(42);
        assertThat(resumed.upcoming()).isEqualTo(42);
        resumed.advance();
        assertThat(resumed.next()).isEqualTo(43);
    }

    @Test
    void anUnusableCommittedOffsetIsRefusedWithAHint() {
        assertThatThrownBy(() -> GatewaySequence.resume(Map.of("sequence", "seven")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reset the connector's offsets");
        assertThatThrownBy(() -> GatewaySequence.resume(Map.of("sequence", -3L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- TransactionBoundaries

    @Test
    void batchesWithoutSnapshotsCommitAtTheirEnd() {
        TransactionBoundaries boundaries = new TransactionBoundaries();

        assertThat(boundaries.lastCommitPoint(List.of(record("e1"), record("e2"), record("e3")))).isEqualTo(2);
    }

    @Test
    void aSnapshotIsNeverSplitAcrossTransactions() {
        TransactionBoundaries boundaries = new TransactionBoundaries();

        // events, then a snapshot opens: commit only after the events before it
        assertThat(boundaries.lastCommitPoint(List.of(record("e1"), record("s", Boundary.SNAPSHOT_OPENS), record("sa"))))
                .isEqualTo(0);
        // still open all through the next batch: no commit at all
        assertThat(boundaries.lastCommitPoint(List.of(record("sa"), record("e2")))).isEqualTo(-1);
        // closes, then more events: the transaction ends at the batch end
        assertThat(boundaries.lastCommitPoint(List.of(record("sa"), record("c", Boundary.SNAPSHOT_CLOSES), record("e3"))))
                .isEqualTo(2);
        assertThat(boundaries.openSnapshots()).isZero();
    }

    @Test
    void overlappingSnapshotsOfTwoGatewaysCommitOnlyWhenBothAreClosed() {
        TransactionBoundaries boundaries = new TransactionBoundaries();

        int point = boundaries.lastCommitPoint(List.of(
                record("a-start", Boundary.SNAPSHOT_OPENS), record("b-start", Boundary.SNAPSHOT_OPENS),
                record("a-end", Boundary.SNAPSHOT_CLOSES), record("b-sa"),
                record("b-end", Boundary.SNAPSHOT_CLOSES), record("event")));

        assertThat(point).isEqualTo(5);
        assertThat(boundaries.lastCommitPoint(List.of(record("x", Boundary.SNAPSHOT_OPENS),
                record("y", Boundary.SNAPSHOT_OPENS), record("x-end", Boundary.SNAPSHOT_CLOSES)))).isEqualTo(-1);
    }
}
