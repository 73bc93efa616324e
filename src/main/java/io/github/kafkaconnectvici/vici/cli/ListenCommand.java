package io.github.kafkaconnectvici.vici.cli;

import io.github.kafkaconnectvici.vici.session.Delivery;
import io.github.kafkaconnectvici.vici.session.Event;
import io.github.kafkaconnectvici.vici.session.EventSubscription;
import io.github.kafkaconnectvici.vici.session.Gap;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * Prints events as JSON lines until interrupted (or {@code --count} events). Reconnects when charon
 * restarts and prints a gap line where events may be missing.
 */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = {"Prints the named events as JSON lines, in charon's order, until interrupted.",
                "Reconnects with backoff if charon goes away, and prints a {\"type\":\"gap\"} line where events may be missing.",
                "", "  vici listen ike-updown child-updown ike-rekey child-rekey", "  vici listen log --count 10", ""})
final class ListenCommand implements Callable<Integer> {

    @ParentCommand
    ViciCli parent;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "EVENT", description = "event names, e.g. ike-updown child-updown log")
    List<String> events;

    @Option(names = "--count", paramLabel = "N", description = "exit after N events (default: run until interrupted)")
    long count = Long.MAX_VALUE;

    @Option(names = "--capacity", paramLabel = "N",
            description = "events buffered for a slow reader before they are dropped and a gap reported (default: ${DEFAULT-VALUE})")
    int capacity = 10_000;

    private final PrintStream out;

    ListenCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        JsonOutput output = new JsonOutput(out);
        return parent.withClient(output, client -> {
            CountDownLatch done = new CountDownLatch(1);
            try (EventSubscription subscription = client.subscription(events).capacity(capacity).open()) {
                spec.commandLine().getErr().println("vici: listening for " + String.join(", ", subscription.registeredEvents())
                        + " at " + client.uri());
                Thread shutdownHook = new Thread(() -> {
                    subscription.close();
                    awaitQuietly(done);
                }, "vici-listen-shutdown");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
                try {
                    printUntilDone(subscription, output);
                } finally {
                    done.countDown();
                    removeQuietly(shutdownHook);
                }
            }
            return 0;
        });
    }

    private void printUntilDone(EventSubscription subscription, JsonOutput output) throws InterruptedException {
        long printed = 0;
        while (printed < count && subscription.state() != EventSubscription.State.CLOSED) {
            Delivery delivery = subscription.poll(Duration.ofMillis(200));
            if (delivery instanceof Event event) {
                output.event(event);
                printed++;
            } else if (delivery instanceof Gap gap) {
                output.gap(gap);
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting and runs the hook anyway
        }
    }
}
