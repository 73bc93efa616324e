package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoint;
import io.github.kafkaconnectvici.connect.gateway.ViciClients;
import io.github.kafkaconnectvici.vici.ViciException;
import io.github.kafkaconnectvici.vici.session.Backoff;
import io.github.kafkaconnectvici.vici.session.CharonCommands;
import io.github.kafkaconnectvici.vici.session.DaemonVersion;
import io.github.kafkaconnectvici.vici.session.EventSubscription;
import io.github.kafkaconnectvici.vici.session.UnknownEventException;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower's hold on one charon: the client, connected attempt by attempt with backoff in
 * between (failures reported as status records), and the event subscription, which reconnects by itself. Events
 * charon does not know are left out and reported once. The client is read from other threads
 * (stop), everything else only by the follower.
 */
final class GatewaySession {

    private static final Logger log = LoggerFactory.getLogger(GatewaySession.class);

    private final GatewayEndpoint endpoint;
    private final SourceSettings settings;
    private final GatewayOutput out;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final Backoff backoff = Backoff.DEFAULT;
    private final Set<String> reportedUnknown = new LinkedHashSet<>();
    private volatile ViciClient client;
    private EventSubscription subscription;
    private String daemonVersion;
    private int failedAttempts;
    /** The last failure to connect, while not yet connected. */
    private String failure;
    private Instant failureReported;

    GatewaySession(GatewayEndpoint endpoint, SourceSettings settings, GatewayOutput out, GatewayMetrics metrics,
                   Clock clock) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.out = out;
        this.metrics = metrics;
        this.clock = clock;
    }

    ViciClient client() {
        return client;
    }

    /** Null if no configured event is known to charon (snapshots and heartbeats still run). */
    EventSubscription subscription() {
        return subscription;
    }

    String daemonVersion() {
        return daemonVersion;
    }

    /**
     * One attempt to connect and subscribe; null on success, else how long to wait before the next
     * attempt (the failure is reported at once, then again at each heartbeat interval while it lasts).
     */
    Duration connect(Runnable onDelivery) throws InterruptedException {
        try {
            client = ViciClients.connect(endpoint, settings.viciTimeout(), settings.viciTimeout(), 2);
            daemonVersion = describe(new CharonCommands(client).version());
            subscription = subscribe(onDelivery);
            metrics.connected(true);
            if (failure != null) {
                out.put(Statuses.reconnected("connected after " + failedAttempts + " failed attempt(s); last: " + failure,
                        daemonVersion));
            }
            log.info("following gateway '{}' at {} ({}): events {}", endpoint.name(), endpoint.uri(), daemonVersion,
                    subscription == null ? List.of() : subscription.registeredEvents());
            return null;
        } catch (ViciException e) {
            close();
            failure = e.getMessage();
            Instant now = clock.instant();
            if (failureReported == null || !now.isBefore(failureReported.plus(heartbeatOrMinute()))) {
                log.warn("cannot reach gateway '{}' at {}: {}; retrying", endpoint.name(), endpoint.uri(), failure);
                out.put(Statuses.connectionFailed(failure));
                failureReported = now;
            }
            return backoff.delay(failedAttempts++);
        }
    }

    /**
     * Subscribes to every configured event charon knows. Names it answers EVENT_UNKNOWN to are left
     * out and reported once, so a strongSwan older than the configuration costs those events only.
     */
    private EventSubscription subscribe(Runnable onDelivery) throws InterruptedException {
        List<String> wanted = new ArrayList<>(settings.events());
        List<String> unknown = new ArrayList<>();
        try {
            while (!wanted.isEmpty()) {
                try {
                    EventSubscription s = client.subscription(wanted).capacity(settings.eventBufferSize())
                            .maxBytes(settings.eventBufferBytes()).registrationTimeout(settings.viciTimeout()).onDelivery(onDelivery).open();
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

    /** After a reconnect: the events charon no longer confirmed, reported once each. */
    void reportLostEvents() throws InterruptedException {
        List<String> missing = new ArrayList<>(subscription.events());
        missing.removeAll(subscription.registeredEvents());
        reportUnknown(missing);
    }

    private void reportUnknown(List<String> unknown) throws InterruptedException {
        List<String> fresh = unknown.stream().filter(reportedUnknown::add).toList();
        if (!fresh.isEmpty()) {
            log.error("gateway '{}' ({}) does not know the event(s) {}; continuing without them",
                    endpoint.name(), daemonVersion, fresh);
            out.put(Statuses.eventUnknown(fresh, daemonVersion));
        }
    }

    void refreshVersion() {
        try {
            daemonVersion = describe(new CharonCommands(client).version());
        } catch (ViciException e) {
            log.debug("cannot read the version of gateway '{}': {}", endpoint.name(), e.getMessage());
        }
    }

    /** Whether the event connection is up (or there is none to be down). */
    boolean eventsConnected() {
        return subscription == null || subscription.state() == EventSubscription.State.CONNECTED;
    }

    /** Whether the event buffer has drained to half, so that an overflow's resync does not overflow it again. */
    boolean bufferDrained() {
        return subscription == null || subscription.queued() <= settings.eventBufferSize() / 2;
    }

    private static String describe(DaemonVersion v) {
        return v.daemon() + " " + v.version();
    }

    private Duration heartbeatOrMinute() {
        Duration heartbeat = settings.heartbeatInterval();
        return heartbeat.isZero() ? Duration.ofMinutes(1) : heartbeat;
    }

    void close() {
        ViciClient c = client;
        client = null;
        subscription = null;
        if (c != null) {
            c.close();
        }
    }
}
