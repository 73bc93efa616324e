package io.github.kafkaconnectvici.vici.session;

import static io.github.kafkaconnectvici.vici.session.FakeCharon.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.kafkaconnectvici.vici.codec.FrameReader;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Packet;
import io.github.kafkaconnectvici.vici.codec.PacketCodec;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake itself, driven by a bare socket: what the session tests rely on it to do. */
class FakeCharonTest {

    @TempDir
    Path dir;

    @Test
    void recordsPacketsPerConnectionAndWritesReplies() throws Exception {
        try (FakeCharon fake = FakeCharon.start(dir, conn -> conn.serve(p -> FakeCharon.response("conn", "" + conn.index())))) {
            try (SocketChannel first = open(fake); SocketChannel second = open(fake)) {
                first.write(ByteBuffer.wrap(PacketCodec.encodeFrame(Packet.request("version", Message.EMPTY))));
                assertThat(PacketCodec.decode(new FrameReader(first).next())).isEqualTo(FakeCharon.response("conn", "1"));
                second.write(ByteBuffer.wrap(PacketCodec.encodeFrame(Packet.register("log"))));
                assertThat(PacketCodec.decode(new FrameReader(second).next())).isEqualTo(FakeCharon.response("conn", "2"));
            }
            assertThat(fake.connectionCount()).isEqualTo(2);
            assertThat(fake.receivedOn(1)).containsExactly(Packet.request("version", Message.EMPTY));
            assertThat(fake.receivedOn(2)).containsExactly(Packet.register("log"));
            eventually().until(() -> fake.connection(1).clientClosed() && fake.connection(2).clientClosed());
            assertThat(fake.maxOpenConnections()).isEqualTo(2);
            assertThat(fake.scriptErrors()).isEmpty();
        }
    }

    @Test
    void writesRawBytesAndHangsUp() throws Exception {
        try (FakeCharon fake = FakeCharon.start(dir, conn -> {
            conn.writeRaw(new byte[] {0, 0, 0, 1});
            conn.writeRaw(new byte[] {5});
            conn.close();
        }); SocketChannel client = open(fake)) {
            FrameReader reader = new FrameReader(client);
            assertThat(reader.next()).containsExactly(5);
            assertThat(reader.next()).isNull();
        }
    }

    private static SocketChannel open(FakeCharon fake) throws Exception {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(URI.create(fake.uri()).getPath()));
        return channel;
    }
}
