package io.github.kafkaconnectvici.vici.session;

/**
 * Ends a streamed command early, from its own event callback or from any other thread. VICI has no
 * way to abort a command, so the rest of the stream is left unread: the command's connection is
 * discarded (never returned to the pool) and the command throws {@link CommandCancelledException}.
 * One cancellation serves one command; cancelling before the command starts cancels it at once.
 */
public final class Cancellation {

    private volatile boolean cancelled;
    /** Set while a command runs: cuts its connection, which unblocks a read waiting for charon. */
    private volatile Runnable onCancel;

    public void cancel() {
        cancelled = true;
        Runnable hook = onCancel;
        if (hook != null) {
            hook.run();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    void attach(Runnable hook) {
        onCancel = hook;
        if (cancelled) {
            hook.run(); // cancel() ran before the hook was there to see
        }
    }

    void detach() {
        onCancel = null;
    }
}
