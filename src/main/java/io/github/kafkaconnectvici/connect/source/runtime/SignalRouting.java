package io.github.kafkaconnectvici.connect.source.runtime;

import java.util.List;

/**
 * Hands each signal to the gateways of this task it concerns. A signal for a gateway another task
 * follows is that task's to act on; a refused signal is reported by every gateway of every task.
 */
final class SignalRouting implements SignalListener.Handler {

    private final List<GatewayFollower> followers;

    SignalRouting(List<GatewayFollower> followers) {
        this.followers = List.copyOf(followers);
    }

    @Override
    public void request(SnapshotRequest request) {
        for (GatewayFollower follower : followers) {
            if (request.concerns(follower.gateway())) {
                follower.signals().request(request);
            }
        }
    }

    @Override
    public void rejected(String id, String reason) {
        followers.forEach(follower -> follower.signals().rejected(id, reason));
    }
}
