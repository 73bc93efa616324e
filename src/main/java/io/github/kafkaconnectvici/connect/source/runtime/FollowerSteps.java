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
 * step, the pool thread bears the gateway's name (and keeps it until it runs another gateway's step)
 * and the task's logging context, so log lines say which gateway and task. {@link #wake()} from any
 * thread; {@link #after} and {@link #cancel()} from a step only.
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
    /** When {@link #timer} fires, on {@link System#nanoTime()}'s scale. */
    private long timerDue;

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

    /**
     * The next step runs after {@code delay} at the latest. A timer set before that fires no later is
     * kept: waking early is harmless (the step finds nothing due and sets the next timer), and setting
     * a timer at every step cost a system call or two per event at moderate rates.
     */
    void after(Duration delay) {
        if (delay.isZero()) {
            wake();
            return;
        }
        long now = System.nanoTime();
        long due = now + delay.toNanos();
        // Kept only while it is still ahead: a timer never fires early, but one whose moment has come may be
        // the very one that woke this step (its future not yet done), and would never fire again.
        if (timer != null && timerDue - now > 0 && timerDue - due <= 0) {
            return;
        }
        cancel();
        try {
            timer = timers.schedule(this::wake, delay.toNanos(), TimeUnit.NANOSECONDS);
            timerDue = due;
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
        // Renaming is a system call: a pool thread keeps the name of the gateway it last ran a step for.
        if (!threadName.equals(current.getName())) {
            current.setName(threadName);
        }
        try {
            body.run();
        } finally {
            if (!state.compareAndSet(RUNNING, IDLE)) {
                state.set(QUEUED);
                submit();
            }
        }
    }
}
