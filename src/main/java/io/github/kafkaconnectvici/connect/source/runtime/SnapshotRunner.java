package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.connect.source.runtime.QueuedRecord.Boundary;
import io.github.kafkaconnectvici.connect.source.records.SnapshotPosition;
import io.github.kafkaconnectvici.vici.ViciCommand;
import io.github.kafkaconnectvici.vici.ViciEvent;
import io.github.kafkaconnectvici.vici.ViciException;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.session.Cancellation;
import io.github.kafkaconnectvici.vici.session.CharonCommands;
import io.github.kafkaconnectvici.vici.session.CommandCancelledException;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway's list-sas snapshots (the follower takes a turn of the task's {@link SnapshotPacing}
 * first). Streams list-sas
 * into records, one per IKE_SA, holding one back so the last says so. The records of a snapshot are
 * queued without gaps in its gateway's sequence, between a SNAPSHOT_STARTED (only if there is an
 * IKE_SA) and a SNAPSHOT_COMPLETED or SNAPSHOT_FAILED. The total is checked against charon's stats;
 * a disagreement follows as a SNAPSHOT_MISMATCH. A task that stops while a snapshot waits for room
 * ends it through the library's {@link Cancellation}. Run by the follower; {@link #cancel()} from any thread.
 */
final class SnapshotRunner {

    private static final Logger log = LoggerFactory.getLogger(SnapshotRunner.class);

    private final String gateway;
    private final Duration timeout;
    private final GatewayOutput out;
    private final GatewayMetrics metrics;
    private final FollowerTimers timers;
    private final Clock clock;
    private volatile Cancellation current;

    SnapshotRunner(String gateway, Duration timeout, GatewayOutput out, GatewayMetrics metrics, FollowerTimers timers,
                   Clock clock) {
        this.gateway = gateway;
        this.timeout = timeout;
        this.out = out;
        this.metrics = metrics;
        this.timers = timers;
        this.clock = clock;
    }

    /** Ends the snapshot in progress, if any (the task is stopping). */
    void cancel() {
        Cancellation c = current;
        if (c != null) {
            c.cancel();
        }
    }

    /** One snapshot; the caller holds a turn of the task's {@link SnapshotPacing}. True if it completed. */
    boolean take(ViciClient client, String why) throws InterruptedException {
        timers.snapshotStarted(clock.instant());
        String id = UUID.randomUUID().toString();
        SnapshotRequest requested = out.requested();
        boolean[] opened = {false};
        SnapshotHoldback<Entry> holdback = new SnapshotHoldback<>((entry, position, last, total) -> {
            long seq = out.sequence().next();
            SnapshotPosition where = new SnapshotPosition(id, position, last, total);
            out.enqueue(out.records().snapshotEntry(seq, entry.receivedAt(), where, entry.listSa()), Boundary.NONE,
                    GatewayRecords.SNAPSHOT_EVENT, seq);
        });
        metrics.snapshotStarted();
        Cancellation cancellation = new Cancellation();
        current = cancellation;
        try {
            OptionalLong before = ikeSaCount(client);
            Message filter = requested == null ? Message.EMPTY : requested.listSasRequest();
            client.stream(ViciCommand.LIST_SAS.wireName(), filter, ViciEvent.LIST_SA.wireName(), listSa -> {
                try {
                    if (!opened[0]) {
                        opened[0] = true;
                        out.put(Statuses.snapshotStarted(id, why), Boundary.SNAPSHOT_OPENS);
                    }
                    holdback.add(new Entry(listSa, clock.instant()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancellation.cancel();
                } catch (Stopping e) {
                    cancellation.cancel();
                }
            }, timeout, cancellation);
            long total = holdback.finish();
            metrics.snapshotCompleted(total);
            out.put(Statuses.snapshotCompleted(id, total), opened[0] ? Boundary.SNAPSHOT_CLOSES : Boundary.NONE);
            // a filtered snapshot (from a signal) lists fewer SAs than charon's stats count, by design
            String mismatch = requested != null && !requested.filter().isEmpty() ? null
                    : SnapshotCrossCheck.mismatch(before, total, ikeSaCount(client));
            if (mismatch != null) {
                metrics.snapshotMismatch();
                log.warn("snapshot {} of gateway '{}' may be incomplete: {}", id, gateway, mismatch);
                out.put(Statuses.snapshotMismatch(id, total, mismatch));
            }
            return true;
        } catch (CommandCancelledException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            throw new Stopping();
        } catch (ViciException e) {
            metrics.snapshotFailed();
            log.warn("snapshot {} of gateway '{}' failed: {}", id, gateway, e.getMessage());
            out.put(Statuses.snapshotFailed(id, holdback.written(), e.getMessage()),
                    opened[0] ? Boundary.SNAPSHOT_CLOSES : Boundary.NONE);
            return false;
        } finally {
            current = null;
        }
    }

    /** charon's IKE_SA count, or empty if it cannot be read (the snapshot is then not cross-checked). */
    private OptionalLong ikeSaCount(ViciClient client) {
        try {
            return SnapshotCrossCheck.ikeSaCount(new CharonCommands(client).stats());
        } catch (ViciException e) {
            log.debug("cannot read the stats of gateway '{}': {}", gateway, e.getMessage());
            return OptionalLong.empty();
        }
    }

    private record Entry(Message listSa, Instant receivedAt) {
    }
}
