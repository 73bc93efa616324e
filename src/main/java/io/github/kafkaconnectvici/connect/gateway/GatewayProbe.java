package io.github.kafkaconnectvici.connect.gateway;

import io.github.kafkaconnectvici.vici.ViciException;
import io.github.kafkaconnectvici.vici.session.CharonCommands;
import io.github.kafkaconnectvici.vici.session.DiagnosticContext;
import io.github.kafkaconnectvici.vici.session.ViciClient;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Asks a gateway for its version, for connectors' validate(): a socket that cannot be opened, or a
 * peer that does not answer like charon, is reported against {@code vici.endpoints} at config time
 * rather than as a failing task later.
 */
public final class GatewayProbe {

    // Validation probes several gateways at once, so a fleet with dead sockets is not validated serially.
    private static final int PROBE_THREADS = 8;

    private GatewayProbe() {
    }

    /** {@link #problem} of every gateway, in parallel; the problems in gateway order. */
    public static List<String> problems(List<GatewayEndpoint> gateways, Duration timeout, String threadName) {
        return inParallel(gateways, gateway -> problem(gateway, timeout), threadName).stream()
                .flatMap(Optional::stream).toList();
    }

    /**
     * {@code check} of every gateway on up to 8 daemon threads named {@code threadName}; the results in
     * gateway order. Each check bounds its own time (the probes' timeouts).
     */
    public static <T> List<T> inParallel(List<GatewayEndpoint> gateways, Function<GatewayEndpoint, T> check,
                                         String threadName) {
        if (gateways.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PROBE_THREADS, gateways.size()), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<T>> checks = gateways.stream()
                    .map(gateway -> CompletableFuture.supplyAsync(() -> check.apply(gateway), command ->
                            pool.execute(DiagnosticContext.inherit(command)))).toList();
            return checks.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Empty when charon answered; otherwise a message naming the gateway and what went wrong. */
    public static Optional<String> problem(GatewayEndpoint endpoint, Duration timeout) {
        try (ViciClient client = ViciClients.connect(endpoint, timeout, timeout, 1)) {
            new CharonCommands(client).version();
            return Optional.empty();
        } catch (ViciException e) {
            return Optional.of("gateway '" + endpoint.name() + "' (" + endpoint.uri() + "): " + e.getMessage());
        }
    }
}
