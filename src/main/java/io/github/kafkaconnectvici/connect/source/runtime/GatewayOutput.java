package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.connect.source.runtime.QueuedRecord.Boundary;
import io.github.kafkaconnectvici.connect.source.records.StatusReport;
import io.github.kafkaconnectvici.vici.session.Event;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * One gateway's way into the task's {@link RecordQueue}: numbers each record by the gateway's
 * sequence in queue order, counts it, and queues what it derives from it (SA state, sessions)
 * right behind it. Single-threaded: only the gateway's follower writes through it.
 */
final class GatewayOutput {

    private final RecordQueue queue;
    private final GatewayRecords records;
    private final GatewaySequence sequence;
    private final GatewayMetrics metrics;
    private final DerivedRecords derived;
    private final Clock clock;
    private final BooleanSupplier running;
    /**
     * Event records (and what they derive) held back to go into the queue together, so that poll() is
     * woken once per batch rather than once per record: the queue hand-off was the dearest part of a
     * record after mapping. Any other record, an offer, and {@link #release()} put them in first. Only a
     * backlog fills a batch (the worker releases whenever its buffer is empty), so its size costs no
     * latency; 256 rather than 64 halved poll()'s CPU per record at full speed (TaskCpuBenchmark).
     */
    private final List<QueuedRecord> held = new ArrayList<>(HOLD_LIMIT);
    private final List<Counted> heldCounts = new ArrayList<>(HOLD_LIMIT);
    static final int HOLD_LIMIT = 256;

    private record Counted(String type, long seq) {
    }

    /** The signal whose snapshot is being taken, for its status records; null for the connector's own snapshots. */
    private SnapshotRequest requested;

    GatewayOutput(RecordQueue queue, GatewayRecords records, GatewaySequence sequence, GatewayMetrics metrics,
                  DerivedRecords derived, Clock clock, BooleanSupplier running) {
        this.queue = queue;
        this.records = records;
        this.sequence = sequence;
        this.metrics = metrics;
        this.derived = derived;
        this.clock = clock;
        this.running = running;
    }

    GatewaySequence sequence() {
        return sequence;
    }

    GatewayRecords records() {
        return records;
    }

    /** Marks the status records of a snapshot as answering {@code request} (null: the connector's own). */
    void requested(SnapshotRequest request) {
        this.requested = request;
    }

    SnapshotRequest requested() {
        return requested;
    }

    void put(StatusReport report) throws InterruptedException {
        put(report, Boundary.NONE);
    }

    void put(StatusReport report, Boundary boundary) throws InterruptedException {
        if (requested != null && report.snapshotId() != null) {
            report = report.withRequest(requested.id(), requested.filterText());
        }
        long seq = sequence.next();
        enqueue(records.status(seq, clock.instant(), report), boundary, GatewayRecords.STATUS_EVENT, seq);
    }

    /** An event as a record of its own topic, held back with the next ones until {@link #release()} or a batch is full. */
    void event(Event event) throws InterruptedException {
        long seq = sequence.next();
        SourceRecord record = records.event(seq, event.name(), event.receivedAt(), event.message());
        held.add(QueuedRecord.plain(record));
        heldCounts.add(new Counted(event.name(), seq));
        for (SourceRecord follower : derived.follow(record)) {
            held.add(QueuedRecord.plain(follower));
            heldCounts.add(null);
        }
        if (held.size() >= HOLD_LIMIT) {
            release();
        }
    }

    /** Queues the records held back, in order; waits for room as {@link #enqueue} does. */
    void release() throws InterruptedException {
        if (held.isEmpty()) {
            return;
        }
        int queued = queue.putAll(held, running);
        for (int i = 0; i < queued; i++) {
            Counted counted = heldCounts.get(i);
            if (counted != null) {
                metrics.recorded(counted.type(), counted.seq());
            }
        }
        boolean all = queued == held.size();
        held.clear();
        heldCounts.clear();
        if (!all) {
            throw new Stopping();
        }
    }

    /** Forgets the records held back: the follower is stopping, and they go the way of the records it never queues. */
    void drop() {
        held.clear();
        heldCounts.clear();
    }

    /** Queues an event only if there is room now; it takes a sequence number only if queued, so a shed one leaves no hole. */
    boolean offerEvent(Event event) throws InterruptedException {
        release();
        long seq = sequence.upcoming();
        SourceRecord record = records.event(seq, event.name(), event.receivedAt(), event.message());
        return offer(record, event.name(), seq);
    }

    /** A status record only if there is room now, numbered as {@link #offerEvent}. */
    boolean offerStatus(StatusReport report) throws InterruptedException {
        release();
        long seq = sequence.upcoming();
        return offer(records.status(seq, clock.instant(), report), GatewayRecords.STATUS_EVENT, seq);
    }

    private boolean offer(SourceRecord record, String type, long seq) {
        if (!queue.offer(QueuedRecord.plain(record))) {
            return false;
        }
        sequence.advance();
        metrics.recorded(type, seq);
        return true;
    }

    /** Waits for room: every record except a shed log event must get through or the task stops. */
    void enqueue(SourceRecord record, Boundary boundary, String type, long seq) throws InterruptedException {
        release();
        if (!queue.put(new QueuedRecord(record, boundary), running)) {
            throw new Stopping();
        }
        metrics.recorded(type, seq);
        for (SourceRecord follower : derived.follow(record)) { // derived records go straight after theirs
            if (!queue.put(QueuedRecord.plain(follower), running)) {
                throw new Stopping();
            }
        }
    }
}
