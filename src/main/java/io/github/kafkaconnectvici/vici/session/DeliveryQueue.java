package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.codec.MessageEncoder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue between a subscription's reader (the {@link EventLoop}) and its consumer. The reader never
 * blocks: charon buffers without limit for a client that stops reading, so a slow consumer must
 * cost us events, not the gateway memory. What is dropped is never silent: a {@link Gap} takes its
 * place in the order, counting the drops, as soon as there is room for it.
 *
 * <p>One producer (the reader) and any number of consumers. A consumer that makes room
 * queues a pending gap itself, so a gap never waits for charon's next event.
 */
final class DeliveryQueue {

    private static final Logger log = LoggerFactory.getLogger(DeliveryQueue.class);
    // A consumer that stays behind overflows again as soon as a gap makes room: one warning per
    // interval, not one per overflow, keeps an overloaded consumer from also flooding its log.
    static final Duration OVERFLOW_WARNING_INTERVAL = Duration.ofSeconds(30);

    // Linked, not an array: an array of the full capacity (10,000 slots by default) would be allocated up
    // front for every subscription, mostly idle ones when a task follows a fleet of gateways. Lock-free: with
    // a blocking queue's two locks, a consumer keeping up with the reader met it on the lock at every event,
    // and each meeting cost both threads a futex wake-up. Offers are serialised by this object's monitor.
    private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
    private final int capacity;
    // Deliveries queued: raised before an offer and lowered after a take, so it never undercounts
    private final AtomicInteger count = new AtomicInteger();
    private final long maxBytes;
    // Encoded size of the events queued: events may be up to 512 KiB each, so a count alone bounds nothing.
    private final AtomicLong bytes = new AtomicLong();
    // Where poll(timeout) waits for an empty queue to get a delivery; offers signal only while someone waits
    private final ReentrantLock waitLock = new ReentrantLock();
    private final Condition notEmpty = waitLock.newCondition();
    private final AtomicInteger waiting = new AtomicInteger();
    private final GapListener listener;
    private final Clock clock;
    // Told of every delivery queued, so a consumer on a shared pool can wait without a thread of its own.
    private volatile Runnable onDelivery = () -> { };
    // Turns a framed event into its delivery on the consumer's thread; null for one that is not delivered.
    private volatile Function<FramedEvent, Delivery> decoder = framed -> {
        throw new IllegalStateException("no decoder for framed events");
    };
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();

    // The gap not yet queued; guarded by this, shared with consumers that make room for it.
    private long pendingDrops;
    private Instant pendingSince;
    private Gap pendingDisconnect;
    private volatile boolean gapPending;
    private Instant lastOverflowWarning;
    private long overflowsSinceWarning;
    private long overflowWarnings;

    DeliveryQueue(int capacity, GapListener listener, Clock clock) {
        this(capacity, Long.MAX_VALUE, listener, clock);
    }

    /** At most {@code capacity} deliveries and {@code maxBytes} of encoded events (one event always fits). */
    DeliveryQueue(int capacity, long maxBytes, GapListener listener, Clock clock) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, not " + maxBytes);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, not " + capacity);
        }
        this.maxBytes = maxBytes;
        this.capacity = capacity;
        this.listener = listener;
        this.clock = clock;
    }

    /** Queues an event decoded already (one read while its connection was registering), or drops it. */
    synchronized void offerEvent(Event event) {
        offer(new Queued(event, null, sizeOf(event)));
    }

    /**
     * Queues an event its consumer decodes ({@link #decodeWith}), or drops it undecoded if there is no room:
     * decoding is most of a reader's work, and an overflow is when the consumer can least spare the CPU.
     */
    synchronized void offerFramed(FramedEvent event) {
        offer(new Queued(null, event, event.size()));
    }

    /** Under this object's monitor: queues an event, or drops it (counted, a gap to come) if it does not fit. */
    private void offer(Queued event) {
        boolean bytesFull = bytes.get() + event.size() > maxBytes && count.get() > 0;
        if (bytesFull || !flushPendingGap() || !hasRoom()) {
            drop();
            return;
        }
        delivered.incrementAndGet(); // before the consumer can take it: its counts never lag what it got
        enqueue(event);
        onDelivery.run();
    }

    /** How a consumer turns a framed event into its delivery, or null if it has none (it is then skipped). */
    void decodeWith(Function<FramedEvent, Delivery> decoder) {
        this.decoder = decoder;
    }

    /** {@code listener} runs (on the producer's thread, so it must not block) after each delivery queued. */
    void onDelivery(Runnable listener) {
        this.onDelivery = listener;
    }

    static long sizeOf(Event event) {
        return MessageEncoder.encodedLength(event.message()) + event.name().length();
    }

    /** Queues a gap, merged with drops not yet reported, as soon as there is room. */
    synchronized void offerConnectionGap(Gap gap) {
        pendingDisconnect = pendingDisconnect == null ? gap : merge(pendingDisconnect, gap);
        gapPending = true;
        flushPendingGap();
    }

    private void drop() {
        if (pendingDrops == 0) {
            pendingSince = clock.instant();
            warnOfOverflow();
        }
        pendingDrops++;
        gapPending = true;
        dropped.incrementAndGet();
    }

    private void warnOfOverflow() {
        if (lastOverflowWarning != null
                && lastOverflowWarning.plus(OVERFLOW_WARNING_INTERVAL).isAfter(pendingSince)) {
            overflowsSinceWarning++;
            log.debug("VICI event queue is full again ({} deliveries)", count.get());
            return;
        }
        log.warn("VICI event queue is full ({} deliveries): dropping events until the consumer catches up;"
                + " a gap will be delivered in their place ({} more overflow(s) since the last warning)",
                count.get(), overflowsSinceWarning);
        lastOverflowWarning = pendingSince;
        overflowsSinceWarning = 0;
        overflowWarnings++;
    }

    /** True if nothing is pending any more. */
    private boolean flushPendingGap() {
        if (pendingDrops == 0 && pendingDisconnect == null) {
            return true;
        }
        if (!hasRoom()) {
            return false;
        }
        Gap gap = pendingGap();
        pendingDrops = 0;
        pendingSince = null;
        pendingDisconnect = null;
        gapPending = false;
        // Counted and told before a consumer can take it, so that one which took the gap finds both done
        gaps.incrementAndGet();
        try {
            listener.onGap(gap);
        } catch (RuntimeException e) {
            log.error("gap listener failed; delivery continues", e);
        }
        enqueue(new Queued(gap, null, 0));
        onDelivery.run();
        return true;
    }

    private Gap pendingGap() {
        if (pendingDisconnect == null) {
            return new Gap(Gap.Reason.QUEUE_OVERFLOW, pendingDrops, pendingSince, clock.instant(),
                    pendingDrops + " event(s) dropped: the consumer fell behind a queue of " + capacity
                    + " deliveries" + (maxBytes == Long.MAX_VALUE ? "" : " or " + maxBytes + " bytes"));
        }
        if (pendingDrops == 0) {
            return pendingDisconnect;
        }
        Instant since = pendingSince.isBefore(pendingDisconnect.since()) ? pendingSince : pendingDisconnect.since();
        return new Gap(Gap.Reason.CONNECTION_LOST, pendingDrops, since, pendingDisconnect.until(),
                pendingDisconnect.detail() + "; also " + pendingDrops + " event(s) dropped: the consumer fell behind");
    }

    private static Gap merge(Gap first, Gap second) {
        return new Gap(Gap.Reason.CONNECTION_LOST, first.droppedEvents() + second.droppedEvents(), first.since(),
                second.until(), first.detail() + "; then " + second.detail());
    }

    /** Under this object's monitor: room only grows meanwhile (consumers only take), so a delivery then fits. */
    private boolean hasRoom() {
        return count.get() < capacity;
    }

    /** Under this object's monitor, after {@link #hasRoom()}: queues {@code queued}, waking a waiting consumer. */
    private void enqueue(Queued queued) {
        count.incrementAndGet();
        bytes.addAndGet(queued.size());
        queue.offer(queued);
        if (waiting.get() > 0) { // read after the offer: a consumer that raised it first sees the delivery
            waitLock.lock();
            try {
                notEmpty.signal();
            } finally {
                waitLock.unlock();
            }
        }
    }

    /** The next delivery, waiting at most {@code timeout} for one; framed events are decoded here. */
    Delivery poll(Duration timeout) throws InterruptedException {
        long nanos = Math.min(timeout.toNanos(), Long.MAX_VALUE / 4); // a deadline that cannot overflow
        long deadline = System.nanoTime() + nanos;
        while (true) {
            Queued taken = queue.poll();
            if (taken == null) {
                waitLock.lockInterruptibly();
                waiting.incrementAndGet();
                try {
                    while ((taken = queue.poll()) == null && nanos > 0) {
                        nanos = notEmpty.awaitNanos(nanos);
                    }
                } finally {
                    waiting.decrementAndGet();
                    waitLock.unlock();
                }
            }
            if (taken == null) {
                return null;
            }
            Delivery delivery = delivered(taken);
            if (delivery != null) {
                return delivery;
            }
            nanos = deadline - System.nanoTime(); // a framed event that delivers nothing: wait out the rest
        }
    }

    /** The next delivery if one is waiting, else null; framed events are decoded here. */
    Delivery poll() {
        for (Queued taken = queue.poll(); taken != null; taken = queue.poll()) {
            Delivery delivery = delivered(taken);
            if (delivery != null) {
                return delivery;
            }
        }
        return null;
    }

    /**
     * Queues a pending gap in the room {@code taken} left (charon may send no event for hours), then gives
     * its delivery: decoded now, on the consumer's thread, if it was queued framed.
     */
    private Delivery delivered(Queued taken) {
        bytes.addAndGet(-taken.size());
        count.decrementAndGet();
        if (gapPending) {
            synchronized (this) {
                flushPendingGap();
            }
        }
        return taken.framed() == null ? taken.delivery() : decoder.apply(taken.framed());
    }

    /**
     * A delivery, or a framed event to decode, with its encoded size (0 for a gap): measuring a decoded
     * event walks its whole tree, so it is done once.
     */
    private record Queued(Delivery delivery, FramedEvent framed, long size) {
    }

    synchronized long overflowWarnings() {
        return overflowWarnings;
    }

    int size() {
        return count.get();
    }

    /** Consumers waiting in {@link #poll(Duration)} for an empty queue to get a delivery. */
    int waitingConsumers() {
        return waiting.get();
    }

    /** Encoded bytes of the events queued. */
    long bytes() {
        return bytes.get();
    }

    long deliveredEvents() {
        return delivered.get();
    }

    long droppedEvents() {
        return dropped.get();
    }

    long gapCount() {
        return gaps.get();
    }
}
