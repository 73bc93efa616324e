package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.codec.FrameReader;
import io.github.kafkaconnectvici.vici.codec.Malformation;
import io.github.kafkaconnectvici.vici.codec.ViciProtocolException;
import java.nio.ByteBuffer;

/**
 * Cuts segments out of bytes as they arrive, for a connection read without blocking: what
 * {@link FrameReader} does for a blocking one, with the same limits and errors. Holds nothing but a
 * 4-byte header while idle, and a segment's body while it is incomplete.
 */
final class FrameAssembler {

    private final ByteBuffer header = ByteBuffer.allocate(4);
    private byte[] body;
    private int filled;

    /**
     * Takes bytes from {@code in}; returns a whole segment's body as soon as one is complete (the
     * rest of {@code in} stays for the next call), or null once {@code in} is used up.
     */
    byte[] next(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (body == null) {
                while (header.hasRemaining() && in.hasRemaining()) {
                    header.put(in.get());
                }
                if (header.hasRemaining()) {
                    return null;
                }
                long length = Integer.toUnsignedLong(header.getInt(0));
                if (length > FrameReader.MAX_FRAME_LENGTH) {
                    throw new ViciProtocolException(Malformation.FRAME_TOO_LONG, "segment length " + length
                            + " exceeds the " + FrameReader.MAX_FRAME_LENGTH + " bytes VICI allows");
                }
                body = new byte[(int) length];
                filled = 0;
            }
            int n = Math.min(in.remaining(), body.length - filled);
            in.get(body, filled, n);
            filled += n;
            if (filled == body.length) {
                return complete();
            }
        }
        return null;
    }

    private byte[] complete() {
        byte[] done = body;
        body = null;
        header.clear();
        return done;
    }

    /** Whether the stream ended inside a segment. */
    boolean inSegment() {
        return body != null || header.position() > 0;
    }
}
