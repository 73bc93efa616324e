package io.github.kafkaconnectvici.vici.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Splits a byte stream into VICI transport segments. Reads ahead into one buffer so that a stream
 * of small events (a {@code list-sas} of 100,000 SAs) costs few system calls; a segment's array is
 * allocated only after its length passed the 512 KiB check. The buffer starts small and grows to its
 * full size the first time a read fills it: an idle event connection, of which a task following a
 * fleet has one per gateway, keeps 4 KiB rather than 64.
 */
public final class FrameReader {

    /** charon's VICI_MESSAGE_SIZE_MAX: the most data one segment may carry. */
    public static final int MAX_FRAME_LENGTH = 512 * 1024;

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int INITIAL_BUFFER_SIZE = 4 * 1024;

    private final ReadableByteChannel in;
    private ByteBuffer buffer = ByteBuffer.allocate(INITIAL_BUFFER_SIZE).flip();

    public FrameReader(ReadableByteChannel in) {
        this.in = in;
    }

    /**
     * The next segment's data, or null if the stream ended cleanly between segments.
     *
     * @throws ViciProtocolException TRUNCATED_FRAME if it ended inside one, FRAME_TOO_LONG if its
     *                               header announces more than {@link #MAX_FRAME_LENGTH}
     */
    public byte[] next() throws IOException {
        if (!fill(4)) {
            if (buffer.hasRemaining()) {
                throw new ViciProtocolException(Malformation.TRUNCATED_FRAME,
                        "stream ended inside a length header (" + buffer.remaining() + " of 4 bytes)");
            }
            return null;
        }
        long length = Integer.toUnsignedLong(buffer.getInt());
        if (length > MAX_FRAME_LENGTH) {
            throw new ViciProtocolException(Malformation.FRAME_TOO_LONG,
                    "segment length " + length + " exceeds the " + MAX_FRAME_LENGTH + " bytes VICI allows");
        }
        byte[] body = new byte[(int) length];
        int have = Math.min(buffer.remaining(), body.length);
        buffer.get(body, 0, have);
        if (have < body.length) {
            readFully(ByteBuffer.wrap(body, have, body.length - have), body.length);
        }
        return body;
    }

    /**
     * Gives the full-size buffer back while nothing is buffered, for a connection going idle (a pooled
     * command connection after a listing); it grows again on the next burst.
     */
    public void trim() {
        if (!buffer.hasRemaining() && buffer.capacity() > INITIAL_BUFFER_SIZE) {
            buffer = ByteBuffer.allocate(INITIAL_BUFFER_SIZE).flip();
        }
    }

    /** The read-ahead buffer's size now, in bytes. */
    public int bufferCapacity() {
        return buffer.capacity();
    }

    /** Whether bytes of a next segment were already read ahead. */
    public boolean hasBuffered() {
        return buffer.hasRemaining();
    }

    /** Ensures {@code n} bytes are buffered; false if the stream ended first. */
    private boolean fill(int n) throws IOException {
        if (buffer.remaining() >= n) {
            return true;
        }
        buffer.compact();
        try {
            while (buffer.position() < n) {
                if (in.read(buffer) < 0) {
                    return false;
                }
                if (!buffer.hasRemaining() && buffer.capacity() < BUFFER_SIZE) {
                    grow(); // more was waiting than fits: a busy stream, read ahead in full from now on
                }
            }
        } finally {
            buffer.flip();
        }
        return true;
    }

    private void grow() {
        ByteBuffer bigger = ByteBuffer.allocate(BUFFER_SIZE);
        buffer.flip();
        bigger.put(buffer);
        buffer = bigger;
    }

    private void readFully(ByteBuffer target, int length) throws IOException {
        while (target.hasRemaining()) {
            if (in.read(target) < 0) {
                throw new ViciProtocolException(Malformation.TRUNCATED_FRAME,
                        "stream ended inside a segment of " + length + " bytes (" + target.remaining() + " missing)");
            }
        }
    }
}
