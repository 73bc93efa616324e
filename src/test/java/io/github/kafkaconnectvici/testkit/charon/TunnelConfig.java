package io.github.kafkaconnectvici.testkit.charon;

import io.github.kafkaconnectvici.vici.codec.Message;

/**
 * The rig's connection "ab" and its PSK as VICI requests, equal to what {@code swanctl --load-all}
 * sends for the node's swanctl.conf: lets a test configure a daemon from Java alone.
 */
public final class TunnelConfig {

    public static final String CONNECTION = "ab";
    public static final String CHILD = "net";
    public static final String SECRET_ID = "ike-ab";

    private TunnelConfig() {
    }

    /** The {@code load-conn} request for {@code node}'s side of "ab". */
    public static Message loadConn(CharonNode node) {
        return loadConn(node, "aes128-sha256-modp2048", "aes128gcm16");
    }

    /** As {@link #loadConn(CharonNode)}, with other IKE and ESP proposals. */
    public static Message loadConn(CharonNode node, String ikeProposal, String espProposal) {
        return loadConn(node, ikeProposal, espProposal, node.localTs());
    }

    /** As {@link #loadConn(CharonNode, String, String)}, with another local traffic selector. */
    public static Message loadConn(CharonNode node, String ikeProposal, String espProposal, String localTs) {
        return Message.builder()
                .section(CONNECTION, conn -> conn
                        .put("version", "2")
                        .list("local_addrs", node.address())
                        .list("remote_addrs", node.peerAddress())
                        .list("proposals", ikeProposal)
                        .section("local", local -> local.put("auth", "psk").put("id", node.id()))
                        .section("remote", remote -> remote.put("auth", "psk").put("id", node.peerId()))
                        .section("children", children -> children
                                .section(CHILD, child -> child
                                        .put("mode", "tunnel")
                                        .list("local_ts", localTs)
                                        .list("remote_ts", node.remoteTs())
                                        .list("esp_proposals", espProposal)
                                        .put("start_action", "none"))))
                .build();
    }

    /** The {@code load-shared} request for the PSK both nodes share. */
    public static Message loadShared(CharonNode node) {
        return Message.builder()
                .put("id", SECRET_ID)
                .put("type", "IKE")
                .put("data", node.psk())
                .list("owners", node.id(), node.peerId())
                .build();
    }
}
