package io.github.kafkaconnectvici.connect.source;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.session.Delivery;
import io.github.kafkaconnectvici.vici.session.Event;
import io.github.kafkaconnectvici.vici.session.EventSubscription;
import io.github.kafkaconnectvici.vici.session.Gap;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent witness of a gateway: a second VICI client on the same charon, subscribed to
 * ike-updown and child-updown (and, when asked, ike-rekey and child-rekey), recording every event
 * with the moment it arrived. What it saw is what the connector's records are counted against. It
 * reconnects by itself when charon restarts.
 */
public final class ReferenceSubscriber implements AutoCloseable {

    /** One event as the reference saw it: a content key (IKE SPIs, CHILD SA SPI, up/down) and its arrival. */
    public record Seen(String key, Instant at) {
    }

    private final ViciClient client;
    private final EventSubscription subscription;
    private final Thread reader;
    private final List<Seen> seen = new ArrayList<>();
    private volatile boolean running = true;
    private long gaps;

    /** The up/down events and the rekey events. */
    public static final List<String> UPDOWN_AND_REKEY = List.of("ike-updown", "child-updown", "ike-rekey", "child-rekey");

    /** Subscribed to ike-updown and child-updown. */
    public ReferenceSubscriber(URI vici) {
        this(vici, List.of("ike-updown", "child-updown"));
    }

    public ReferenceSubscriber(URI vici, List<String> events) {
        client = ViciClient.builder().uri(vici.toString()).connect();
        subscription = client.subscription(events.toArray(String[]::new)).capacity(100_000).open();
        reader = new Thread(this::read, "reference-subscriber");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (running) {
                Delivery delivery = subscription.poll(Duration.ofMillis(200));
                if (delivery instanceof Event event) {
                    synchronized (this) {
                        seen.add(new Seen(key(event.name(), event.message()), event.receivedAt()));
                    }
                } else if (delivery instanceof Gap) {
                    synchronized (this) {
                        gaps++;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public synchronized List<Seen> seen() {
        return List.copyOf(seen);
    }

    public synchronized int count() {
        return seen.size();
    }

    /** The key of a raw event: what makes it this event and no other, across charon restarts. */
    static String key(String event, Message message) {
        if (event.equals("ike-rekey")) {
            Message pair = firstSection(message);
            Message old = pair.section("old").orElse(Message.EMPTY);
            Message young = pair.section("new").orElse(Message.EMPTY);
            return ikeRekeyKey(old.text("initiator-spi").orElse(""), old.text("responder-spi").orElse(""),
                    young.text("initiator-spi").orElse(""), young.text("responder-spi").orElse(""));
        }
        if (event.equals("child-rekey")) {
            Message ikeSa = firstSection(message);
            Message pair = ikeSa.section("child-sas").map(ReferenceSubscriber::firstSection).orElse(Message.EMPTY);
            return childRekeyKey(ikeSa.text("initiator-spi").orElse(""), ikeSa.text("responder-spi").orElse(""),
                    pair.section("old").flatMap(c -> c.text("spi-in")).orElse(""),
                    pair.section("new").flatMap(c -> c.text("spi-in")).orElse(""));
        }
        boolean up = message.text("up").map(v -> v.equals("yes")).orElse(false);
        Message ikeSa = message.entries().values().stream().filter(Message.class::isInstance).map(Message.class::cast)
                .findFirst().orElse(Message.EMPTY);
        String child = "";
        if (event.equals("child-updown")) {
            child = ikeSa.section("child-sas").flatMap(c -> c.entries().values().stream()
                    .filter(Message.class::isInstance).map(Message.class::cast).findFirst())
                    .flatMap(c -> c.text("spi-in")).orElse("");
        }
        return key(event, up, ikeSa.text("initiator-spi").orElse(""), ikeSa.text("responder-spi").orElse(""), child);
    }

    private static Message firstSection(Message message) {
        return message.entries().values().stream().filter(Message.class::isInstance).map(Message.class::cast)
                .findFirst().orElse(Message.EMPTY);
    }

    static String ikeRekeyKey(String oldInitiatorSpi, String oldResponderSpi, String newInitiatorSpi,
            String newResponderSpi) {
        return "ike-rekey " + oldInitiatorSpi + "/" + oldResponderSpi + " -> " + newInitiatorSpi + "/" + newResponderSpi;
    }

    static String childRekeyKey(String initiatorSpi, String responderSpi, String oldSpiIn, String newSpiIn) {
        return "child-rekey " + initiatorSpi + "/" + responderSpi + "/" + oldSpiIn + " -> " + newSpiIn;
    }

    static String key(String event, boolean up, String initiatorSpi, String responderSpi, String childSpiIn) {
        return event + (up ? " up " : " down ") + initiatorSpi + "/" + responderSpi + "/" + childSpiIn;
    }

    /** Gaps of the reference itself (it, too, misses what charon raises while it reconnects). */
    synchronized long gaps() {
        return gaps;
    }

    @Override
    public void close() {
        running = false;
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        subscription.close();
        client.close();
    }
}
