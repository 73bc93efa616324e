package io.github.kafkaconnectvici.connect.sink.runtime;

import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoint;
import io.github.kafkaconnectvici.connect.gateway.ViciClients;
import io.github.kafkaconnectvici.connect.sink.records.CommandOutcome;
import io.github.kafkaconnectvici.connect.sink.records.CommandRequest;
import io.github.kafkaconnectvici.connect.sink.records.SinkCommand;
import io.github.kafkaconnectvici.vici.ViciEvent;
import io.github.kafkaconnectvici.vici.ViciException;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.session.CharonCommands;
import io.github.kafkaconnectvici.vici.session.CommandFailedException;
import io.github.kafkaconnectvici.vici.session.DiagnosticContext;
import io.github.kafkaconnectvici.vici.session.UnknownCommandException;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import io.github.kafkaconnectvici.vici.session.ViciConnectionException;
import io.github.kafkaconnectvici.vici.session.ViciTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Executes one gateway's commands strictly in order, on a thread and a {@link ViciClient} of its
 * own, asynchronously to the task's {@code put()}: a slow initiate on one gateway holds up neither
 * another gateway nor the consumer's poll loop.
 *
 * <p>A connection failure is retried on this thread, after the retry backoff, until charon answers;
 * the commands behind it wait in order. Everything else that goes wrong, an unexpected error
 * included, is the command's own outcome, handed to the listener; the thread never dies of it. A
 * reply that does not arrive in time is an outcome too, not a retry, since charon may have run it.
 */
public final class GatewayExecutor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayExecutor.class);

    private final GatewayEndpoint gateway;
    private final Timeouts timeouts;
    private final ControlLogLimits controlLogLimits;
    private final Clock clock;
    private final Consumer<CommandOutcome> listener;
    private final LinkedBlockingQueue<CommandRequest> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Object backoff = new Object();
    private volatile boolean closing;
    private volatile boolean inCall;
    private final AtomicLong unreachableRetries = new AtomicLong();
    private ViciClient client; // touched by the gateway thread, and by close() once that thread is done or stuck

    public record Timeouts(Duration connect, Duration command, Duration initiate, Duration terminate,
                           Duration retryBackoff) {
    }

    public record ControlLogLimits(int maxLines, long maxBytes) {
    }

    public GatewayExecutor(GatewayEndpoint gateway, Timeouts timeouts, ControlLogLimits controlLogLimits, Clock clock,
                           Consumer<CommandOutcome> listener) {
        this.gateway = gateway;
        this.timeouts = timeouts;
        this.controlLogLimits = controlLogLimits;
        this.clock = clock;
        this.listener = listener;
        this.thread = new Thread(DiagnosticContext.inherit(this::loop), "vici-sink-" + gateway.name());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public GatewayEndpoint gateway() {
        return gateway;
    }

    public void submit(CommandRequest request) {
        queue.add(request);
    }

    /** Commands waiting for this gateway's thread (the one running not included). */
    public int queued() {
        return queue.size();
    }

    /** How often a command was tried again because the gateway was unreachable. */
    public long unreachableRetries() {
        return unreachableRetries.get();
    }

    /** Takes back the commands not started yet that match, e.g. those of revoked partitions. */
    public List<CommandRequest> withdraw(Predicate<CommandRequest> which) {
        List<CommandRequest> withdrawn = new ArrayList<>();
        queue.removeIf(r -> which.test(r) && withdrawn.add(r));
        return withdrawn;
    }

    private void loop() {
        try {
            while (!closing) {
                CommandRequest request = queue.take();
                CommandOutcome outcome = executeOnceReachable(request);
                if (outcome == null) {
                    return; // closing before it could run: its record stays unfinished, redelivered later
                }
                listener.accept(outcome);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close(): nothing is running
        }
    }

    private CommandOutcome executeOnceReachable(CommandRequest request) throws InterruptedException {
        while (true) {
            inCall = true;
            try {
                if (closing) {
                    return null;
                }
                return execute(request);
            } catch (ViciConnectionException e) {
                closeClient();
                unreachableRetries.incrementAndGet();
                log.warn("Gateway '{}' unreachable at {} ({}); '{}' ({}) and {} command(s) behind it wait,"
                                + " retried in {} ms", gateway.name(), gateway.uri(), e.getMessage(), request.command(),
                        request.requestId(), queue.size(), timeouts.retryBackoff().toMillis());
            } finally {
                inCall = false;
            }
            synchronized (backoff) {
                if (closing) {
                    return null;
                }
                TimeUnit.MILLISECONDS.timedWait(backoff, Math.max(1, timeouts.retryBackoff().toMillis()));
            }
        }
    }

    CommandOutcome execute(CommandRequest request) {
        Instant start = clock.instant();
        ControlLog controlLog = new ControlLog(controlLogLimits.maxLines(), controlLogLimits.maxBytes());
        SinkCommand command = request.command();
        log.debug("Executing '{}' ({}) on gateway '{}'", command, request.requestId(), gateway.name());
        try {
            ViciClient vici = client();
            Message reply;
            if (command.streamsControlLog()) {
                Duration timeout = command == SinkCommand.INITIATE ? timeouts.initiate() : timeouts.terminate();
                Message message = withTimeout(request.message(), timeout);
                reply = vici.stream(command.wireName(), message, ViciEvent.CONTROL_LOG.wireName(), controlLog::add,
                        clientDeadline(message, timeout));
            } else {
                reply = vici.call(command.wireName(), request.message(), timeouts.command());
            }
            return new CommandOutcome(request, reply, controlLog.lines(), start, clock.instant(), Optional.empty());
        } catch (CommandFailedException e) {
            return failed(request, e.response(), controlLog, start, e.getMessage());
        } catch (ViciTimeoutException e) {
            return failed(request, Message.EMPTY, controlLog, start, "'" + command + "' on gateway '" + gateway.name()
                    + "' got no reply in time and may or may not have run; it is not retried: " + e.getMessage());
        } catch (ViciConnectionException e) {
            throw e;
        } catch (UnknownCommandException e) {
            return failed(request, Message.EMPTY, controlLog, start, "charon on gateway '" + gateway.name()
                    + "' does not know the command '" + command + "' (too old a strongSwan?)");
        } catch (ViciException e) {
            // Encoding limits and malformed replies: the library's messages name keys and sizes, not values.
            return failed(request, Message.EMPTY, controlLog, start, "'" + command + "' on gateway '" + gateway.name()
                    + "' failed: " + e.getMessage());
        } catch (RuntimeException e) {
            // A bug of ours must not kill the gateway thread or the task; the class alone, as a message could quote data.
            log.error("Unexpected error executing '{}' ({}) on gateway '{}'", command, request.requestId(),
                    gateway.name(), e);
            return failed(request, Message.EMPTY, controlLog, start, "'" + command + "' on gateway '" + gateway.name()
                    + "' failed unexpectedly (" + e.getClass().getName() + "); see the worker log");
        }
    }

    private CommandOutcome failed(CommandRequest request, Message reply, ControlLog controlLog, Instant start,
                                  String reason) {
        return new CommandOutcome(request, reply, controlLog.lines(), start, clock.instant(), Optional.of(reason));
    }

    /** Lessons from other clients: always give charon an explicit timeout, or initiate may wait forever. */
    static Message withTimeout(Message message, Duration timeout) {
        if (message.contains("timeout")) {
            return message;
        }
        return message.toBuilder().put("timeout", timeout.toMillis()).build();
    }

    static Duration clientDeadline(Message message, Duration configured) {
        long requested;
        try {
            requested = message.number("timeout").orElse(0);
        } catch (ViciException e) {
            requested = 0; // charon will reject it; the configured deadline still bounds the wait
        }
        // CommandBounds caps a record's timeout; the cap here keeps the sum finite whatever reaches this point.
        long base = Math.min(Math.max(requested, configured.toMillis()), Duration.ofDays(1).toMillis());
        return Duration.ofMillis(base).plus(CharonCommands.STREAM_GRACE);
    }

    private ViciClient client() {
        if (client == null) {
            client = ViciClients.connect(gateway, timeouts.connect(), timeouts.command(), 1);
        }
        return client;
    }

    private void closeClient() {
        ViciClient current = client;
        client = null;
        if (current != null) {
            current.close();
        }
    }

    /**
     * Stops taking commands; the one running may finish within {@code grace} (its result is then
     * handed over), after which its connection is cut. Commands not started stay unfinished.
     */
    public void close(Duration grace) {
        closing = true;
        queue.clear();
        synchronized (backoff) {
            backoff.notifyAll();
        }
        if (!inCall) {
            thread.interrupt();
        }
        try {
            thread.join(Math.max(1, grace.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("A command on gateway '{}' was still running when the task stopped; it was cut short and its"
                    + " record will be delivered again", gateway.name());
            thread.interrupt();
        }
        closeClient();
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
