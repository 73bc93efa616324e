package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.connect.GatewayEndpoint;
import io.github.kafkaconnectvici.connect.source.records.SourceTopics;
import io.github.kafkaconnectvici.vici.session.Backoff;
import io.github.kafkaconnectvici.vici.session.Delivery;
import io.github.kafkaconnectvici.vici.session.DiagnosticContext;
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
 * Follows one gateway on a thread of its own: its event subscription (the VICI client reconnects
 * and re-registers by itself and reports gaps), a list-sas snapshot at start, every interval and
 * after every gap, heartbeats, and status records for whatever the consumer should know. It only
 * sequences the concerns; each lives in a piece of its own: {@link GatewaySession} (connect, retry,
 * subscription), {@link LogShedding}, {@link GapPolicy} with {@link ResyncSchedule},
 * {@link FollowerTimers}, {@link SnapshotRunner}, {@link GatewayInventory}, and {@link GatewayOutput},
 * through which everything goes to the task's one {@link RecordQueue}.
 */
final class GatewayFollower {

    private static final Logger log = LoggerFactory.getLogger(GatewayFollower.class);
    private static final Duration JOIN_GRACE = Duration.ofSeconds(3);

    private final GatewayEndpoint endpoint;
    private final SourceSettings settings;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final GatewayOutput out;
    private final GatewaySession session;
    private final LogShedding logs;
    private final ResyncSchedule resync = new ResyncSchedule(Backoff.DEFAULT);
    private final GapPolicy gaps;
    private final FollowerTimers timers;
    private final SnapshotRunner snapshots;
    private final GatewayInventory inventory;
    private final SignalInbox signals = new SignalInbox();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    /** What ended the follower other than stop(), for the task to fail with rather than go quiet. */
    private volatile RuntimeException failure;

    GatewayFollower(GatewayEndpoint endpoint, SourceSettings settings, RecordQueue queue, GatewayRecords records,
                    GatewaySequence sequence, GatewayMetrics metrics, Clock clock, SnapshotPacing pacing,
                    String threadName) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        SourceTopics topics = new SourceTopics(settings.topicPrefix());
        DerivedRecords derived = new DerivedRecords(endpoint.name(), topics, settings.saStateEnabled(),
                settings.sessionsEnabled());
        this.out = new GatewayOutput(queue, records, sequence, metrics, derived, clock, () -> running);
        this.session = new GatewaySession(endpoint, settings, out, metrics, clock);
        this.logs = new LogShedding(settings.logLevel(), settings.logShedding(), out, metrics);
        this.gaps = new GapPolicy(endpoint.name(), out, metrics, resync);
        this.timers = new FollowerTimers(settings.heartbeatInterval(), settings.snapshotInterval(), pacing);
        this.snapshots = new SnapshotRunner(endpoint.name(), settings.snapshotTimeout(), out, metrics, pacing, timers,
                clock, () -> running);
        this.inventory = new GatewayInventory(endpoint.name(), topics, settings.inventoryInterval(), clock);
        this.thread = new Thread(DiagnosticContext.inherit(this::run), threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
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
        stopping.countDown();
    }

    /** Waits briefly; a follower still blocked on charon (a long snapshot) is cut off by cancelling it and closing its client. */
    void awaitStop() {
        try {
            thread.join(JOIN_GRACE.toMillis());
            if (thread.isAlive()) {
                snapshots.cancel();
                ViciClient c = session.client();
                if (c != null) {
                    c.close();
                }
                thread.join(JOIN_GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("the follower of gateway '{}' did not stop within {} s", endpoint.name(), 2 * JOIN_GRACE.toSeconds());
        }
    }

    private void run() {
        try {
            if (!session.connect(() -> running, stopping)) {
                return;
            }
            Instant now = clock.instant();
            timers.start(now);
            gaps.taskStarted(now);
            takeOwedSnapshot();
            while (running) {
                Instant pollStarted = clock.instant();
                EventSubscription subscription = session.subscription();
                Delivery delivery = subscription == null ? idle() : subscription.poll(untilNextDue());
                if (delivery instanceof Event event) {
                    onEvent(event);
                } else if (delivery instanceof Gap gap) {
                    onGap(gap);
                } else if (subscription != null) {
                    out.sequence().idleSince(pollStarted);
                }
                onTick();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Stopping e) {
            // stop() while a record waited for room
        } catch (RuntimeException e) {
            log.error("the follower of gateway '{}' failed; its records stop here", endpoint.name(), e);
            failure = e;
        } finally {
            metrics.connected(false);
            session.close();
        }
    }

    private Delivery idle() throws InterruptedException {
        stopping.await(untilNextDue().toNanos(), TimeUnit.NANOSECONDS);
        return null;
    }

    // Package-private for the tests of filtering and shedding, which need no connection.
    void onEvent(Event event) throws InterruptedException {
        metrics.eventReceived();
        out.sequence().taken(event.receivedAt());
        if (logs.handled(event)) {
            return;
        }
        logs.flush();
        out.event(event);
    }

    private void onGap(Gap gap) throws InterruptedException {
        logs.flush();
        if (gaps.onGap(gap, session)) {
            takeOwedSnapshot();
        }
    }

    private void onTick() throws InterruptedException {
        onSignals();
        if (session.client() != null && inventory.due(clock.instant())) {
            inventory.takeInto(session.client(), out, settings.snapshotTimeout());
        }
        Instant now = clock.instant();
        if (timers.heartbeatDue(now)) {
            logs.flush();
            if (session.eventsConnected()) {
                out.put(Statuses.heartbeat(session.daemonVersion()));
            } else {
                out.put(Statuses.connectionFailed("the event connection is down; reconnecting"));
            }
        }
        if (resync.due(now) && session.bufferDrained()) {
            takeOwedSnapshot();
        } else if (timers.snapshotDue(now)) {
            if (snapshots.take(session.client(), "interval")) {
                resync.completed();
            } else {
                resync.failed(clock.instant(), "retry of a failed interval snapshot");
            }
        }
    }

    /** Takes the snapshot owed; if it fails, it stays owed and is retried after a backoff delay. */
    private void takeOwedSnapshot() throws InterruptedException {
        if (snapshots.take(session.client(), resync.reason())) {
            resync.completed();
        } else {
            resync.failed(clock.instant(), resync.reason());
        }
    }

    private void onSignals() throws InterruptedException {
        for (SignalInbox.Item item = signals.poll(); item != null && running; item = signals.poll()) {
            if (item.request() == null) {
                out.put(Statuses.signalRejected(item.rejectedId(), item.reason()));
                continue;
            }
            out.requested(item.request());
            try {
                snapshots.take(session.client(), "requested by signal " + item.request().id());
            } finally {
                out.requested(null);
            }
        }
    }

    private Duration untilNextDue() {
        Instant now = clock.instant();
        return timers.untilNextDue(now, resync.untilDue(now), inventory.next());
    }
}
