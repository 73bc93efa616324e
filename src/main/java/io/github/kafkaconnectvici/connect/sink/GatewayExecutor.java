package io.github.kafkaconnectvici.connect.sink;

import io.github.kafkaconnectvici.connect.GatewayEndpoint;
import io.github.kafkaconnectvici.vici.ViciException;
import io.github.kafkaconnectvici.vici.codec.Message;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Executes one gateway's commands strictly in order, on a thread and a {@link ViciClient} of its
 * own, so a slow initiate on one gateway never holds up another.
 *
 * <p>A connection failure stops the run: the command that met it and every later one are left
 * unexecuted for the task to retry. Everything else that goes wrong is the command's own outcome.
 * A reply that does not arrive in time is an outcome too, not a retry, since charon may have
 * executed the command.
 */
public final class GatewayExecutor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayExecutor.class);
    private static final String CONTROL_LOG = "control-log";
    // charon's own timeout ends initiate/terminate; the client deadline only catches a charon that never answers.
    private static final Duration STREAM_MARGIN = Duration.ofSeconds(10);

    private final GatewayEndpoint gateway;
    private final Timeouts timeouts;
    private final Clock clock;
    private final ExecutorService thread;
    private volatile ViciClient client;

    public record Timeouts(Duration connect, Duration command, Duration initiate, Duration terminate,
                           Duration retryBackoff) {
    }

    // The worker redelivers a failed batch after context.timeout() at the earliest, and often sooner:
    // until this instant an unreachable gateway is not dialled again, so charon is not hammered.
    private Instant retryNotBefore = Instant.MIN;
    private String unreachableReason;

    public GatewayExecutor(GatewayEndpoint gateway, Timeouts timeouts, Clock clock) {
        this.gateway = gateway;
        this.timeouts = timeouts;
        this.clock = clock;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(DiagnosticContext.inherit(r), "vici-sink-" + gateway.name());
            t.setDaemon(true);
            return t;
        });
    }

    public GatewayEndpoint gateway() {
        return gateway;
    }

    public Future<GatewayRun> submit(List<CommandRequest> requests) {
        return thread.submit(() -> run(requests));
    }

    GatewayRun run(List<CommandRequest> requests) {
        if (clock.instant().isBefore(retryNotBefore)) {
            return new GatewayRun(List.of(), Optional.of(unreachableReason));
        }
        List<CommandOutcome> executed = new ArrayList<>(requests.size());
        for (CommandRequest request : requests) {
            try {
                executed.add(execute(request));
            } catch (ViciConnectionException e) {
                closeClient();
                retryNotBefore = clock.instant().plus(timeouts.retryBackoff());
                unreachableReason = e.getMessage();
                log.warn("Gateway '{}' unreachable at {} ({}); {} command(s) left for retry", gateway.name(),
                        gateway.uri(), e.getMessage(), requests.size() - executed.size());
                return new GatewayRun(executed, Optional.of(e.getMessage()));
            }
        }
        return new GatewayRun(executed, Optional.empty());
    }

    private CommandOutcome execute(CommandRequest request) {
        ViciClient vici = client();
        Instant start = clock.instant();
        List<String> controlLog = new ArrayList<>();
        SinkCommand command = request.command();
        log.debug("Executing '{}' ({}) on gateway '{}'", command, request.requestId(), gateway.name());
        try {
            Message reply;
            if (command.streamsControlLog()) {
                Duration timeout = command == SinkCommand.INITIATE ? timeouts.initiate() : timeouts.terminate();
                Message message = withTimeout(request.message(), timeout);
                reply = vici.stream(command.wireName(), message, CONTROL_LOG,
                        line -> controlLog.add(ControlLogLine.format(line)), clientDeadline(message, timeout));
            } else {
                reply = vici.call(command.wireName(), request.message(), timeouts.command());
            }
            return new CommandOutcome(request, reply, controlLog, start, clock.instant(), Optional.empty());
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
        }
    }

    private CommandOutcome failed(CommandRequest request, Message reply, List<String> controlLog, Instant start,
                                  String reason) {
        return new CommandOutcome(request, reply, controlLog, start, clock.instant(), Optional.of(reason));
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
        Duration base = requested > configured.toMillis() ? Duration.ofMillis(requested) : configured;
        return base.plus(STREAM_MARGIN);
    }

    private ViciClient client() {
        if (client == null) {
            client = ViciClient.builder().uri(gateway.uri()).connectTimeout(timeouts.connect())
                    .commandTimeout(timeouts.command()).maxConnections(1).connect();
        }
        return client;
    }

    private void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        // The client is touched only by the gateway thread; closing it here cuts a blocked command short.
        ViciClient current = client;
        if (current != null) {
            current.close();
        }
    }
}
