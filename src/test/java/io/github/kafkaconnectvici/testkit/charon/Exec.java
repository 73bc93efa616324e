package io.github.kafkaconnectvici.testkit.charon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a short-lived command (ip, swanctl) to completion with a deadline and captures its output. */
final class Exec {

    /** What a finished (or killed) command left behind. */
    record Result(List<String> command, int exitCode, boolean timedOut, String stdout, String stderr) {

        boolean succeeded() {
            return !timedOut && exitCode == 0;
        }

        String describe() {
            String outcome = timedOut ? "timed out and was killed" : "exited with " + exitCode;
            return String.join(" ", command) + " " + outcome
                    + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    // stdout and stderr are drained concurrently so that a chatty command never blocks on a full pipe.
    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "charon-rig-output-reader");
        thread.setDaemon(true);
        return thread;
    });

    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(5);

    private Exec() {
    }

    static Result run(Duration timeout, Map<String, String> env, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        Future<String> stdout = READERS.submit(() -> readAll(process.getInputStream()));
        Future<String> stderr = READERS.submit(() -> readAll(process.getErrorStream()));
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly();
                process.waitFor(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
        return new Result(List.copyOf(command), finished ? process.exitValue() : -1, !finished,
                collect(stdout), collect(stderr));
    }

    /** Runs the command and returns its stdout; throws with the whole output if it fails or times out. */
    static String check(Duration timeout, Map<String, String> env, List<String> command) {
        Result result = run(timeout, env, command);
        if (!result.succeeded()) {
            throw new IllegalStateException(result.describe());
        }
        return result.stdout();
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String collect(Future<String> output) {
        try {
            return output.get(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted while reading output)";
        } catch (ExecutionException | TimeoutException e) {
            output.cancel(true);
            return "(output unavailable: " + e + ")";
        }
    }
}
