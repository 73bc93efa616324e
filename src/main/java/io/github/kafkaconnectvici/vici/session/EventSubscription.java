package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.ViciException;
import io.github.kafkaconnectvici.vici.codec.Malformation;
import io.github.kafkaconnectvici.vici.codec.Packet;
import io.github.kafkaconnectvici.vici.codec.PacketCodec;
import io.github.kafkaconnectvici.vici.codec.PacketType;
import io.github.kafkaconnectvici.vici.codec.ViciProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events of the named kinds, on a connection of their own, delivered in charon's order through a
 * bounded queue. The socket is drained continuously by the JVM's one {@link EventLoop} (unix, tcp and
 * tls alike), so a subscription holds no thread of its own. If the connection is lost, it
 * reconnects with backoff, re-registers every event and delivers a {@link Gap} before the first
 * event of the new connection.
 *
 * <p>The reader only frames events: each is decoded by the consumer that takes it, in {@link #poll()}, on
 * the consumer's thread, where it is about to be used. An event the full queue must drop is never decoded,
 * so a flood costs the reader little more than framing (a malformed event among the dropped goes
 * unnoticed). A malformed event that is taken ends its connection as a failed read does: the events read
 * behind it are discarded, and the reconnection's gap, from the moment the malformed event arrived, takes
 * their place.
 */
public final class EventSubscription implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventSubscription.class);
    private static final Duration UNREGISTER_GRACE = Duration.ofSeconds(1);

    public enum State { CONNECTED, RECONNECTING, CLOSED }

    private final ViciUri uri;
    private final ViciTls tls;
    private final List<String> events;
    private final Duration connectTimeout;
    private final Duration registrationTimeout;
    private final Backoff backoff;
    private final Deadlines deadlines;
    private final Clock clock;
    private final DeliveryQueue queue;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final LinkedBlockingQueue<Packet> confirmations = new LinkedBlockingQueue<>();
    private final EventLoop loop = EventLoop.shared();
    /** The opener's logging context, for what the shared loop and schedulers do for this subscription. */
    private final UnaryOperator<Runnable> context = DiagnosticContext.capture();
    private final Set<EventSubscription> registry;
    private volatile ViciConnection connection;
    /** A connection still registering, so that close() can cut a reconnect short. */
    private volatile ViciConnection connecting;
    private volatile State state = State.CONNECTED;
    private volatile boolean closing;
    private volatile Set<String> registered;
    /** The last connection handed to {@link #lost}, so that a connection is failed and replaced once. */
    private final AtomicReference<ViciConnection> lostConnection = new AtomicReference<>();
    /** A connection whose events are discarded from a malformed one on: its replacement is under way. */
    private volatile ViciConnection malformedSource;

    private EventSubscription(Builder b) {
        this.uri = b.uri;
        this.tls = b.tls;
        this.events = List.copyOf(b.events);
        this.connectTimeout = b.connectTimeout;
        this.registrationTimeout = b.registrationTimeout;
        this.backoff = b.backoff;
        this.deadlines = b.deadlines;
        this.clock = b.clock;
        this.queue = new DeliveryQueue(b.capacity, b.maxBytes, b.gapListener, clock);
        this.queue.onDelivery(b.deliveryListener);
        this.queue.decodeWith(this::decode);
        this.registry = b.registry;
    }

    /** The event names asked for. */
    public List<String> events() {
        return events;
    }

    /** The event names charon confirmed on the current connection. */
    public Set<String> registeredEvents() {
        return registered;
    }

    public State state() {
        return state;
    }

    /** The next delivery, or null if none arrived within {@code timeout}; an event is decoded on this thread. */
    public Delivery poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout);
    }

    /** The next delivery if one is waiting, else null; an event is decoded on this thread. */
    public Delivery poll() {
        return queue.poll();
    }

    /** Deliveries waiting in the queue. */
    public int queued() {
        return queue.size();
    }

    /** Encoded bytes of the events waiting in the queue. */
    public long queuedBytes() {
        return queue.bytes();
    }

    /** Events put on the queue since the subscription opened. */
    public long deliveredEvents() {
        return queue.deliveredEvents();
    }

    /** Events received but dropped because the queue was full. */
    public long droppedEvents() {
        return queue.droppedEvents();
    }

    /** Gaps delivered so far. */
    public long gaps() {
        return queue.gapCount();
    }

    private void start() {
        connection = connectAndRegister(null);
        attach(connection);
    }

    /**
     * Hands a registered connection to the event loop. What its blocking reader already read ahead
     * (events right behind the last confirmation) is delivered first, so nothing is lost or reordered.
     */
    private void attach(ViciConnection c) {
        try {
            while (c.hasBuffered()) {
                onBody(c, c.receiveBody());
            }
            c.trim(); // the loop reads into a buffer of its own from now on
            FrameAssembler frames = new FrameAssembler();
            loop.register(c.selectable(), new EventLoop.Reader() {
                @Override
                public int readable(ByteBuffer buffer) {
                    return EventSubscription.this.readable(c, frames, buffer);
                }

                @Override
                public boolean hasMore() {
                    return c.hasMore();
                }
            });
        } catch (RuntimeException e) {
            lost(c, e);
        }
    }

    /** On the loop's thread: reads what {@code c} has, without blocking. */
    private int readable(ViciConnection c, FrameAssembler frames, ByteBuffer buffer) {
        int n;
        try {
            try {
                n = c.readAvailable(buffer);
            } catch (IOException e) {
                throw c.readFailed(e);
            }
            if (n < 0) {
                if (frames.inSegment()) {
                    throw new ViciProtocolException(Malformation.TRUNCATED_FRAME,
                            "stream from charon at " + uri + " ended inside a segment");
                }
                throw c.ended();
            }
            buffer.flip();
            for (byte[] body = frames.next(buffer); body != null; body = frames.next(buffer)) {
                onBody(c, body);
            }
            return n;
        } catch (RuntimeException e) {
            context.apply(() -> lost(c, e)).run();
            return -1;
        }
    }

    /** A loop-read connection broke: reconnects on the loop's schedulers, unless closing. */
    private void lost(ViciConnection c, RuntimeException e) {
        lost(c, e, clock.instant());
    }

    /** As {@link #lost(ViciConnection, RuntimeException)}, events missing {@code since}; once per connection. */
    private void lost(ViciConnection c, RuntimeException e, Instant since) {
        if (lostConnection.getAndSet(c) == c) {
            return; // its reader failing after the consumer failed it, or the other way round
        }
        c.close();
        if (closing || closed.getCount() == 0) {
            return;
        }
        if (!(e instanceof ViciException)) {
            log.error("unexpected failure reading events from charon at {}; reconnecting", uri, e);
        }
        log.warn("lost the VICI event connection to charon at {}: {}; reconnecting", uri, e.getMessage());
        state = State.RECONNECTING;
        scheduleReconnect(since, e, 0);
    }

    private void scheduleReconnect(Instant lost, RuntimeException cause, int attempt) {
        try {
            loop.reconnects().schedule(context.apply(() -> reconnectOnce(lost, cause, attempt)),
                    backoff.delay(attempt).toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.error("cannot schedule a reconnection to charon at {}", uri, e);
        }
    }

    private void reconnectOnce(Instant lost, RuntimeException cause, int attempt) {
        if (closed.getCount() == 0) {
            return;
        }
        try {
            List<Event> heldBack = new ArrayList<>();
            ViciConnection c = connectAndRegister(heldBack);
            synchronized (this) {
                // Checked and published under close()'s monitor: a close() from now on sees c and closes it.
                if (closing) {
                    c.close();
                    return;
                }
                connection = c;
                state = State.CONNECTED;
            }
            regained(lost, cause, attempt, heldBack);
            attach(c);
        } catch (ViciException e) {
            log.debug("reconnection attempt {} to charon at {} failed: {}", attempt + 1, uri, e.getMessage());
            scheduleReconnect(lost, cause, attempt + 1);
        }
    }

    /** The connection is back: the gap comes before every event of the new connection. */
    private void regained(Instant lost, RuntimeException cause, int attempt, List<Event> heldBack) {
        Instant regained = clock.instant();
        List<String> missing = new ArrayList<>(events);
        missing.removeAll(registered);
        String detail = "connection to charon at " + uri + " lost (" + cause.getMessage() + ") and regained after "
                + (attempt + 1) + " attempt(s)" + (missing.isEmpty() ? "" : "; no longer registered: " + missing);
        log.info("VICI event connection to charon at {} regained; events re-registered", uri);
        queue.offerConnectionGap(new Gap(Gap.Reason.CONNECTION_LOST, 0, lost, regained, detail));
        heldBack.forEach(queue::offerEvent);
    }

    /**
     * Opens a connection and registers every event. Events that arrive while later ones are still
     * being registered are delivered, not swallowed; when reconnecting ({@code heldBack} given) they go there,
     * to be delivered after the gap. When reconnecting, an event charon no longer knows is left out
     * (and reported in the gap) rather than failing the whole subscription.
     */
    private ViciConnection connectAndRegister(List<Event> heldBack) {
        boolean reconnecting = heldBack != null;
        ViciConnection c = ViciConnection.open(uri, tls, connectTimeout);
        connecting = c;
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.arm(registrationTimeout, () -> {
            expired.set(true);
            c.close();
        });
        String pending = null;
        try {
            Set<String> confirmed = new LinkedHashSet<>();
            for (String event : events) {
                pending = event;
                c.send(Packet.register(event));
                if (awaitRegistration(c, event, heldBack)) {
                    confirmed.add(event);
                } else if (!reconnecting) {
                    throw new UnknownEventException(event);
                } else {
                    log.error("charon at {} no longer knows the event '{}'; continuing without it", uri, event);
                }
            }
            registered = Collections.unmodifiableSet(confirmed);
            return c;
        } catch (RuntimeException e) {
            c.close();
            if (expired.get()) {
                throw new ViciTimeoutException("charon at " + uri + " did not confirm the registration of '" + pending
                        + "' within " + registrationTimeout.toMillis() + " ms; the connection was discarded", e);
            }
            throw e;
        } finally {
            connecting = null;
            deadline.cancel(false);
        }
    }

    private boolean awaitRegistration(ViciConnection c, String event, List<Event> heldBack) {
        return c.awaitConfirmation(packet -> {
            if (heldBack == null) {
                deliver(packet);
            } else {
                heldBack.add(toEvent(packet));
            }
        }, "the registration of '" + event + "'");
    }

    /** One segment read from the event connection {@code c}, on the loop (or the opener while registering). */
    private void onBody(ViciConnection c, byte[] body) {
        if (PacketCodec.peekType(body) == PacketType.EVENT) {
            // decoded by the consumer that takes it, or dropped undecoded; framing by length keeps the stream in step
            queue.offerFramed(new FramedEvent(body, clock.instant(), c));
            return;
        }
        Packet packet = PacketCodec.decodeOwned(body);
        switch (packet.type()) {
            case EVENT_CONFIRM, EVENT_UNKNOWN -> {
                if (!closing) {
                    throw unexpected(packet, "events only");
                }
                confirmations.add(packet);
            }
            default -> throw unexpected(packet, "events only");
        }
    }

    /**
     * On the consumer's thread: the event {@code framed} holds, or null if there is none to deliver. A
     * malformed event fails its connection as a failed read would, and the events read behind it on that
     * connection are discarded: the reconnection's gap takes their place.
     */
    private Delivery decode(FramedEvent framed) {
        if (framed.source() == malformedSource) {
            return null;
        }
        try {
            Packet packet = PacketCodec.decodeOwned(framed.body());
            return new Event(packet.name(), packet.message(), framed.receivedAt());
        } catch (RuntimeException e) {
            malformedSource = framed.source();
            context.apply(() -> lost(framed.source(), e, framed.receivedAt())).run();
            return null;
        }
    }

    private void deliver(Packet packet) {
        queue.offerEvent(toEvent(packet));
    }

    private Event toEvent(Packet packet) {
        return new Event(packet.name(), packet.message(), clock.instant());
    }

    private ViciProtocolException unexpected(Packet packet, String expected) {
        return connection.unexpected(packet, expected + " on an event connection");
    }
    /**
     * Unregisters every event (closing before charon confirms makes it log errors, see davici #6),
     * then closes the connection, which ends its reading. Prompt: waits at most about a second.
     */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        registry.remove(this);
        ViciConnection c = connection;
        if (state == State.CONNECTED && c != null) {
            unregisterAll(c);
        }
        state = State.CLOSED;
        closed.countDown();
        if (c != null) {
            c.close();
        }
        ViciConnection registering = connecting;
        if (registering != null) {
            registering.close();
        }
    }

    private void unregisterAll(ViciConnection c) {
        long deadline = System.nanoTime() + UNREGISTER_GRACE.toNanos();
        try {
            Set<String> current = registered;
            for (String event : current) {
                c.send(Packet.unregister(event));
            }
            for (int i = 0; i < current.size(); i++) {
                if (confirmations.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) == null) {
                    log.debug("charon at {} did not confirm every deregistration in time; closing anyway", uri);
                    return;
                }
            }
        } catch (ViciException e) {
            log.debug("deregistration at charon {} failed: {}", uri, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "EventSubscription" + events + " to " + uri + " (" + state + ")";
    }

    /** Options of a subscription; obtained from {@link ViciClient#subscription}. */
    public static final class Builder {

        private final ViciUri uri;
        private final ViciTls tls;
        private final Deadlines deadlines;
        private final List<String> events;
        private final Set<EventSubscription> registry;
        private Duration connectTimeout;
        private Duration registrationTimeout;
        private int capacity = 10_000;
        private long maxBytes = Long.MAX_VALUE;
        private GapListener gapListener = gap -> { };
        private Runnable deliveryListener = () -> { };
        private Backoff backoff = Backoff.DEFAULT;
        private Clock clock = Clock.systemUTC();

        Builder(ViciUri uri, ViciTls tls, Deadlines deadlines, Duration timeout, List<String> events,
                Set<EventSubscription> registry) {
            if (events.isEmpty()) {
                throw new IllegalArgumentException("a subscription needs at least one event name");
            }
            this.uri = uri;
            this.tls = tls;
            this.deadlines = deadlines;
            this.registry = registry;
            this.events = List.copyOf(new LinkedHashSet<>(events));
            this.connectTimeout = timeout;
            this.registrationTimeout = timeout;
        }

        /** Deliveries the queue holds before events are dropped (and a gap reported). */
        public Builder capacity(int capacity) {
            if (capacity < 2) {
                throw new IllegalArgumentException("capacity must be at least 2 (an event and a gap)");
            }
            this.capacity = capacity;
            return this;
        }

        /** Encoded bytes of events the queue holds before events are dropped (one event always fits). */
        public Builder maxBytes(long maxBytes) {
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be positive, not " + maxBytes);
            }
            this.maxBytes = maxBytes;
            return this;
        }

        public Builder onGap(GapListener listener) {
            this.gapListener = Objects.requireNonNull(listener);
            return this;
        }

        /**
         * Runs {@code listener} after each delivery (event or gap) is queued, on the thread that queues
         * it: it must be quick and must not block. Lets a consumer wait without a thread of its own.
         */
        public Builder onDelivery(Runnable listener) {
            this.deliveryListener = Objects.requireNonNull(listener);
            return this;
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff);
            return this;
        }

        /** Deadline for connecting and for charon to confirm the registrations. */
        public Builder registrationTimeout(Duration timeout) {
            this.registrationTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * Connects and registers every event before returning.
         *
         * @throws UnknownEventException    if charon refuses one of the events
         * @throws ViciTimeoutException     if charon does not confirm a registration within the
         *                                  registration timeout
         * @throws ViciConnectionException  if charon cannot be reached
         */
        public EventSubscription open() {
            EventSubscription subscription = new EventSubscription(this);
            subscription.start();
            registry.add(subscription);
            return subscription;
        }
    }
}
