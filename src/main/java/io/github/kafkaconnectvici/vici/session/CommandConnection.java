package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.ViciException;
import io.github.kafkaconnectvici.vici.codec.Malformation;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Packet;
import io.github.kafkaconnectvici.vici.codec.ViciProtocolException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * Runs commands on one connection, one at a time (VICI has no sequence numbers). A streamed
 * command registers its event, sends the request, hands every event to the consumer until the
 * response, then unregisters: events and response are read from the one socket in the order
 * charon sent them, so a response can never overtake its own stream.
 */
final class CommandConnection implements AutoCloseable {

    private final ViciConnection connection;
    private final Deadlines deadlines;
    private volatile boolean expired;
    private boolean broken;

    CommandConnection(ViciConnection connection, Deadlines deadlines) {
        this.connection = connection;
        this.deadlines = deadlines;
    }

    /**
     * Sends {@code command} and returns charon's response. With a non-null {@code event}, the
     * command streams: each event of that name goes to {@code onEvent} before the response.
     */
    Message execute(String command, Message request, String event, Consumer<Message> onEvent, Duration timeout) {
        return execute(command, request, event, onEvent, timeout, null);
    }

    /** As above; a non-null {@code cancellation} can end the command early, discarding the connection. */
    Message execute(String command, Message request, String event, Consumer<Message> onEvent, Duration timeout,
                    Cancellation cancellation) {
        ScheduledFuture<?> deadline = deadlines.arm(timeout, this::expire);
        Consumer<Message> delivered = onEvent;
        if (cancellation != null) {
            cancellation.attach(connection::close);
            delivered = onEvent == null ? null : message -> {
                onEvent.accept(message);
                if (cancellation.isCancelled()) {
                    throw new CommandCancelledException("'" + command + "' to charon at " + connection.uri()
                            + " was cancelled", null);
                }
            };
        }
        try {
            if (cancellation != null && cancellation.isCancelled()) {
                throw new CommandCancelledException("'" + command + "' was cancelled before it started", null);
            }
            return exchange(command, request, event, delivered);
        } catch (UnknownCommandException | UnknownEventException e) {
            throw e; // a complete, well-formed answer: the connection stays in step
        } catch (RuntimeException e) {
            broken = true;
            connection.close();
            if (cancellation != null && cancellation.isCancelled()) {
                throw e instanceof CommandCancelledException cancelled ? cancelled
                        : new CommandCancelledException("'" + command + "' to charon at " + connection.uri()
                                + " was cancelled", e);
            }
            if (expired) {
                throw new ViciTimeoutException("charon at " + connection.uri() + " sent no complete reply to '" + command
                        + "' within " + timeout.toMillis() + " ms; the connection was discarded. charon silently drops"
                        + " replies larger than 512 KiB, so an oversized reply is a possible cause", e);
            }
            throw e;
        } finally {
            deadline.cancel(false);
            if (cancellation != null) {
                cancellation.detach();
            }
        }
    }

    private Message exchange(String command, Message request, String event, Consumer<Message> onEvent) {
        if (event != null) {
            register(event, onEvent);
        }
        connection.send(Packet.request(command, request));
        Message response = null;
        while (response == null) {
            Packet packet = connection.receive();
            switch (packet.type()) {
                case EVENT -> deliver(packet, event, onEvent);
                case CMD_RESPONSE -> response = packet.message();
                case CMD_UNKNOWN -> {
                    if (event != null) {
                        unregister(event, onEvent);
                    }
                    throw new UnknownCommandException(command);
                }
                default -> throw unexpected(packet, "a response to '" + command + "'");
            }
        }
        if (event != null) {
            unregister(event, onEvent);
        }
        return response;
    }

    private void register(String event, Consumer<Message> onEvent) {
        connection.send(Packet.register(event));
        if (!awaitConfirmation(event, onEvent, "registration")) {
            throw new UnknownEventException(event);
        }
    }

    private void unregister(String event, Consumer<Message> onEvent) {
        connection.send(Packet.unregister(event));
        if (!awaitConfirmation(event, onEvent, "deregistration")) {
            throw new ViciProtocolException(Malformation.UNEXPECTED_PACKET,
                    "charon refused to unregister '" + event + "' it had confirmed before");
        }
    }

    /** True on EVENT_CONFIRM, false on EVENT_UNKNOWN; stream events that are still arriving are delivered. */
    private boolean awaitConfirmation(String event, Consumer<Message> onEvent, String what) {
        return connection.awaitConfirmation(packet -> deliver(packet, event, onEvent), "the " + what + " of '" + event + "'");
    }

    private void deliver(Packet packet, String event, Consumer<Message> onEvent) {
        if (event == null) {
            throw unexpected(packet, "no event: none is registered on this connection");
        }
        if (!event.equals(packet.name())) {
            throw unexpected(packet, "events of '" + event + "' only");
        }
        onEvent.accept(packet.message());
    }

    private ViciException unexpected(Packet packet, String expected) {
        return connection.unexpected(packet, expected);
    }

    private void expire() {
        expired = true;
        connection.close();
    }

    /** Whether the last command left the connection in step. */
    /** Releases read-ahead memory while the connection waits in the pool. */
    void trim() {
        connection.trim();
    }

    boolean isHealthy() {
        return !broken && connection.isOpen();
    }

    /** Whether the connection may carry another command: healthy, and charon has not closed it since. */
    boolean isReusable() {
        return isHealthy() && connection.isReusable();
    }

    @Override
    public void close() {
        connection.close();
    }
}
