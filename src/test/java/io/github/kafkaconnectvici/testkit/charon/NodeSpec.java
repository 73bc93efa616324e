package io.github.kafkaconnectvici.testkit.charon;

import java.util.Map;

/** Where one node of the pair lives and how it sees its peer. */
record NodeSpec(String name, String netns, String address, String peerAddress, String id, String peerId,
                String innerAddress, String localTs, String remoteTs) {

    static NodeSpec a(String runSuffix) {
        return new NodeSpec("A", "kcvA-" + runSuffix, "10.99.0.1", "10.99.0.2", "a.test", "b.test",
                "10.98.1.1", "10.98.1.0/24", "10.98.2.0/24");
    }

    static NodeSpec b(String runSuffix) {
        return new NodeSpec("B", "kcvB-" + runSuffix, "10.99.0.2", "10.99.0.1", "b.test", "a.test",
                "10.98.2.1", "10.98.2.0/24", "10.98.1.0/24");
    }

    /** The veth end inside this node's namespace; named like the namespace (9 of the 15 allowed characters). */
    String vethName() {
        return netns;
    }

    Map<String, String> swanctlValues(String psk) {
        return Map.of("LOCAL_ADDR", address, "REMOTE_ADDR", peerAddress, "LOCAL_ID", id, "REMOTE_ID", peerId,
                "INNER_ADDR", innerAddress, "LOCAL_TS", localTs, "REMOTE_TS", remoteTs, "PSK", psk);
    }
}
