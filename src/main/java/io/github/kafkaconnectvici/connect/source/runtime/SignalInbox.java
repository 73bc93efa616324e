package io.github.kafkaconnectvici.connect.source.runtime;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A gateway worker's pending signals, handed over from the signal listener's thread: snapshot
 * requests and refusals to report. Bounded: past {@link #CAPACITY} pending requests a new one is
 * refused (reported) rather than queued, so a flood of signals cannot pile up snapshots.
 */
final class SignalInbox {

    static final int CAPACITY = 16;

    /** Either a request to act on, or a refusal ({@code request} null) to report. */
    record Item(SnapshotRequest request, String rejectedId, String reason) {
    }

    private final Deque<Item> items = new ArrayDeque<>();
    private int requests;

    synchronized void request(SnapshotRequest request) {
        if (requests >= CAPACITY) {
            items.add(new Item(null, request.id(), CAPACITY + " requested snapshots are already pending on this gateway"));
        } else {
            requests++;
            items.add(new Item(request, null, null));
        }
    }

    synchronized void rejected(String id, String reason) {
        if (items.size() < 4 * CAPACITY) {
            items.add(new Item(null, id, reason));
        }
    }

    /** The next item, or null. */
    synchronized Item poll() {
        Item item = items.poll();
        if (item != null && item.request() != null) {
            requests--;
        }
        return item;
    }
}
