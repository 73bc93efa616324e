package io.github.kafkaconnectvici.testkit.charon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The rig itself: a real tunnel between the two daemons, a daemon restart, and a clean teardown. */
@ExtendWith(CharonRigExtension.class)
@TestMethodOrder(OrderAnnotation.class)
class CharonPairIT {

    @Test
    @Order(0)
    void eachNodeRunsTheDaemonItWasGiven(CharonPair pair) {
        for (CharonNode node : List.of(pair.a(), pair.b())) {
            String version = node.daemon() == CharonDaemon.STRONGSWAN_5 ? "5.9." : "6.";
            assertThat(node.swanctl("--version")).as("swanctl of %s", node).contains("strongSwan swanctl " + version);
            assertThat(node.swanctl("--version", "--daemon")).as("daemon of %s", node).contains("strongSwan " + version).contains("charon-systemd");
        }
    }

    @Test
    @Order(1)
    void initiatorBringsUpIkeSaAndChildSaOnBothNodes(CharonPair pair) {
        pair.loadDefaultConfig();

        pair.a().swanctl("--initiate", "--child", "net", "--timeout", "10");

        for (CharonNode node : List.of(pair.a(), pair.b())) {
            assertThat(node.swanctl("--list-sas"))
                    .as("list-sas on %s", node)
                    .containsPattern("(?m)^ab: #\\d+, ESTABLISHED, IKEv2")
                    .containsPattern("(?m)^\\s+net: #\\d+, reqid \\d+, INSTALLED, TUNNEL");
        }
    }

    @Test
    @Order(2)
    void killedDaemonComesBackOnItsSocket(CharonPair pair) {
        CharonNode a = pair.a();
        long oldPid = a.pid();
        assertThat(ProcessHandle.of(oldPid).flatMap(p -> p.info().command()))
                .as("Process.pid() is charon's own pid")
                .contains(a.daemon().hostExecutable().toString());

        a.kill();

        assertThat(a.isRunning()).isFalse();
        assertThat(ProcessHandle.of(oldPid)).isEmpty();

        a.start();

        assertThat(a.isRunning()).isTrue();
        assertThat(a.pid()).isNotEqualTo(oldPid);
        assertThat(a.swanctl("--version")).contains("swanctl");
        assertThat(a.viciUri()).hasToString("unix://" + a.socket());
    }

    @Test
    @Order(3)
    void closeLeavesNoDaemonNamespaceOrDirectoryBehind() {
        CharonPair pair = RigDaemons.Of.start(getClass(), "");
        pair.loadDefaultConfig();
        pair.a().swanctl("--initiate", "--child", "net", "--timeout", "10");
        List<String> namespaces = List.of(pair.a().netns(), pair.b().netns());
        List<Long> pids = List.of(pair.a().pid(), pair.b().pid());
        Path runDir = pair.a().dir().getParent();

        pair.close();
        pair.close();

        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).as("pid %d", pid).isEmpty());
        assertThat(ip("netns", "list")).doesNotContain(namespaces);
        assertThat(ip("-o", "link")).doesNotContain(namespaces);
        if (!Boolean.getBoolean(CharonPair.KEEP_PROPERTY)) {
            assertThat(runDir).doesNotExist();
        }
    }

    @Test
    @Order(4)
    void extraSettingsReachBothDaemons() {
        try (CharonPair pair = RigDaemons.Of.start(getClass(), "charon {\n\tthreads = 9\n}\n")) {
            for (CharonNode node : List.of(pair.a(), pair.b())) {
                assertThat(node.swanctl("--stats")).as("stats of %s", node).contains("worker threads: 9 total");
            }
        }
    }

    private static String ip(String... args) {
        return Exec.check(Duration.ofSeconds(10), Map.of(),
                Stream.concat(Stream.of(CharonRig.ip().toString()), Stream.of(args)).toList());
    }
}
