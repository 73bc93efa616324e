package io.github.kafkaconnectvici.testkit.charon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The two network namespaces and the veth pair between them. Every address lives only inside
 * the namespaces, so the host's own network is never touched.
 */
final class RigNetwork {

    private static final Duration IP_TIMEOUT = Duration.ofSeconds(10);

    // Only namespaces this instance created successfully: a name that was already taken is never deleted.
    private final List<String> created = Collections.synchronizedList(new ArrayList<>());

    static boolean namespaceExists(String name) {
        return Files.exists(Path.of("/run/netns", name));
    }

    /** Builds both namespaces; on failure whatever was created is recorded, so {@link #delete()} can remove it. */
    void create(NodeSpec a, NodeSpec b) {
        for (NodeSpec node : List.of(a, b)) {
            ip("netns", "add", node.netns());
            created.add(node.netns());
        }
        // Created with both ends already inside the namespaces: nothing ever appears in the host namespace,
        // and deleting either namespace deletes the pair.
        ip("link", "add", a.vethName(), "netns", a.netns(), "type", "veth",
                "peer", "name", b.vethName(), "netns", b.netns());
        for (NodeSpec node : List.of(a, b)) {
            ip("-n", node.netns(), "addr", "add", node.address() + "/24", "dev", node.vethName());
            // kernel-libipsec needs a local address inside the CHILD_SA's local_ts.
            ip("-n", node.netns(), "addr", "add", node.innerAddress() + "/32", "dev", "lo");
            ip("-n", node.netns(), "link", "set", "lo", "up");
            ip("-n", node.netns(), "link", "set", node.vethName(), "up");
        }
    }

    /**
     * Deletes the namespaces this instance created (with the veth pair and any TUN device inside).
     * Call it after the daemons are gone: a namespace outlives its name while a process is inside.
     *
     * @return one line per namespace that could not be deleted
     */
    List<String> delete() {
        List<String> problems = new ArrayList<>();
        synchronized (created) {
            for (String netns : List.copyOf(created)) {
                Exec.Result result = Exec.run(IP_TIMEOUT, Map.of(), List.of(CharonRig.ip().toString(), "netns", "del", netns));
                if (result.succeeded() || !namespaceExists(netns)) {
                    created.remove(netns);
                } else {
                    problems.add(result.describe());
                }
            }
        }
        return problems;
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>();
        command.add(CharonRig.ip().toString());
        command.addAll(List.of(args));
        Exec.check(IP_TIMEOUT, Map.of(), command);
    }
}
