package io.github.kafkaconnectvici.vici.session;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Command connections shared by concurrent callers. One command may be active per connection, and
 * some block for long (initiate waits for the IKE exchange), so callers get a connection each, up
 * to a bound; idle ones are reused unless charon closed them meanwhile.
 */
final class ConnectionPool implements AutoCloseable {

    private final ViciUri uri;
    private final ViciTls tls;
    private final Duration connectTimeout;
    private final Deadlines deadlines;
    private final int maxConnections;
    private final Semaphore permits;
    private final Deque<CommandConnection> idle = new ArrayDeque<>();
    private final Set<CommandConnection> inUse = new HashSet<>();
    private boolean closed;

    ConnectionPool(ViciUri uri, ViciTls tls, Duration connectTimeout, Deadlines deadlines, int maxConnections) {
        this.uri = uri;
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.deadlines = deadlines;
        this.maxConnections = maxConnections;
        this.permits = new Semaphore(maxConnections, true);
    }

    /** A connection for one command; waits at most {@code timeout} for one to be free. */
    CommandConnection acquire(Duration timeout) {
        try {
            if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ViciTimeoutException("all " + maxConnections + " connections to charon at " + uri
                        + " stayed busy for " + timeout.toMillis() + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ViciConnectionException("interrupted while waiting for a connection to charon at " + uri, e);
        }
        try {
            CommandConnection connection = takeIdle();
            if (connection == null) {
                connection = new CommandConnection(ViciConnection.open(uri, tls, connectTimeout), deadlines);
            }
            synchronized (this) {
                if (closed) {
                    connection.close();
                    throw closedError();
                }
                inUse.add(connection);
            }
            return connection;
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    private CommandConnection takeIdle() {
        while (true) {
            CommandConnection candidate;
            synchronized (this) {
                if (closed) {
                    throw closedError();
                }
                candidate = idle.pollFirst();
            }
            if (candidate == null || candidate.isReusable()) {
                return candidate;
            }
            candidate.close();
        }
    }

    void release(CommandConnection connection) {
        boolean pooled = false;
        synchronized (this) {
            inUse.remove(connection);
            if (connection.isHealthy() && !closed) {
                connection.trim();
                idle.addFirst(connection);
                pooled = true;
            }
        }
        if (!pooled) {
            connection.close();
        }
        permits.release();
    }

    /** Closes idle connections and those in use, which unblocks the commands running on them. */
    @Override
    public void close() {
        List<CommandConnection> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(idle);
            all.addAll(inUse);
            idle.clear();
        }
        all.forEach(CommandConnection::close);
    }

    private ViciConnectionException closedError() {
        return new ViciConnectionException("the VICI client for " + uri + " is closed");
    }
}
