package io.github.kafkaconnectvici.vici.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;

/**
 * The byte stream under one {@link ViciConnection}: a plain socket channel (unix or tcp) or TLS over
 * one. Reading and writing may happen on different threads; {@link #close()} from any thread
 * unblocks both.
 */
interface ViciTransport extends ReadableByteChannel {

    void writeFully(ByteBuffer buffer) throws IOException;

    /**
     * Whether an idle connection already has something to read: data, the end of the stream, or
     * (TLS) a record such as an alert. Called only between commands, under the write lock.
     */
    boolean hasPendingInput() throws IOException;

    /**
     * The channel under this transport, for a selector to watch; once it is non-blocking,
     * {@link #read} returns 0 instead of waiting. Reading still goes through {@link #read} (TLS decrypts).
     */
    SocketChannel selectable();

    /**
     * Whether the last read filled its target and more may be waiting in this transport's own
     * buffers (TLS), where a selector would not see it.
     */
    default boolean hasMore() {
        return false;
    }

    /** A hint that explains a failure of this transport to a person, or "" when there is none. */
    default String explain(IOException failure) {
        return "";
    }

    /** As {@link #explain}, for a stream that ended where a reply was due. */
    default String explainEnd() {
        return "";
    }

    @Override
    void close();
}
