package io.github.kafkaconnectvici.vici.cli;

import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRig;
import io.github.kafkaconnectvici.testkit.charon.TunnelConfig;
import io.github.kafkaconnectvici.vici.session.Delivery;
import io.github.kafkaconnectvici.vici.session.Event;
import io.github.kafkaconnectvici.vici.session.EventSubscription;
import io.github.kafkaconnectvici.vici.session.Gap;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The newcomer's demo (README, "run"): two real charon daemons in network namespaces of their own,
 * a tunnel configured from Java, brought up, listed, rekeyed and torn down with the {@code vici}
 * tool, while a subscription prints every event as a JSON line. Needs root and strongSwan's
 * packages; everything it creates is removed at the end.
 */
public final class LocalTunnelDemo {

    private LocalTunnelDemo() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        try {
            CharonRig.requireAvailable();
        } catch (Throwable unavailable) {
            err.println("demo: " + unavailable.getMessage());
            System.exit(1);
        }
        try (CharonPair pair = CharonPair.start()) {
            String uri = pair.a().viciUri().toString();
            err.printf("# charon A: %s (%s, netns %s); charon B: %s (netns %s)%n", uri, pair.a().address(),
                    pair.a().netns(), pair.b().viciUri(), pair.b().netns());
            pair.b().swanctl("--load-all");
            try (ViciClient vici = ViciClient.connect(uri);
                 EventSubscription events = vici.subscribe("ike-updown", "child-updown", "ike-rekey", "child-rekey")) {
                CountDownLatch rekeyed = new CountDownLatch(1);
                CountDownLatch down = new CountDownLatch(1);
                Thread printer = printEvents(events, out, event -> {
                    if (event.name().equals("ike-rekey")) {
                        rekeyed.countDown();
                    } else if (event.name().equals("ike-updown") && !event.message().contains("up")) {
                        down.countDown();
                    }
                });

                step(err, "load connection 'ab' and its PSK into A from Java");
                JsonOutput json = new JsonOutput(out);
                json.response("load-conn", vici.call("load-conn", TunnelConfig.loadConn(pair.a())));
                json.response("load-shared", vici.call("load-shared", TunnelConfig.loadShared(pair.a())));
                cli(err, "--uri", uri, "initiate", "child=net", "ike=ab", "timeout=10000");
                cli(err, "--uri", uri, "list-sas");
                cli(err, "--uri", uri, "rekey", "ike=ab");
                rekeyed.await(10, TimeUnit.SECONDS);
                cli(err, "--uri", uri, "terminate", "ike=ab", "timeout=10000");
                down.await(10, TimeUnit.SECONDS);
                cli(err, "--uri", uri, "stats");
                events.close();
                printer.join(2_000);
            }
        }
        err.println("# This was the VICI client and the vici tool alone; ./demo runs the Kafka Connect source and sink"
                + " connectors on top of them.");
        System.exit(0);
    }

    private static void step(PrintStream err, String what) {
        err.println("# " + what);
    }

    private static void cli(PrintStream err, String... args) {
        step(err, "vici " + String.join(" ", args).replaceFirst("--uri \\S+ ", ""));
        ViciCli.run(args, System.out, err);
    }

    private static Thread printEvents(EventSubscription events, PrintStream out, Consumer<Event> printed) {
        JsonOutput json = new JsonOutput(out);
        Thread printer = new Thread(() -> {
            try {
                while (events.state() != EventSubscription.State.CLOSED || events.queued() > 0) {
                    Delivery delivery = events.poll(Duration.ofMillis(100));
                    if (delivery instanceof Event event) {
                        json.event(event);
                        printed.accept(event);
                    } else if (delivery instanceof Gap gap) {
                        json.gap(gap);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-events");
        printer.start();
        return printer;
    }
}
