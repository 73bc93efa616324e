package io.github.kafkaconnectvici.connect.source;

import io.github.kafkaconnectvici.vici.ViciException;
import io.github.kafkaconnectvici.vici.session.CharonCommands;
import io.github.kafkaconnectvici.vici.session.Event;
import io.github.kafkaconnectvici.vici.session.EventSubscription;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous load on one gateway: initiate the CHILD_SA "net" of "ab", terminate the IKE_SA, again,
 * back to back (four updown events a cycle). {@link #withRekeys} also rekeys the CHILD_SA and then the
 * IKE_SA before terminating (six events a cycle). Survives charon being killed: a failed command drops
 * the client and the next cycle reconnects.
 */
public final class SaChurn implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    // How long a cycle waits for the event of a rekey it started before it terminates anyway.
    private static final Duration REKEY_WAIT = Duration.ofSeconds(5);

    private final URI vici;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong rekeys = new AtomicLong();
    private final boolean rekey;

    public SaChurn(URI vici) {
        this(vici, false);
    }

    /** Initiate, rekey the CHILD_SA, rekey the IKE_SA, terminate; again. */
    public static SaChurn withRekeys(URI vici) {
        return new SaChurn(vici, true);
    }

    private SaChurn(URI vici, boolean rekey) {
        this.vici = vici;
        this.rekey = rekey;
        this.thread = new Thread(this::run, "sa-churn");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        ViciClient client = null;
        EventSubscription rekeyEvents = null;
        while (stop.getCount() > 0) {
            try {
                if (client == null) {
                    client = ViciClient.builder().uri(vici.toString()).connectTimeout(COMMAND_TIMEOUT)
                            .commandTimeout(COMMAND_TIMEOUT).connect();
                    // the rekey command only queues a job: the cycle waits for its event before it terminates
                    rekeyEvents = rekey ? client.subscription("child-rekey", "ike-rekey").open() : null;
                }
                CharonCommands charon = new CharonCommands(client);
                charon.initiateChild("net", "ab", COMMAND_TIMEOUT, log -> { });
                if (rekey) {
                    if (charon.rekeyChild("net") > 0 && awaitEvent(rekeyEvents, "child-rekey")) {
                        rekeys.incrementAndGet();
                    }
                    if (charon.rekeyIke("ab") > 0 && awaitEvent(rekeyEvents, "ike-rekey")) {
                        rekeys.incrementAndGet();
                    }
                }
                charon.terminateIke("ab", COMMAND_TIMEOUT);
                cycles.incrementAndGet();
            } catch (InterruptedException e) {
                break;
            } catch (ViciException e) {
                failures.incrementAndGet();
                if (rekeyEvents != null) {
                    rekeyEvents.close();
                    rekeyEvents = null;
                }
                if (client != null) {
                    client.close();
                    client = null;
                }
                try {
                    // charon is down or busy: retry shortly, but stop at once when told to
                    stop.await(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
        if (rekeyEvents != null) {
            rekeyEvents.close();
        }
        if (client != null) {
            client.close();
        }
    }

    private static boolean awaitEvent(EventSubscription events, String name) throws InterruptedException {
        long deadline = System.nanoTime() + REKEY_WAIT.toNanos();
        for (long left = REKEY_WAIT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            if (events.poll(Duration.ofNanos(left)) instanceof Event event && event.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Rekeys whose event arrived (CHILD_SA and IKE_SA together). */
    public long rekeys() {
        return rekeys.get();
    }

    public long cycles() {
        return cycles.get();
    }

    long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
