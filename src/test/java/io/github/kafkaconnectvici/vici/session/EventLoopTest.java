package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A reader may hold bytes the selector cannot see (a TLS connection's records, read from the socket
 * but not yet decrypted): it gets a first turn when registered, and further turns for as long as it
 * says it holds more, though its socket never becomes readable. A trickle the loop lets gather is
 * read to its end.
 */
class EventLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aReaderHoldingBytesOfItsOwnGetsTurnsUntilItHoldsNoneWithoutItsSocketBecomingReadable() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            int chunks = 5 * 16; // five turns' worth of full reads
            AtomicInteger held = new AtomicInteger(chunks);
            AtomicInteger handed = new AtomicInteger();
            AtomicInteger calls = new AtomicInteger();
            EventLoop.shared().register(accepted, new EventLoop.Reader() {
                @Override
                public int readable(ByteBuffer buffer) {
                    calls.incrementAndGet();
                    if (held.get() == 0) {
                        return 0;
                    }
                    held.decrementAndGet();
                    handed.incrementAndGet();
                    buffer.position(buffer.limit()); // a full buffer's worth from its own store
                    return buffer.capacity();
                }

                @Override
                public boolean hasMore() {
                    return held.get() > 0;
                }
            });

            await().atMost(WAIT).until(() -> held.get() == 0);
            assertThat(handed.get()).isEqualTo(chunks);
            // and once it holds nothing, no more turns: a loop that ignored hasMore() would keep calling it
            await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> calls.get() <= chunks + 1);
        }
    }

    @Test
    void aTrickleFasterThanTheCoalescingIntervalIsReadToItsLastByte() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            AtomicInteger read = new AtomicInteger();
            EventLoop.shared().register(accepted, buffer -> {
                try {
                    int n = accepted.read(buffer);
                    read.addAndGet(Math.max(0, n));
                    return n;
                } catch (IOException e) {
                    return -1;
                }
            });

            // single bytes well inside the interval, then silence: whatever gathered while the loop let
            // them gather must be read without a further byte to wake it
            int bytes = 300;
            for (int i = 0; i < bytes; i++) {
                client.write(ByteBuffer.wrap(new byte[] {(byte) i}));
                LockSupport.parkNanos(EventLoop.COALESCE_NANOS / 10);
            }

            await().atMost(WAIT).until(() -> read.get() == bytes);
        }
    }
}
