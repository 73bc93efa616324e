package io.github.kafkaconnectvici.demo;

import java.util.List;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM stop the demo's parts in order before the JVM starts shutting down, then exit.
 *
 * <p>Left to shutdown hooks, the demo's and the Connect worker's own hook (Connect registers one) run at the
 * same time: {@code Connect.stop()} returns at once to the second caller, so the broker could be stopped
 * while the worker was still stopping, whose Kafka clients then retried the gone broker for 30 s before the
 * JVM could end. Stopped here first, the worker is down before the broker goes, and the hooks find nothing
 * left to do. A second signal while stopping waits for the same stop and exits with it.
 */
final class StopOnSignal {

    private StopOnSignal() {
    }

    static void install(Runnable stop) {
        for (String name : List.of("INT", "TERM")) {
            Signal.handle(new Signal(name), signal -> {
                // The JVM's signal thread has no context class loader, which Connect's embedded cluster
                // swaps while stopping (a NullPointerException left the broker to the exit).
                Thread.currentThread().setContextClassLoader(StopOnSignal.class.getClassLoader());
                stop.run();
                System.exit(128 + signal.getNumber());
            });
        }
    }
}
