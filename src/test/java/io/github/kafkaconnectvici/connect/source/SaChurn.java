package io.github.kafkaconnectvici.connect.source;

import io.github.kafkaconnectvici.vici.ViciException;
import io.github.kafkaconnectvici.vici.session.CharonCommands;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous load on one gateway: initiate the CHILD_SA "net" of "ab", terminate the IKE_SA, again,
 * back to back (four updown events a cycle). Survives charon being killed: a failed command drops the
 * client and the next cycle reconnects.
 */
public final class SaChurn implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final URI vici;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public SaChurn(URI vici) {
        this.vici = vici;
        this.thread = new Thread(this::run, "sa-churn");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        ViciClient client = null;
        while (stop.getCount() > 0) {
            try {
                if (client == null) {
                    client = ViciClient.builder().uri(vici.toString()).connectTimeout(COMMAND_TIMEOUT)
                            .commandTimeout(COMMAND_TIMEOUT).connect();
                }
                CharonCommands charon = new CharonCommands(client);
                charon.initiateChild("net", "ab", COMMAND_TIMEOUT, log -> { });
                charon.terminateIke("ab", COMMAND_TIMEOUT);
                cycles.incrementAndGet();
            } catch (ViciException e) {
                failures.incrementAndGet();
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
        if (client != null) {
            client.close();
        }
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
