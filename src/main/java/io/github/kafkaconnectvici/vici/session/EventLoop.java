package io.github.kafkaconnectvici.vici.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that reads the event connections of every subscription in the JVM (unix, tcp and tls),
 * so that following a thousand gateways costs one thread, not a thousand. Every connection is read as soon as charon
 * writes to it: a reader never waits for a consumer (its {@link DeliveryQueue} drops instead), so a
 * slow consumer of one subscription never stops another's socket from being drained.
 *
 * <p>Reconnecting, which waits on charon and on backoff delays, runs on a few scheduler threads
 * shared the same way, never on the loop.
 *
 * <p>When events trickle in one by one faster than {@link #COALESCE_NANOS} apart, the loop lets the
 * next ones gather for that long before it reads again: each wake-up, read and hand-off to a consumer
 * then carries several events instead of one (at 20,000 events/s, per-event wake-ups were most of the
 * connector's CPU). Slower events are read at once, as before.
 */
final class EventLoop {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    /** Bytes read from one connection before the others get their turn. */
    static final int READ_BUFFER = 64 * 1024;
    private static final int READS_PER_TURN = 16;
    private static final int RECONNECT_THREADS = 2;
    /**
     * The most an event waits for others to gather, and only when wake-ups come faster than this. 2 ms, not
     * the 0.5 of a1ff2b4: at 20,000 events/s side by side, 12 µs of connector CPU per record against 13-17
     * (BENCHMARKS.md); still under Kafka's own producer linger (5 ms since Kafka 4.0).
     */
    static final long COALESCE_NANOS = 2_000_000;
    /** A turn that read this much or more was not a trickle. */
    private static final int COALESCE_BELOW_BYTES = 16 * 1024;

    private static EventLoop shared;

    /** Reads a connection the loop found readable; on the loop's thread, so it must not block. */
    interface Reader {
        /** Reads from the channel into {@code buffer} (cleared, the loop's own) and handles it; returns the bytes read. */
        int readable(ByteBuffer buffer);

        /**
         * Whether bytes wait in the reader's own buffers (TLS records already read from the socket),
         * which the selector cannot see: the reader then gets another turn without the socket being readable.
         */
        default boolean hasMore() {
            return false;
        }
    }

    private final Selector selector;
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER);
    /** Keys to read on the next turn whether or not their socket is readable; only the loop's thread touches it. */
    private List<SelectionKey> again = new ArrayList<>();
    private List<SelectionKey> spare = new ArrayList<>();
    private final ScheduledThreadPoolExecutor reconnects;
    private final Thread thread;
    /** Bytes read in the current turn, and when the previous one ended (after any gathering); the loop's thread only. */
    private long turnBytes;
    private long previousTurn;

    private EventLoop() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for VICI event connections", e);
        }
        AtomicInteger count = new AtomicInteger();
        this.reconnects = new ScheduledThreadPoolExecutor(RECONNECT_THREADS, r -> {
            Thread t = new Thread(r, "vici-events-reconnect-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.reconnects.setRemoveOnCancelPolicy(true);
        this.thread = new Thread(this::run, "vici-events");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The JVM's loop, started on first use; it lives as long as the JVM (a daemon thread, idle when unused). */
    static synchronized EventLoop shared() {
        if (shared == null) {
            shared = new EventLoop();
        }
        return shared;
    }

    /** Where reconnection attempts and their backoff delays are scheduled. */
    ScheduledExecutorService reconnects() {
        return reconnects;
    }

    /**
     * Reads {@code channel} (switched to non-blocking here) from now on, handing what arrives to
     * {@code reader}, which gets a first turn at once (it may hold bytes read before); ends when the
     * channel is closed.
     */
    void register(SocketChannel channel, Reader reader) {
        try {
            channel.configureBlocking(false);
        } catch (IOException e) {
            throw new ViciConnectionException("cannot switch the VICI event connection to non-blocking: " + e, e);
        }
        pending.add(() -> {
            try {
                again.add(channel.register(selector, SelectionKey.OP_READ, reader));
            } catch (ClosedChannelException e) {
                // closed before the loop got to it: nothing to read
            }
        });
        selector.wakeup();
    }

    private void run() {
        while (true) {
            try {
                if (again.isEmpty()) {
                    selector.select();
                } else {
                    selector.selectNow();
                }
                for (Runnable task = pending.poll(); task != null; task = pending.poll()) {
                    task.run();
                }
                List<SelectionKey> turns = again; // two lists swapped: no allocation per wake-up
                again = spare;
                spare = turns;
                for (SelectionKey key : turns) {
                    if (key.isValid()) {
                        read(key);
                    }
                }
                turns.clear();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isReadable()) {
                        read(key);
                    }
                }
                coalesce();
            } catch (IOException | RuntimeException e) {
                log.error("the VICI event loop failed; it goes on", e);
            }
        }
    }

    /** After a small turn that came soon after the one before, lets the next events gather (see the class's doc). */
    private void coalesce() {
        long now = System.nanoTime();
        boolean trickle = turnBytes > 0 && turnBytes < COALESCE_BELOW_BYTES && now - previousTurn < COALESCE_NANOS;
        turnBytes = 0;
        if (trickle) {
            LockSupport.parkNanos(COALESCE_NANOS);
            now = System.nanoTime(); // what gathered meanwhile is the next turn's: still a trickle if small
        }
        previousTurn = now;
    }

    private void read(SelectionKey key) {
        Reader reader = (Reader) key.attachment();
        for (int i = 0; i < READS_PER_TURN && key.isValid(); i++) {
            buffer.clear();
            int read = reader.readable(buffer);
            turnBytes += Math.max(0, read);
            if (read < buffer.capacity()) {
                return; // drained for now (or closed)
            }
        }
        if (key.isValid() && reader.hasMore()) {
            again.add(key); // its turn is over, but the selector would not call it back
        }
    }
}
