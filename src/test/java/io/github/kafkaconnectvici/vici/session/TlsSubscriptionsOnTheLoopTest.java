package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.kafkaconnectvici.testkit.charon.TestCertificates;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Packet;
import io.github.kafkaconnectvici.vici.codec.PacketCodec;
import io.github.kafkaconnectvici.testkit.kafka.FleetFrames;
import io.github.kafkaconnectvici.testkit.kafka.FleetSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tls://} subscriptions are read by the one {@link EventLoop} too: ten times as many of them
 * hold no more threads, every one still gets its events, and events spanning many TLS records arrive whole. The gateway side is a TLS terminator in
 * this test (the JDK's, client certificates required, as stunnel is configured) relaying each
 * connection to a {@link FleetSimulator} endpoint; its threads (two per connection) live in a thread
 * group of their own and are not counted. A reader thread per subscription would add 45.
 */
class TlsSubscriptionsOnTheLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int ROUNDS = 20;

    @TempDir
    Path dir;

    private final ThreadGroup terminator = new ThreadGroup("tls-terminator");
    private SSLServerSocket server;
    private final List<SSLSocket> accepted = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopTerminator() throws IOException {
        if (server != null) {
            server.close();
        }
        terminator.interrupt();
    }

    @Test
    void tenTimesTheTlsSubscriptionsHoldNoMoreThreadsAndAllGetTheirEvents() throws Exception {
        try (FleetSimulator fleet = FleetSimulator.start(Files.createDirectory(dir.resolve("fleet")), 1, 0,
                FleetFrames.listSaFrame(), FleetFrames.replay())) {
            List<EventSubscription> subscriptions = new ArrayList<>();
            try (ViciClient vici = clientThroughTerminator(fleet)) {
                int before = countedThreads();

                int with5 = followAndCount(fleet, vici, subscriptions, 5) - before;
                int with50 = followAndCount(fleet, vici, subscriptions, 50) - before;

                System.out.printf("threads added by tls:// subscriptions: %d for 5, %d for 50%n", with5, with50);
                assertThat(with50).as("threads for 50 tls:// subscriptions against %d for 5", with5)
                        .isLessThanOrEqualTo(with5 + 2);
            } finally {
                subscriptions.forEach(EventSubscription::close);
            }
        }
    }

    /**
     * Events far larger than a TLS record (16 KiB), more of them at once than the loop reads from one
     * connection in a turn: each arrives whole and in order, none waits for a later one to come.
     */
    @Test
    void largeEventsSpanningManyTlsRecordsArriveWholeAndInOrder() throws Exception {
        byte[] filler = new byte[60_000]; // a VICI value holds at most 65535 bytes
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            Arrays.fill(filler, (byte) i);
            Message.Builder message = Message.builder().put("round", i);
            for (int v = 0; v < 4; v++) {
                message.put("filler-" + v, filler.clone());
            }
            frames.add(PacketCodec.encodeFrame(Packet.event("ike-updown", message.build())));
        }
        try (FleetSimulator fleet = FleetSimulator.start(Files.createDirectory(dir.resolve("fleet")), 1, 0,
                FleetFrames.listSaFrame(), Map.of("ike-updown", frames));
             ViciClient vici = clientThroughTerminator(fleet);
             EventSubscription events = vici.subscription("ike-updown").open()) {
            await().atMost(WAIT).until(() -> fleet.subscribers(0) == 1);
            for (int round = 0; round < ROUNDS; round++) {
                fleet.replayRound(); // about 240 KiB each, sent back to back
            }
            for (int round = 0; round < ROUNDS; round++) {
                Delivery delivery = events.poll(WAIT);
                assertThat(delivery).as("event %d", round).isInstanceOf(Event.class);
                Message message = ((Event) delivery).message();
                assertThat(message.number("round")).hasValue(round);
                byte expected = (byte) round;
                assertThat(message.bytes("filler-3")).hasValueSatisfying(bytes -> assertThat(bytes)
                        .hasSize(60_000).containsOnly(expected));
            }
            assertThat(events.droppedEvents()).isZero();
            assertThat(events.gaps()).isZero();
        }
    }

    /** A TLS connection the gateway side drops is reconnected (handshake included), with a gap, then events again. */
    @Test
    void aDroppedTlsConnectionIsReconnectedWithAGapBeforeTheNextEvents() throws Exception {
        try (FleetSimulator fleet = FleetSimulator.start(Files.createDirectory(dir.resolve("fleet")), 1, 0,
                FleetFrames.listSaFrame(), FleetFrames.replay());
             ViciClient vici = clientThroughTerminator(fleet);
             EventSubscription events = vici.subscription("ike-updown")
                     .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), 2.0, 0.5)).open()) {
            await().atMost(WAIT).until(() -> fleet.subscribers(0) == 1);
            int connections = accepted.size();

            for (SSLSocket tls : accepted) {
                tls.close(); // the terminator drops the connection
            }
            await().atMost(WAIT).until(() -> accepted.size() > connections && fleet.subscribers(0) == 1
                    && events.state() == EventSubscription.State.CONNECTED);
            fleet.replayRound();

            assertThat(events.poll(WAIT)).as("first the gap").isInstanceOfSatisfying(Gap.class,
                    gap -> assertThat(gap.reason()).isEqualTo(Gap.Reason.CONNECTION_LOST));
            assertThat(events.poll(WAIT)).as("then the events of the new connection").isInstanceOfSatisfying(Event.class,
                    event -> assertThat(event.name()).isEqualTo("ike-updown"));
        }
    }

    private ViciClient clientThroughTerminator(FleetSimulator fleet) throws Exception {
        TestCertificates pki = TestCertificates.create(Files.createDirectory(dir.resolve("pki")));
        int port = startTerminator(pki, fleet.socket(0));
        ViciTls tls = ViciTls.builder()
                .trustStore(pki.caPem("ca"), "PEM", null)
                .keyStore(pki.keyStoreP12("client"), "PKCS12", TestCertificates.STORE_PASSWORD.toCharArray(), null)
                .build();
        return ViciClient.builder().uri("tls://127.0.0.1:" + port).tls(tls).connect();
    }

    /**
     * Opens subscriptions until there are {@code n}, sends {@code ROUNDS} more events to each, waits
     * until every subscription has all of them, and counts the threads.
     */
    private int followAndCount(FleetSimulator fleet, ViciClient vici, List<EventSubscription> subscriptions,
                                      int n) {
        while (subscriptions.size() < n) {
            subscriptions.add(vici.subscription("ike-updown").open());
        }
        await().atMost(WAIT).until(() -> fleet.subscribers(0) == n);
        long[] before = subscriptions.stream().mapToLong(EventSubscription::deliveredEvents).toArray();
        for (int round = 0; round < ROUNDS; round++) {
            fleet.replayRound(); // one ike-updown to each subscriber
        }
        for (int i = 0; i < n; i++) {
            EventSubscription s = subscriptions.get(i);
            long expected = before[i] + ROUNDS;
            await().atMost(WAIT).until(() -> s.deliveredEvents() >= expected);
            assertThat(s.deliveredEvents()).as("events of %s", s).isEqualTo(expected);
            assertThat(s.droppedEvents()).isZero();
            assertThat(s.gaps()).isZero();
        }
        return countedThreads();
    }

    /** Threads of this JVM but the terminator's. */
    private int countedThreads() {
        int counted = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !inTerminator(t)) {
                counted++;
            }
        }
        return counted;
    }

    private boolean inTerminator(Thread t) {
        for (ThreadGroup g = t.getThreadGroup(); g != null; g = g.getParent()) {
            if (g == terminator) {
                return true;
            }
        }
        return false;
    }

    /** A mutual-TLS terminator on loopback relaying every connection to {@code socket}; returns its port. */
    private int startTerminator(TestCertificates pki, Path socket) throws Exception {
        char[] password = TestCertificates.STORE_PASSWORD.toCharArray();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(pki.keyStoreP12("broker"), password), password); // names 127.0.0.1, issued by "ca"
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(pki.trustStoreP12("ca"), password));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 100, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        start("tls-terminator-accept", () -> {
            while (!server.isClosed()) {
                try {
                    SSLSocket tls = (SSLSocket) server.accept();
                    accepted.add(tls);
                    SocketChannel unix = SocketChannel.open(StandardProtocolFamily.UNIX);
                    unix.connect(UnixDomainSocketAddress.of(socket));
                    start("tls-terminator-in", () -> toCharon(stream(tls), unix));
                    start("tls-terminator-out", () -> fromCharon(unix, output(tls)));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
        return server.getLocalPort();
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(terminator, body, name);
        t.setDaemon(true);
        t.start();
    }

    // The channel itself, not Channels' streams: those lock reading against writing on one channel.
    private static void toCharon(InputStream in, SocketChannel out) {
        byte[] chunk = new byte[8192];
        try (in; out) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        } catch (IOException e) {
            // one side closed: the relay of this connection ends
        }
    }

    private static void fromCharon(SocketChannel in, OutputStream out) {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try (in; out) {
            while (in.read(buffer) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                out.flush();
                buffer.clear();
            }
        } catch (IOException e) {
            // one side closed: the relay of this connection ends
        }
    }

    private static InputStream stream(SSLSocket tls) {
        try {
            return tls.getInputStream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OutputStream output(SSLSocket tls) {
        try {
            return tls.getOutputStream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore load(Path file, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }
}
