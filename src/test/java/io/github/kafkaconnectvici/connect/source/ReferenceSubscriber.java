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
 * ike-updown and child-updown, recording every event with the moment it arrived. What it saw is what
 * the connector's records are counted against. It reconnects by itself when charon restarts.
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

    public ReferenceSubscriber(URI vici) {
        client = ViciClient.builder().uri(vici.toString()).connect();
        subscription = client.subscription("ike-updown", "child-updown").capacity(100_000).open();
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
