package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoint;
import io.github.kafkaconnectvici.connect.source.records.SourceTopics;
import io.github.kafkaconnectvici.vici.session.Backoff;
import io.github.kafkaconnectvici.vici.session.Delivery;
import io.github.kafkaconnectvici.vici.session.Event;
import io.github.kafkaconnectvici.vici.session.EventSubscription;
import io.github.kafkaconnectvici.vici.session.Gap;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one gateway: its event subscription (the VICI client reconnects and re-registers by
 * itself and reports gaps), a list-sas snapshot at start, every interval and after every gap,
 * heartbeats, and status records for whatever the consumer should know. It has no thread of its
 * own: it runs in {@link FollowerSteps} on the task's {@link FollowerThreads}, woken by a delivery,
 * its next timer or stop(), never two steps at once. A step handles what is there and returns
 * instead of waiting; a snapshot that must wait for a turn (snapshot.max.concurrent) parks the
 * follower, its events buffered meanwhile, as a thread of its own would have waited.
 *
 * <p>It only sequences the concerns; each lives in a piece of its own: {@link GatewaySession}
 * (connect, retry, subscription), {@link LogShedding}, {@link GapPolicy} with {@link ResyncSchedule},
 * {@link FollowerTimers}, {@link SnapshotRunner}, {@link GatewayInventory}, and {@link GatewayOutput},
 * through which everything goes to the task's one {@link RecordQueue}.
 */
final class GatewayFollower {

    private static final Logger log = LoggerFactory.getLogger(GatewayFollower.class);
    private static final Duration JOIN_GRACE = Duration.ofSeconds(3);
    /** Deliveries one step handles at most, so that a busy gateway gives the pool back now and then. */
    private static final int STEP_DELIVERIES = 256;

    private enum Phase { CONNECTING, FOLLOWING, DONE }

    /** What a parked snapshot was taken for, which decides how the follower goes on after it. */
    private enum Kind { START, RESYNC_AT_ONCE, RESYNC, INTERVAL, SIGNAL }

    private record Pending(Kind kind, SnapshotRequest request) {
    }

    private final GatewayEndpoint endpoint;
    private final SourceSettings settings;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final SnapshotPacing pacing;
    private final GatewayOutput out;
    private final GatewaySession session;
    private final LogShedding logs;
    private final ResyncSchedule resync = new ResyncSchedule(Backoff.DEFAULT);
    private final GapPolicy gaps;
    private final FollowerTimers timers;
    private final SnapshotRunner snapshots;
    private final GatewayInventory inventory;
    private final SignalInbox signals = new SignalInbox();
    private final FollowerSteps steps;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Phase phase = Phase.CONNECTING;
    private volatile boolean running = true;
    /** What ended the follower other than stop(), for the task to fail with rather than go quiet. */
    private volatile RuntimeException failure;
    // Touched by steps only (one at a time; the executor's hand-over orders them).
    private Pending pending;

    GatewayFollower(GatewayEndpoint endpoint, SourceSettings settings, RecordQueue queue, GatewayRecords records,
                    GatewaySequence sequence, GatewayMetrics metrics, Clock clock, SnapshotPacing pacing,
                    FollowerThreads threads, String threadName) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.pacing = pacing;
        SourceTopics topics = new SourceTopics(settings.topicPrefix());
        DerivedRecords derived = new DerivedRecords(endpoint.name(), topics, settings.saStateEnabled(),
                settings.sessionsEnabled());
        this.out = new GatewayOutput(queue, records, sequence, metrics, derived, clock, () -> running);
        this.session = new GatewaySession(endpoint, settings, out, metrics, clock);
        this.logs = new LogShedding(settings.logLevel(), settings.logShedding(), out, metrics);
        this.gaps = new GapPolicy(endpoint.name(), out, metrics, resync);
        this.timers = new FollowerTimers(settings.heartbeatInterval(), settings.snapshotInterval(), pacing);
        this.snapshots = new SnapshotRunner(endpoint.name(), settings.snapshotTimeout(), out, metrics, timers, clock);
        this.inventory = new GatewayInventory(endpoint.name(), topics, settings.inventoryInterval(), clock);
        this.steps = threads == null ? null : new FollowerSteps(
                () -> phase == Phase.CONNECTING ? threads.connects() : threads.work(), threads.timers(), threadName, this::step);
    }

    void start() {
        steps.wake();
    }

    /** Null while the follower runs or after it was stopped; the cause if it ended on its own. */
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

    /** Asks the follower to stop; {@link #awaitStop()} waits for it. */
    void signalStop() {
        running = false;
        steps.wake();
    }

    /** Waits briefly; a follower still blocked on charon (a long snapshot) is cut off by cancelling it and closing its client. */
    void awaitStop() {
        try {
            if (!done.await(JOIN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                snapshots.cancel();
                ViciClient c = session.client();
                if (c != null) {
                    c.close();
                }
                if (!done.await(JOIN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("the follower of gateway '{}' did not stop within {} s", endpoint.name(),
                            2 * JOIN_GRACE.toSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- stepping

    private void step() {
        if (phase != Phase.DONE) {
            run();
        }
    }

    private void run() {
        try {
            if (!running) {
                finish();
                return;
            }
            if (phase == Phase.CONNECTING) {
                Duration retry = session.connect(steps::wake);
                if (retry != null) {
                    steps.after(retry);
                    return;
                }
                Instant now = clock.instant();
                timers.start(now);
                gaps.taskStarted(now);
                phase = Phase.FOLLOWING;
                pending = new Pending(Kind.START, null);
                steps.after(Duration.ZERO); // on to the following threads: the connecting ones are for connecting
                return;
            }
            follow();
            if (!running) {
                finish();
            } else if (pending != null) {
                steps.after(FollowerTimers.TICK); // waiting for a turn to snapshot
            } else {
                EventSubscription subscription = session.subscription();
                steps.after(subscription != null && subscription.queued() > 0 ? Duration.ZERO : untilNextDue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish();
        } catch (Stopping e) {
            finish(); // stop() while a record waited for room
        } catch (RuntimeException e) {
            log.error("the follower of gateway '{}' failed; its records stop here", endpoint.name(), e);
            failure = e;
            finish();
        }
    }

    private void finish() {
        phase = Phase.DONE;
        steps.cancel();
        metrics.connected(false);
        session.close();
        done.countDown();
    }

    // --- following

    /**
     * Handles what is there; returns when nothing is, after a bounded batch, or parked on a snapshot.
     * Event records are held back and queued in batches ({@link GatewayOutput#release()}), all of them
     * before this returns or waits on anything but the queue.
     */
    private void follow() throws InterruptedException {
        try {
            followHeld();
        } catch (InterruptedException | Stopping e) {
            out.drop(); // finishing: like the records a stopping task never polls
            throw e;
        } catch (RuntimeException e) {
            try {
                out.release(); // what came before the failure, as if queued one by one
            } catch (InterruptedException | Stopping suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        out.release();
    }

    private void followHeld() throws InterruptedException {
        if (pending != null) {
            Kind kind = pending.kind();
            if (!takePending() || (kind != Kind.START && !onTick())) {
                return;
            }
        }
        EventSubscription subscription = session.subscription();
        for (int i = 0; running && i < STEP_DELIVERIES; i++) {
            Instant pollStarted = clock.instant();
            Delivery delivery = subscription == null ? null : subscription.poll();
            if (delivery instanceof Event event) {
                handle(event);
            } else if (delivery instanceof Gap gap) {
                if (!onGap(gap)) {
                    return;
                }
            } else {
                if (subscription != null) {
                    out.sequence().idleSince(pollStarted);
                }
                onTick();
                return;
            }
            if (!onTick()) {
                return;
            }
        }
    }

    /** One event, queued at once: for the tests of filtering and shedding, which need no connection. */
    void onEvent(Event event) throws InterruptedException {
        handle(event);
        out.release();
    }

    private void handle(Event event) throws InterruptedException {
        metrics.eventReceived();
        out.sequence().taken(event.receivedAt());
        if (logs.handled(event)) {
            return;
        }
        logs.flush();
        out.event(event);
    }

    /** False if parked on the resync a lost connection calls for at once. */
    private boolean onGap(Gap gap) throws InterruptedException {
        out.release();
        logs.flush();
        return !gaps.onGap(gap, session) || snapshot(Kind.RESYNC_AT_ONCE, null);
    }

    /** Signals, inventory, heartbeat, resync and periodic snapshot, as due; false if parked on a snapshot. */
    private boolean onTick() throws InterruptedException {
        if (!onSignals()) {
            return false;
        }
        Instant now = clock.instant(); // once per event unless an inventory was taken
        if (session.client() != null && inventory.due(now)) {
            out.release(); // before waiting on charon
            inventory.takeInto(session.client(), out, settings.snapshotTimeout());
            now = clock.instant();
        }
        if (timers.heartbeatDue(now)) {
            logs.flush();
            if (session.eventsConnected()) {
                out.put(Statuses.heartbeat(session.daemonVersion()));
            } else {
                out.put(Statuses.connectionFailed("the event connection is down; reconnecting"));
            }
        }
        if (resync.due(now) && session.bufferDrained()) {
            return snapshot(Kind.RESYNC, null);
        } else if (timers.snapshotDue(now)) {
            return snapshot(Kind.INTERVAL, null);
        }
        return true;
    }

    private boolean onSignals() throws InterruptedException {
        for (SignalInbox.Item item = signals.poll(); item != null && running; item = signals.poll()) {
            if (item.request() == null) {
                out.put(Statuses.signalRejected(item.rejectedId(), item.reason()));
            } else if (!snapshot(Kind.SIGNAL, item.request())) {
                return false;
            }
        }
        return true;
    }

    // --- snapshots

    /** Takes a snapshot if the task has a turn free, else parks it (false) until one is. */
    private boolean snapshot(Kind kind, SnapshotRequest request) throws InterruptedException {
        out.release(); // before waiting on charon
        pending = new Pending(kind, request);
        return takePending();
    }

    private boolean takePending() throws InterruptedException {
        if (!pacing.tryAcquire()) {
            return false;
        }
        Pending taken = pending;
        pending = null;
        try {
            switch (taken.kind()) {
                case START, RESYNC_AT_ONCE, RESYNC -> takeOwed(resync.reason());
                case INTERVAL -> {
                    if (snapshots.take(session.client(), "interval")) {
                        resync.completed();
                    } else {
                        resync.failed(clock.instant(), "retry of a failed interval snapshot");
                    }
                }
                case SIGNAL -> {
                    out.requested(taken.request());
                    try {
                        snapshots.take(session.client(), "requested by signal " + taken.request().id());
                    } finally {
                        out.requested(null);
                    }
                }
            }
        } finally {
            pacing.release();
        }
        return true;
    }

    /** Takes the snapshot owed; if it fails, it stays owed and is retried after a backoff delay. */
    private void takeOwed(String why) throws InterruptedException {
        if (snapshots.take(session.client(), why)) {
            resync.completed();
        } else {
            resync.failed(clock.instant(), why);
        }
    }

    private Duration untilNextDue() {
        Instant now = clock.instant();
        return timers.untilNextDue(now, resync.untilDue(now), inventory.next());
    }
}
