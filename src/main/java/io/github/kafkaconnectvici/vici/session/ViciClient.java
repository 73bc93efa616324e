package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.codec.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of charon's VICI interface: commands by any name, streamed commands, and event
 * subscriptions. Safe for concurrent callers: each running command has a connection of its own
 * from a bounded pool, and each subscription a connection of its own, read by the JVM's one
 * {@code EventLoop} thread (unix, tcp and tls alike).
 *
 * <pre>{@code
 * try (ViciClient vici = ViciClient.connect("unix:///var/run/charon.vici")) {
 *     Message version = vici.call("version");
 *     vici.stream("list-sas", Message.EMPTY, "list-sa", sa -> System.out.println(sa.keys()));
 * }
 * }</pre>
 *
 * <p>Every command has a client-side deadline (charon drops replies over 512 KiB and then sends
 * nothing at all); on expiry the connection is discarded, never reused.
 */
public final class ViciClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ViciClient.class);

    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_CONNECTIONS = 4;

    private final ViciUri uri;
    private final ViciTls tls;
    private final Duration commandTimeout;
    private final Duration connectTimeout;
    private final Deadlines deadlines = new Deadlines();
    private final ConnectionPool pool;
    private final Set<EventSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ViciClient(Builder b) {
        this.uri = b.uri;
        this.tls = b.tls;
        this.commandTimeout = b.commandTimeout;
        this.connectTimeout = b.connectTimeout;
        this.pool = new ConnectionPool(uri, tls, connectTimeout, deadlines, b.maxConnections);
    }

    /** Connects to charon with the default settings; fails at once if charon cannot be reached. */
    public static ViciClient connect(String uri) {
        return builder().uri(uri).connect();
    }

    public static Builder builder() {
        return new Builder();
    }

    public ViciUri uri() {
        return uri;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public Message call(String command) {
        return call(command, Message.EMPTY);
    }

    public Message call(String command, Message request) {
        return call(command, request, commandTimeout);
    }

    /**
     * Runs a command and returns charon's response.
     *
     * @throws CommandFailedException   if charon answers {@code success = no}
     * @throws UnknownCommandException  if charon answers CMD_UNKNOWN
     * @throws ViciTimeoutException     if no complete reply arrives within {@code timeout}
     * @throws ViciConnectionException  if charon cannot be reached or the connection breaks
     */
    public Message call(String command, Message request, Duration timeout) {
        return execute(command, request, null, null, timeout, null);
    }

    public Message stream(String command, Message request, String event, Consumer<Message> onEvent) {
        return stream(command, request, event, onEvent, commandTimeout);
    }

    /**
     * Runs a streamed command: registers {@code event}, hands each event to {@code onEvent} in
     * order (on the calling thread), returns the response that ends the stream, unregisters.
     *
     * @throws UnknownEventException if charon does not know {@code event}
     */
    public Message stream(String command, Message request, String event, Consumer<Message> onEvent, Duration timeout) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(onEvent, "onEvent");
        return execute(command, request, event, onEvent, timeout, null);
    }

    /**
     * A streamed command that {@code cancellation} may end early, from {@code onEvent} or any other
     * thread; the rest of the stream is then left unread and the connection discarded.
     *
     * @throws CommandCancelledException if the command was cancelled before its response was read
     */
    public Message stream(String command, Message request, String event, Consumer<Message> onEvent, Duration timeout,
                          Cancellation cancellation) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(onEvent, "onEvent");
        Objects.requireNonNull(cancellation, "cancellation");
        return execute(command, request, event, onEvent, timeout, cancellation);
    }

    /** A streamed command with every event collected; for large listings prefer {@link #stream}. */
    public StreamedResponse streamAll(String command, Message request, String event) {
        List<Message> events = new ArrayList<>();
        Message response = stream(command, request, event, events::add);
        return new StreamedResponse(events, response);
    }

    private Message execute(String command, Message request, String event, Consumer<Message> onEvent, Duration timeout,
                            Cancellation cancellation) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(request, "request");
        checkOpen();
        long start = System.nanoTime();
        CommandConnection connection = pool.acquire(timeout);
        Message response;
        try {
            Duration left = timeout.minusNanos(System.nanoTime() - start);
            log.debug("VICI command '{}' to {}", command, uri);
            response = connection.execute(command, request, event, onEvent, left.isNegative() ? Duration.ZERO : left,
                    cancellation);
        } catch (ViciConnectionException e) {
            if (closed) {
                throw new ViciConnectionException("the VICI client for " + uri + " was closed while '" + command + "' ran", e);
            }
            throw e;
        } finally {
            pool.release(connection);
        }
        if ("no".equals(response.text("success").orElse(null))) {
            throw new CommandFailedException(command, response);
        }
        return response;
    }

    public EventSubscription.Builder subscription(String... events) {
        return subscription(Arrays.asList(events));
    }

    /** Options for a subscription to {@code events}; {@link EventSubscription.Builder#open()} starts it. */
    public EventSubscription.Builder subscription(Collection<String> events) {
        checkOpen();
        return new EventSubscription.Builder(uri, tls, deadlines, commandTimeout, List.copyOf(events), subscriptions);
    }

    /** Subscribes with the default options: a queue of 10,000, gaps reported only in-band. */
    public EventSubscription subscribe(String... events) {
        return subscription(events).open();
    }

    private void checkOpen() {
        if (closed) {
            throw new ViciConnectionException("the VICI client for " + uri + " is closed");
        }
    }

    /** Closes every connection and subscription; commands still running fail at once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscriptions.forEach(EventSubscription::close);
        pool.close();
        deadlines.close();
    }

    @Override
    public String toString() {
        return "ViciClient(" + uri + ")";
    }

    public static final class Builder {

        private ViciUri uri = ViciUri.DEFAULT;
        private ViciTls tls;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;

        private Builder() {
        }

        public Builder uri(String uri) {
            return uri(ViciUri.parse(uri));
        }

        public Builder uri(ViciUri uri) {
            this.uri = Objects.requireNonNull(uri);
            return this;
        }

        /** TLS settings for a {@code tls://} URI (ignored for others); null or unset: {@link ViciTls#defaults()}. */
        public Builder tls(ViciTls tls) {
            this.tls = tls;
            return this;
        }

        /** The default deadline of every command and registration. */
        public Builder commandTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the command timeout must be positive");
            }
            this.commandTimeout = timeout;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** The most commands that may run at once; more callers wait. */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1");
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /** Builds the client and opens its first connection, so an unreachable charon fails here. */
        public ViciClient connect() {
            ViciClient client = new ViciClient(this);
            try {
                client.pool.release(client.pool.acquire(client.connectTimeout));
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
            return client;
        }
    }
}
