package io.github.kafkaconnectvici.connect.source.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every follower of one task runs on, as many whatever the number of gateways: a small
 * pool for following (events, heartbeats, status records) plus one thread per turn of
 * {@code snapshot.max.concurrent}, since a snapshot holds its thread while it streams; one thread
 * whose timers only wake followers; and a separate small pool for connection attempts, which may wait
 * out a connect timeout each, so that an unreachable gateway never holds up the ones that are followed.
 */
final class FollowerThreads implements AutoCloseable {

    /** Threads following gateways besides those a running snapshot holds. */
    static final int FOLLOWING = 4;
    // Enough that a few unreachable gateways, each waiting out vici.timeout.ms, do not hold up the others.
    static final int CONNECTING = 8;

    private final ThreadPoolExecutor work;
    private final ScheduledThreadPoolExecutor timers;
    private final ThreadPoolExecutor connects;

    FollowerThreads(String name, int snapshotTurns) {
        // A plain queue, not a delay queue: a delay queue's idle threads take turns in timed waits on its next
        // timer, and every timer set or cancelled woke one of them, a system call or two per step at moderate
        // event rates. Timers live on their own thread, and only wake followers.
        int following = FOLLOWING + snapshotTurns;
        this.work = new ThreadPoolExecutor(following, following, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                daemons(name + "-follow"));
        this.timers = new ScheduledThreadPoolExecutor(1, daemons(name + "-timer"));
        this.timers.setRemoveOnCancelPolicy(true); // a follower may move its timer earlier at any step
        this.connects = new ThreadPoolExecutor(CONNECTING, CONNECTING, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemons(name + "-connect"));
        this.connects.allowCoreThreadTimeOut(true); // idle once every gateway is followed
    }

    /** Runs follower steps. */
    ExecutorService work() {
        return work;
    }

    /** Runs followers' timers, which must only wake their follower (never block, never run a step). */
    ScheduledExecutorService timers() {
        return timers;
    }

    /** Runs connection attempts. */
    ExecutorService connects() {
        return connects;
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Called once every follower has stopped. */
    @Override
    public void close() {
        work.shutdownNow();
        timers.shutdownNow();
        connects.shutdownNow();
    }
}
