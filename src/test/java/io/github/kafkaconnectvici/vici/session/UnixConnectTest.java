package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hung charon (listening, never accepting, backlog full) cannot block a connect for ever. */
class UnixConnectTest {

    @Test
    void aConnectToAHungListenerWithAFullBacklogEndsAtItsDeadline(@TempDir Path dir) throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("hung.vici"));
        List<SocketChannel> filling = new ArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address, 1);
            // Fill the backlog without blocking: non-blocking connects that the kernel can no longer queue fail.
            for (int i = 0; i < 64; i++) {
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                c.configureBlocking(false);
                filling.add(c);
                if (!connects(c, address)) {
                    break;
                }
            }
            assertThat(filling).as("the backlog filled up").hasSizeLessThan(64);

            ViciUri uri = ViciUri.parse("unix://" + address.getPath());
            assertThatThrownBy(() -> uri.open(Duration.ofMillis(300), null))
                    .isInstanceOf(ViciConnectionException.class)
                    .hasMessageContaining(uri.toString())
                    .hasMessageContaining("connect timed out after 300 ms");
        } finally {
            for (SocketChannel c : filling) {
                c.close();
            }
        }
    }

    private static boolean connects(SocketChannel channel, UnixDomainSocketAddress address) {
        try {
            return channel.connect(address);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
