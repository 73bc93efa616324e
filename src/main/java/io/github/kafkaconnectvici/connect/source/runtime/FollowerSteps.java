package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.vici.session.DiagnosticContext;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs one follower's steps on shared threads: never two at once, at most one queued, and one more
 * after the running step if it was woken meanwhile (a delivery, a timer, stop()). While it runs a
 * step, the pool thread bears the gateway's name and the task's logging context, so log lines say
 * which gateway and task. {@link #wake()} from any thread; {@link #after} and {@link #cancel()} from
 * a step only.
 */
final class FollowerSteps {

    private static final int IDLE = 0;
    private static final int QUEUED = 1;
    private static final int RUNNING = 2;
    private static final int RERUN = 3;

    private final Supplier<Executor> executor;
    private final ScheduledExecutorService timers;
    private final String threadName;
    private final Runnable body;
    private final Runnable step;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private ScheduledFuture<?> timer;

    /** {@code executor} is asked at each step where it runs (connecting and following have their own threads). */
    FollowerSteps(Supplier<Executor> executor, ScheduledExecutorService timers, String threadName, Runnable body) {
        this.executor = executor;
        this.timers = timers;
        this.threadName = threadName;
        this.body = body;
        // The task's logging context (connector and task) goes with every step, whichever pool thread runs it.
        this.step = DiagnosticContext.inherit(this::step);
    }

    /** Makes sure a step runs soon. */
    void wake() {
        while (true) {
            int s = state.get();
            if (s == IDLE) {
                if (state.compareAndSet(IDLE, QUEUED)) {
                    submit();
                    return;
                }
            } else if (s == RUNNING) {
                if (state.compareAndSet(RUNNING, RERUN)) {
                    return;
                }
            } else {
                return; // a step is queued, or one will follow the running one
            }
        }
    }

    /** The next step runs after {@code delay} unless woken earlier; replaces the timer set before. */
    void after(Duration delay) {
        cancel();
        if (delay.isZero()) {
            wake();
            return;
        }
        try {
            timer = timers.schedule(this::wake, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the task's threads are gone: it has stopped
        }
    }

    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void submit() {
        try {
            executor.get().execute(step);
        } catch (RejectedExecutionException e) {
            state.set(IDLE); // the task's threads are gone: it has stopped
        }
    }

    private void step() {
        state.set(RUNNING);
        Thread current = Thread.currentThread();
        String poolName = current.getName();
        current.setName(threadName);
        try {
            body.run();
        } finally {
            current.setName(poolName);
            if (!state.compareAndSet(RUNNING, IDLE)) {
                state.set(QUEUED);
                submit();
            }
        }
    }
}
