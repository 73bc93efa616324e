package io.github.kafkaconnectvici.vici.session;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.MDC;

/**
 * Carries the creating thread's SLF4J diagnostic context (MDC) into a thread of our own. Kafka Connect puts
 * the connector's context ({@code connector.context}, e.g. {@code [vici-source|task-0] }) in the MDC of the
 * threads it runs a task on; the gateway threads a task starts log with it too, so their lines say which
 * connector and task they belong to, as the worker's own lines do.
 */
public final class DiagnosticContext {

    private DiagnosticContext() {
    }

    /**
     * Captures the calling thread's MDC now, for work a shared thread (the event loop, a scheduler)
     * does later on behalf of the caller: each runnable passed to the result runs with it.
     */
    public static UnaryOperator<Runnable> capture() {
        Map<String, String> captured = MDC.getCopyOfContextMap();
        if (captured == null || captured.isEmpty()) {
            return UnaryOperator.identity();
        }
        return task -> () -> runWith(captured, task);
    }

    /** {@code task}, running with the MDC the calling thread has now; the running thread's own is restored after. */
    public static Runnable inherit(Runnable task) {
        Map<String, String> captured = MDC.getCopyOfContextMap();
        if (captured == null || captured.isEmpty()) {
            return task;
        }
        return () -> runWith(captured, task);
    }

    private static void runWith(Map<String, String> captured, Runnable task) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        MDC.setContextMap(captured);
        try {
            task.run();
        } finally {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        }
    }
}
