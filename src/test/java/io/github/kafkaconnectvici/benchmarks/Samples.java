package io.github.kafkaconnectvici.benchmarks;

import io.github.kafkaconnectvici.vici.codec.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/** The benchmarks' inputs: a real {@code list-sa} frame and a {@code load-conn} request. */
final class Samples {

    private Samples() {
    }

    /**
     * One {@code list-sa} event as charon 5.9.8 sent it (IKE_SA "ab" with CHILD_SA "net-1", 803 bytes
     * with the 4-byte length header); see {@link CaptureListSaSample}.
     */
    static byte[] listSaFrame() {
        try (InputStream in = Samples.class.getResourceAsStream(CaptureListSaSample.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + CaptureListSaSample.RESOURCE + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The frame's body, what {@code FrameReader.next()} returns and {@code PacketCodec.decode} takes. */
    static byte[] listSaBody() {
        byte[] frame = listSaFrame();
        return Arrays.copyOfRange(frame, 4, frame.length);
    }

    /**
     * The rig's connection "ab" with CHILD_SA "net", as {@code TunnelConfig.loadConn} builds it for
     * node A (the same tree {@code swanctl --load-conns} sends for it).
     */
    static Message loadConn() {
        return Message.builder()
                .section("ab", conn -> conn
                        .put("version", "2")
                        .list("local_addrs", "10.99.0.1")
                        .list("remote_addrs", "10.99.0.2")
                        .list("proposals", "aes128-sha256-modp2048")
                        .section("local", local -> local.put("auth", "psk").put("id", "a.test"))
                        .section("remote", remote -> remote.put("auth", "psk").put("id", "b.test"))
                        .section("children", children -> children
                                .section("net", child -> child
                                        .put("mode", "tunnel")
                                        .list("local_ts", "10.98.1.0/24")
                                        .list("remote_ts", "10.98.2.0/24")
                                        .list("esp_proposals", "aes128gcm16")
                                        .put("start_action", "none"))))
                .build();
    }

    /**
     * A channel over bytes in memory: each read copies as much as fits, as a socket read of data
     * already queued would, so the reader's own buffering and copying is what gets measured.
     */
    static final class ArrayChannel implements ReadableByteChannel {

        private final byte[] data;
        private int pos;

        ArrayChannel(byte[] data) {
            this.data = data;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (pos == data.length) {
                return -1;
            }
            int n = Math.min(dst.remaining(), data.length - pos);
            dst.put(data, pos, n);
            pos += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
