package io.github.kafkaconnectvici.connect.source.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A follower's timers: kept when they fire no later than asked, and never lost to the step they woke. */
class FollowerStepsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ExecutorService work = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        work.shutdownNow();
        timers.shutdownNow();
    }

    @Test
    void aStepWokenByItsTimerSetsTheNextOne() {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<FollowerSteps> steps = new AtomicReference<>();
        steps.set(new FollowerSteps(() -> work, timers, "gw", () -> {
            if (runs.incrementAndGet() < 20) {
                steps.get().after(Duration.ofMillis(2)); // from the step its own timer woke
            }
        }));

        steps.get().wake();

        // a timer kept because its future was not yet done when the step it woke asked for the next one
        // would never fire again: the follower would stall after its first timer
        await().atMost(WAIT).until(() -> runs.get() == 20);
    }

    @Test
    void anEarlierTimerReplacesALaterOne() {
        AtomicInteger runs = new AtomicInteger();
        FollowerSteps steps = new FollowerSteps(() -> work, timers, "gw", runs::incrementAndGet);

        steps.after(Duration.ofHours(1));
        steps.after(Duration.ofMillis(5));

        await().atMost(WAIT).until(() -> runs.get() == 1);
    }

    @Test
    void aTimerThatFiresSoonerIsKeptForALaterAsk() {
        AtomicInteger runs = new AtomicInteger();
        FollowerSteps steps = new FollowerSteps(() -> work, timers, "gw", runs::incrementAndGet);

        steps.after(Duration.ofMillis(5));
        steps.after(Duration.ofHours(1)); // waking early is harmless; waking late is not

        await().atMost(WAIT).until(() -> runs.get() == 1);
    }

    @Test
    void theStepBearsItsGatewaysName() {
        AtomicReference<String> name = new AtomicReference<>();
        FollowerSteps steps = new FollowerSteps(() -> work, timers, "vici-source-c-0-gw",
                () -> name.set(Thread.currentThread().getName()));

        steps.wake();

        await().atMost(WAIT).until(() -> name.get() != null);
        assertThat(name.get()).isEqualTo("vici-source-c-0-gw");
    }
}
