package io.github.kafkaconnectvici.connect.source;

import java.util.List;

/**
 * Hands each signal to the gateways of this task it concerns. A signal for a gateway another task
 * follows is that task's to act on; a refused signal is reported by every gateway of every task.
 */
final class SignalRouting implements SignalListener.Handler {

    private final List<GatewayWorker> workers;

    SignalRouting(List<GatewayWorker> workers) {
        this.workers = List.copyOf(workers);
    }

    @Override
    public void request(SnapshotRequest request) {
        for (GatewayWorker worker : workers) {
            if (request.concerns(worker.gateway())) {
                worker.signals().request(request);
            }
        }
    }

    @Override
    public void rejected(String id, String reason) {
        workers.forEach(worker -> worker.signals().rejected(id, reason));
    }
}
