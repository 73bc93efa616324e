package io.github.kafkaconnectvici.connect.source;

import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoint;
import io.github.kafkaconnectvici.connect.gateway.ViciClients;
import io.github.kafkaconnectvici.connect.source.QueuedRecord.Boundary;
import io.github.kafkaconnectvici.connect.source.records.SnapshotPosition;
import io.github.kafkaconnectvici.connect.source.records.SourceTopics;
import io.github.kafkaconnectvici.connect.source.records.StatusReport;
import io.github.kafkaconnectvici.vici.ViciException;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.session.Backoff;
import io.github.kafkaconnectvici.vici.session.CharonCommands;
import io.github.kafkaconnectvici.vici.session.DaemonVersion;
import io.github.kafkaconnectvici.vici.session.Delivery;
import io.github.kafkaconnectvici.vici.session.DiagnosticContext;
import io.github.kafkaconnectvici.vici.session.Event;
import io.github.kafkaconnectvici.vici.session.EventSubscription;
import io.github.kafkaconnectvici.vici.session.Gap;
import io.github.kafkaconnectvici.vici.session.UnknownEventException;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import io.github.kafkaconnectvici.vici.session.ViciCommand;
import io.github.kafkaconnectvici.vici.session.ViciEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one gateway on a thread of its own: its event subscription (the VICI client reconnects
 * and re-registers by itself and reports gaps), a list-sas snapshot at start, every interval and
 * after every gap, heartbeats, and status records for whatever the consumer should know. Everything
 * it writes goes through the task's one {@link RecordQueue}, numbered by the gateway's sequence in
 * queue order.
 */
final class GatewayWorker {

    private static final Logger log = LoggerFactory.getLogger(GatewayWorker.class);
    // Upper bound of one wait for an event, so heartbeats, snapshots and stop() are never late by more.
    private static final Duration TICK = Duration.ofMillis(200);
    private static final Duration JOIN_GRACE = Duration.ofSeconds(3);
    private static final String LOG_EVENT = ViciEvent.LOG.wireName();

    private final GatewayEndpoint endpoint;
    private final ViciSourceConfig config;
    private final List<String> events;
    private final RecordQueue queue;
    private final GatewayRecords records;
    private final GatewaySequence sequence;
    private final GatewayMetrics metrics;
    private final DerivedRecords derived;
    private final SignalInbox signals = new SignalInbox();
    private final GatewayInventory inventory;
    /** The signal whose snapshot is being taken, for its status records; null for the connector's own snapshots. */
    private SnapshotRequest requested;
    private final Clock clock;
    private final SnapshotPacing pacing;
    private final Backoff backoff = Backoff.DEFAULT;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;
    private final Set<String> reportedUnknown = new LinkedHashSet<>();
    private volatile boolean running = true;
    /** What ended the worker other than stop(), for the task to fail with rather than go quiet. */
    private volatile RuntimeException failure;
    private volatile ViciClient client;
    private EventSubscription subscription;
    private String daemonVersion;
    private long shedPending;
    private final ResyncSchedule resync = new ResyncSchedule(Backoff.DEFAULT);
    private Instant nextHeartbeat;
    private Instant nextSnapshot;

    GatewayWorker(GatewayEndpoint endpoint, ViciSourceConfig config, RecordQueue queue, GatewayRecords records,
                  GatewaySequence sequence, GatewayMetrics metrics, Clock clock, SnapshotPacing pacing, String threadName) {
        this.endpoint = endpoint;
        this.config = config;
        this.events = subscribedEvents(config);
        this.queue = queue;
        this.records = records;
        this.sequence = sequence;
        this.metrics = metrics;
        this.derived = new DerivedRecords(endpoint.name(), new SourceTopics(config.topicPrefix()), config.saStateEnabled(),
                config.sessionsEnabled());
        this.clock = clock;
        this.inventory = new GatewayInventory(endpoint.name(), new SourceTopics(config.topicPrefix()),
                config.inventoryInterval(), clock);
        this.pacing = pacing;
        this.thread = new Thread(DiagnosticContext.inherit(this::run), threadName);
        this.thread.setDaemon(true);
    }

    /** The configured events; 'log' is not even subscribed to when vici.log.level filters every level. */
    static List<String> subscribedEvents(ViciSourceConfig config) {
        return config.events().stream().filter(e -> !(e.equals(LOG_EVENT) && config.logLevel() < 0)).toList();
    }

    void start() {
        thread.start();
    }

    /** Null while the worker runs or after it was stopped; the cause if it ended on its own. */
    RuntimeException failure() {
        return failure;
    }

    String gateway() {
        return endpoint.name();
    }

    /** Where the signal listener hands this gateway's requests and refusals (any thread). */
    SignalInbox signals() {
        return signals;
    }

    /** Asks the worker to stop; {@link #awaitStop()} waits for it. */
    void signalStop() {
        running = false;
        stopping.countDown();
    }

    /** Waits briefly; a worker still blocked on charon (a long snapshot) is cut off by closing its client. */
    void awaitStop() {
        try {
            thread.join(JOIN_GRACE.toMillis());
            if (thread.isAlive()) {
                ViciClient c = client;
                if (c != null) {
                    c.close();
                }
                thread.join(JOIN_GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("the worker of gateway '{}' did not stop within {} s", endpoint.name(), 2 * JOIN_GRACE.toSeconds());
        }
    }

    private void run() {
        try {
            if (!connect()) {
                return;
            }
            Instant now = clock.instant();
            nextHeartbeat = plus(now, config.heartbeatInterval());
            nextSnapshot = pacing.nextDue(now, config.snapshotInterval());
            reportTaskStartGap(now);
            resync.owe("start of the task");
            takeOwedSnapshot();
            while (running) {
                Instant pollStarted = clock.instant();
                Delivery delivery = subscription == null ? idle() : subscription.poll(untilNextDue());
                if (delivery instanceof Event event) {
                    onEvent(event);
                } else if (delivery instanceof Gap gap) {
                    onGap(gap);
                } else if (subscription != null) {
                    sequence.idleSince(pollStarted);
                }
                onTick();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Stopping e) {
            // stop() while a record waited for room
        } catch (RuntimeException e) {
            log.error("the worker of gateway '{}' failed; its records stop here", endpoint.name(), e);
            failure = e;
        } finally {
            metrics.connected(false);
            closeClient();
        }
    }

    private Delivery idle() throws InterruptedException {
        stopping.await(untilNextDue().toNanos(), TimeUnit.NANOSECONDS);
        return null;
    }

    // --- connecting

    /** Connects and subscribes, retrying with backoff; false if stopped first. */
    private boolean connect() throws InterruptedException {
        String failure = null;
        Instant failureReported = null;
        for (int attempt = 0; running; attempt++) {
            try {
                client = ViciClients.connect(endpoint, config.viciTimeout(), config.viciTimeout(), 2);
                daemonVersion = describe(new CharonCommands(client).version());
                subscription = subscribe();
                metrics.connected(true);
                if (failure != null) {
                    put(Statuses.reconnected("connected after " + attempt + " failed attempt(s); last: " + failure,
                            daemonVersion));
                }
                log.info("following gateway '{}' at {} ({}): events {}", endpoint.name(), endpoint.uri(), daemonVersion,
                        subscription == null ? List.of() : subscription.registeredEvents());
                return true;
            } catch (ViciException e) {
                closeClient();
                failure = e.getMessage();
                Instant now = clock.instant();
                // Reported at once, then again at each heartbeat interval while it lasts.
                if (failureReported == null || !now.isBefore(plus(failureReported, heartbeatOrMinute()))) {
                    log.warn("cannot reach gateway '{}' at {}: {}; retrying", endpoint.name(), endpoint.uri(), failure);
                    put(Statuses.connectionFailed(failure));
                    failureReported = now;
                }
                stopping.await(backoff.delay(attempt).toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        return false;
    }

    /**
     * Subscribes to every configured event charon knows. Names it answers EVENT_UNKNOWN to are left
     * out and reported once, so a strongSwan older than the configuration costs those events only.
     * Null if no event is left (snapshots and heartbeats still run).
     */
    private EventSubscription subscribe() throws InterruptedException {
        List<String> wanted = new ArrayList<>(events);
        List<String> unknown = new ArrayList<>();
        try {
            while (!wanted.isEmpty()) {
                try {
                    EventSubscription s = client.subscription(wanted).capacity(config.eventBufferSize())
                            .maxBytes(config.eventBufferBytes()).registrationTimeout(config.viciTimeout()).open();
                    metrics.watch(s::queued, s::droppedEvents);
                    return s;
                } catch (UnknownEventException e) {
                    wanted.remove(e.event());
                    unknown.add(e.event());
                }
            }
            return null;
        } finally {
            reportUnknown(unknown);
        }
    }

    private void reportUnknown(List<String> unknown) throws InterruptedException {
        List<String> fresh = unknown.stream().filter(reportedUnknown::add).toList();
        if (!fresh.isEmpty()) {
            log.error("gateway '{}' ({}) does not know the event(s) {}; continuing without them",
                    endpoint.name(), daemonVersion, fresh);
            put(Statuses.eventUnknown(fresh, daemonVersion));
        }
    }

    private static String describe(DaemonVersion v) {
        return v.daemon() + " " + v.version();
    }

    // --- events, gaps, ticks

    // Package-private for the tests of filtering and shedding, which need no connection.
    void onEvent(Event event) throws InterruptedException {
        metrics.eventReceived();
        sequence.taken(event.receivedAt());
        boolean isLog = event.name().equals(LOG_EVENT);
        if (isLog && !levelWanted(event.message())) {
            metrics.logEventsFiltered.incrementAndGet();
            return;
        }
        if (isLog && config.logShedding()) {
            offerOrShed(event);
            return;
        }
        flushShedReport();
        long seq = sequence.next();
        enqueue(records.event(seq, event.name(), event.receivedAt(), event.message()), Boundary.NONE, event.name(), seq);
    }

    private boolean levelWanted(Message log) {
        String level = log.text("level").orElse(null);
        if (level == null) {
            return true; // nothing to filter on: keep it rather than lose it
        }
        try {
            return Integer.parseInt(level.trim()) <= config.logLevel();
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** A log event takes a sequence number only if it is queued, so shed events leave no hole. */
    private void offerOrShed(Event event) {
        if (shedPending > 0) {
            tryFlushShedReport();
        }
        long seq = sequence.upcoming();
        SourceRecord record = records.event(seq, event.name(), event.receivedAt(), event.message());
        if (shedPending == 0 && queue.offer(QueuedRecord.plain(record))) {
            sequence.advance();
            metrics.recorded(event.name(), seq);
        } else {
            shedPending++;
            metrics.logEventsShed.incrementAndGet();
        }
    }

    /** While shedding, the report goes out as soon as there is room, before the next log event. */
    private void tryFlushShedReport() {
        long seq = sequence.upcoming();
        SourceRecord report = records.status(seq, clock.instant(), Statuses.eventsShed(shedPending));
        if (queue.offer(QueuedRecord.plain(report))) {
            sequence.advance();
            metrics.recorded(GatewayRecords.STATUS_EVENT, seq);
            shedPending = 0;
        }
    }

    private void flushShedReport() throws InterruptedException {
        if (shedPending > 0) {
            long count = shedPending;
            shedPending = 0;
            put(Statuses.eventsShed(count));
        }
    }

    /**
     * Every gap is written where it happened. A lost connection is resynchronised at once; an
     * overflow only once the event buffer has drained to half, so that a lasting overload, which
     * brings a gap every few events, costs charon one snapshot rather than one per gap.
     */
    private void onGap(Gap gap) throws InterruptedException {
        flushShedReport();
        metrics.gaps.incrementAndGet();
        put(Statuses.gap(gap));
        if (gap.reason() == Gap.Reason.CONNECTION_LOST) {
            log.warn("gap in the events of gateway '{}': {}", endpoint.name(), gap.detail());
            metrics.reconnects.incrementAndGet();
            refreshVersion();
            put(Statuses.reconnected(gap.detail(), daemonVersion));
            List<String> missing = new ArrayList<>(subscription.events());
            missing.removeAll(subscription.registeredEvents());
            reportUnknown(missing);
            resync.owe("resync after a lost connection");
            takeOwedSnapshot();
        } else {
            if (!resync.owed()) {
                log.warn("gap in the events of gateway '{}': {}; a resync snapshot follows once the event buffer has"
                        + " drained", endpoint.name(), gap.detail());
            } else {
                log.debug("gap in the events of gateway '{}': {}", endpoint.name(), gap.detail());
            }
            resync.owe("resync after the event buffer overflowed");
        }
    }

    /**
     * A task that resumes after a committed offset cannot know what happened between the watermark
     * of that offset and its own subscription: records its predecessor had queued but not delivered,
     * and events no task was subscribed to. That window is a gap like any other; the start snapshot
     * follows it.
     */
    private void reportTaskStartGap(Instant subscribed) throws InterruptedException {
        GatewaySequence.Committed committed = sequence.committed();
        if (committed == null) {
            return; // the first task of this gateway: there was nothing to miss
        }
        metrics.gaps.incrementAndGet();
        put(Statuses.taskStartGap(committed, subscribed));
    }

    private boolean bufferDrained() {
        return subscription == null || subscription.queued() <= config.eventBufferSize() / 2;
    }

    private void refreshVersion() {
        try {
            daemonVersion = describe(new CharonCommands(client).version());
        } catch (ViciException e) {
            log.debug("cannot read the version of gateway '{}': {}", endpoint.name(), e.getMessage());
        }
    }

    private void onTick() throws InterruptedException {
        onSignals();
        if (client != null && inventory.due(clock.instant())) {
            takeInventory();
        }
        Instant now = clock.instant();
        if (nextHeartbeat != null && !now.isBefore(nextHeartbeat)) {
            nextHeartbeat = plus(now, config.heartbeatInterval());
            flushShedReport();
            if (subscription == null || subscription.state() == EventSubscription.State.CONNECTED) {
                put(Statuses.heartbeat(daemonVersion));
            } else {
                put(Statuses.connectionFailed("the event connection is down; reconnecting"));
            }
        }
        if (resync.due(now) && bufferDrained()) {
            takeOwedSnapshot();
        } else if (nextSnapshot != null && !now.isBefore(nextSnapshot)) {
            if (snapshot("interval")) {
                resync.completed();
            } else {
                resync.failed(clock.instant(), "retry of a failed interval snapshot");
            }
        }
    }

    /** Takes the snapshot owed; if it fails, it stays owed and is retried after a backoff delay. */
    private void takeOwedSnapshot() throws InterruptedException {
        if (snapshot(resync.reason())) {
            resync.completed();
        } else {
            resync.failed(clock.instant(), resync.reason());
        }
    }

    /** The whole inventory is read before any of it is queued, so that a failure leaves no half inventory. */
    private void takeInventory() throws InterruptedException {
        String id = UUID.randomUUID().toString();
        try {
            List<GatewayInventory.Item> items = inventory.take(client, clock.instant(), config.snapshotTimeout());
            for (GatewayInventory.Item item : items) {
                long seq = sequence.next();
                enqueue(inventory.record(seq, sequence.offset(seq), clock.instant(), id, item), Boundary.NONE, item.event(), seq);
            }
            put(Statuses.inventoryCompleted(id, items.size()));
        } catch (ViciException | GatewayInventory.InventoryTooLarge e) {
            log.warn("inventory {} of gateway '{}' failed: {}", id, endpoint.name(), e.getMessage());
            put(Statuses.inventoryFailed(id, e.getMessage()));
        }
    }

    private void onSignals() throws InterruptedException {
        for (SignalInbox.Item item = signals.poll(); item != null && running; item = signals.poll()) {
            if (item.request() == null) {
                put(Statuses.signalRejected(item.rejectedId(), item.reason()));
                continue;
            }
            requested = item.request();
            try {
                snapshot("requested by signal " + requested.id());
            } finally {
                requested = null;
            }
        }
    }

    private Duration untilNextDue() {
        Instant now = clock.instant();
        Duration wait = TICK;
        Duration retry = resync.untilDue(now);
        Instant resyncDue = retry == null ? null : now.plus(retry);
        for (Instant due : new Instant[] {nextHeartbeat, nextSnapshot, resyncDue, inventory.next()}) {
            if (due != null) {
                Duration left = Duration.between(now, due);
                if (left.compareTo(wait) < 0) {
                    wait = left.isNegative() ? Duration.ZERO : left;
                }
            }
        }
        return wait;
    }

    // --- snapshots

    /**
     * Streams list-sas into records, one per IKE_SA, holding one back so the last says so. The
     * records of a snapshot are queued without gaps in its gateway's sequence, between a
     * SNAPSHOT_STARTED (only if there is an IKE_SA) and a SNAPSHOT_COMPLETED or SNAPSHOT_FAILED. The
     * total is checked against charon's stats; a disagreement follows as a SNAPSHOT_MISMATCH.
     * True if it completed.
     */
    /** One snapshot within the task's limit on concurrent ones; true if it completed. */
    private boolean snapshot(String why) throws InterruptedException {
        if (!pacing.acquire(() -> running, TICK)) {
            throw new Stopping();
        }
        try {
            return snapshotNow(why);
        } finally {
            pacing.release();
        }
    }

    private boolean snapshotNow(String why) throws InterruptedException {
        nextSnapshot = pacing.nextDue(clock.instant(), config.snapshotInterval());
        String id = UUID.randomUUID().toString();
        boolean[] opened = {false};
        SnapshotHoldback<Entry> holdback = new SnapshotHoldback<>((entry, position, last, total) -> {
            long seq = sequence.next();
            SnapshotPosition where = new SnapshotPosition(id, position, last, total);
            enqueue(records.snapshotEntry(seq, entry.receivedAt(), where, entry.listSa()), Boundary.NONE,
                    GatewayRecords.SNAPSHOT_EVENT, seq);
        });
        metrics.snapshots.incrementAndGet();
        try {
            OptionalLong before = ikeSaCount();
            Message filter = requested == null ? Message.EMPTY : requested.listSasRequest();
            client.stream(ViciCommand.LIST_SAS.wireName(), filter, ViciEvent.LIST_SA.wireName(), listSa -> {
                try {
                    if (!opened[0]) {
                        opened[0] = true;
                        put(Statuses.snapshotStarted(id, why), Boundary.SNAPSHOT_OPENS);
                    }
                    holdback.add(new Entry(listSa, clock.instant()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Stopping();
                }
            }, config.snapshotTimeout());
            long total = holdback.finish();
            metrics.lastSnapshotSize.set(total);
            put(Statuses.snapshotCompleted(id, total), opened[0] ? Boundary.SNAPSHOT_CLOSES : Boundary.NONE);
            // a filtered snapshot (from a signal) lists fewer SAs than charon's stats count, by design
            String mismatch = requested != null && !requested.filter().isEmpty() ? null
                    : SnapshotCrossCheck.mismatch(before, total, ikeSaCount());
            if (mismatch != null) {
                metrics.snapshotMismatches.incrementAndGet();
                log.warn("snapshot {} of gateway '{}' may be incomplete: {}", id, endpoint.name(), mismatch);
                put(Statuses.snapshotMismatch(id, total, mismatch));
            }
            return true;
        } catch (ViciException e) {
            metrics.snapshotsFailed.incrementAndGet();
            log.warn("snapshot {} of gateway '{}' failed: {}", id, endpoint.name(), e.getMessage());
            put(Statuses.snapshotFailed(id, holdback.written(), e.getMessage()),
                    opened[0] ? Boundary.SNAPSHOT_CLOSES : Boundary.NONE);
            return false;
        } catch (Stopping e) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            throw e;
        }
    }

    /** charon's IKE_SA count, or empty if it cannot be read (the snapshot is then not cross-checked). */
    private OptionalLong ikeSaCount() {
        try {
            return SnapshotCrossCheck.ikeSaCount(new CharonCommands(client).stats());
        } catch (ViciException e) {
            log.debug("cannot read the stats of gateway '{}': {}", endpoint.name(), e.getMessage());
            return OptionalLong.empty();
        }
    }

    private record Entry(Message listSa, Instant receivedAt) {
    }

    // --- queueing

    private void put(StatusReport report) throws InterruptedException {
        put(report, Boundary.NONE);
    }

    private void put(StatusReport report, Boundary boundary) throws InterruptedException {
        if (requested != null && report.snapshotId() != null) {
            report = report.withRequest(requested.id(), requested.filterText());
        }
        long seq = sequence.next();
        enqueue(records.status(seq, clock.instant(), report), boundary, GatewayRecords.STATUS_EVENT, seq);
    }

    /** Waits for room: every record except a shed log event must get through or the task stops. */
    private void enqueue(SourceRecord record, Boundary boundary, String type, long seq) throws InterruptedException {
        if (!queue.put(new QueuedRecord(record, boundary), () -> running)) {
            throw new Stopping();
        }
        metrics.recorded(type, seq);
        for (SourceRecord follower : derived.follow(record)) {
            if (!queue.put(QueuedRecord.plain(follower), () -> running)) {
                throw new Stopping();
            }
        }
    }

    /** Unwinds the worker when the task stops while a record waits for room. */
    private static final class Stopping extends RuntimeException {
        Stopping() {
            super(null, null, false, false);
        }
    }

    private Duration heartbeatOrMinute() {
        Duration heartbeat = config.heartbeatInterval();
        return heartbeat.isZero() ? Duration.ofMinutes(1) : heartbeat;
    }

    private static Instant plus(Instant now, Duration interval) {
        return interval.isZero() ? null : now.plus(interval);
    }

    private void closeClient() {
        ViciClient c = client;
        client = null;
        subscription = null;
        if (c != null) {
            c.close();
        }
    }
}
