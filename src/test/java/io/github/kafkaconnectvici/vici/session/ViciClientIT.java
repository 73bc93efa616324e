package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonDaemon;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.testkit.charon.SwanctlRaw;
import io.github.kafkaconnectvici.testkit.charon.TunnelConfig;
import io.github.kafkaconnectvici.vici.ViciEvent;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Commands against two real charon daemons with a real IKE_SA and CHILD_SA between them. */
@ExtendWith(CharonRigExtension.class)
class ViciClientIT {

    /** Values charon computes from the clock at the moment it answers. */
    private static final Set<String> CLOCK_VALUES =
            Set.of("established", "rekey-time", "reauth-time", "life-time", "install-time", "use-in", "use-out");

    private final CharonPair pair;

    ViciClientIT(CharonPair pair) {
        this.pair = pair;
    }

    @BeforeEach
    void freshDaemons() {
        pair.a().restart();
        pair.b().restart();
    }

    private static ViciClient connect(CharonNode node) {
        return ViciClient.builder().uri(node.viciUri().toString()).commandTimeout(Duration.ofSeconds(15)).connect();
    }

    @Test
    void versionAndStatsDescribeTheRunningDaemon() throws Exception {
        try (ViciClient vici = connect(pair.a())) {
            Message version = vici.call("version");
            Message stats = vici.call("stats");

            assertThat(version.text("daemon")).contains("charon-systemd");
            assertThat(pair.a().swanctl("--version")).contains("strongSwan swanctl " + version.text("version").orElseThrow());
            assertThat(version.text("sysname")).contains("Linux");
            assertThat(version.text("release")).contains(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());

            Matcher workers = Pattern.compile("worker threads: (\\d+) total").matcher(pair.a().swanctl("--stats"));
            assertThat(workers.find()).isTrue();
            Message workersSection = stats.section("workers").orElseThrow();
            assertThat(workersSection.number("total")).hasValue(Long.parseLong(workers.group(1)));
            assertThat(stats.section("ikesas").orElseThrow().number("total")).hasValue(0);
            assertThat(stats.list("plugins").orElseThrow()).contains("vici", "counters", "kernel-libipsec");
            assertThat(stats.section("uptime").flatMap(u -> u.text("since"))).isPresent();
            assertThat(stats.section("mem")).as("absent optional section").isEmpty();
        }
    }

    @Test
    void connectionAndPskLoadedFromJavaBringUpTheTunnel() {
        pair.b().swanctl("--load-all");
        try (ViciClient vici = connect(pair.a())) {
            assertThat(vici.call("load-conn", TunnelConfig.loadConn(pair.a())).text("success")).contains("yes");
            assertThat(vici.call("load-shared", TunnelConfig.loadShared(pair.a())).text("success")).contains("yes");

            assertThat(vici.call("get-conns").list("conns")).contains(List.of("ab"));
            assertThat(vici.call("get-shared").list("keys")).contains(List.of(TunnelConfig.SECRET_ID));
            assertThat(pair.a().swanctl("--list-conns")).contains("ab: IKEv2").contains("net: TUNNEL");

            List<Message> controlLog = new ArrayList<>();
            Message response = vici.stream("initiate",
                    Message.builder().put("child", "net").put("ike", "ab").put("timeout", 10_000).build(),
                    "control-log", controlLog::add);

            assertThat(response.flag("success")).contains(true);
            assertThat(controlLog).isNotEmpty();
            assertThat(controlLog).anySatisfy(log -> assertThat(log.text("msg").orElseThrow())
                    .contains("CHILD_SA net{").contains("established"));
            assertThat(controlLog).allSatisfy(log -> assertThat(log.number("level")).isPresent());
        }
        String sasOnB = pair.b().swanctl("--list-sas");
        assertThat(sasOnB).containsPattern("(?m)^ab: #\\d+, ESTABLISHED, IKEv2").containsPattern("net: #\\d+, reqid \\d+, INSTALLED");
    }

    @Test
    void listSasStreamedFromJavaCarriesWhatSwanctlRawShows() {
        pair.loadDefaultConfig();
        pair.a().swanctl("--initiate", "--child", "net", "--timeout", "10");
        try (ViciClient vici = connect(pair.a())) {
            StreamedResponse listed = vici.streamAll("list-sas", Message.EMPTY, "list-sa");
            List<SwanctlRaw.Dump> dumps = SwanctlRaw.parse(pair.a().swanctl("--list-sas", "--raw"));

            List<Message> swanctlEvents = dumps.stream().filter(d -> d.label().equals("list-sa event")).map(SwanctlRaw.Dump::message).toList();
            assertThat(listed.events()).hasSize(1).hasSameSizeAs(swanctlEvents);
            assertThat(listed.response()).isEqualTo(Message.EMPTY);
            assertSameExceptClock(listed.events().get(0), swanctlEvents.get(0), "");

            Message sa = listed.events().get(0).section("ab").orElseThrow();
            assertThat(sa.text("state")).contains("ESTABLISHED");
            assertThat(sa.text("remote-host")).contains("10.99.0.2");
            assertThat(sa.flag("initiator")).contains(true);
            Message child = sa.section("child-sas").orElseThrow().entries().values().stream()
                    .map(Message.class::cast).findFirst().orElseThrow();
            assertThat(child.text("state")).contains("INSTALLED");
            assertThat(child.list("local-ts")).contains(List.of("10.98.1.0/24"));
            assertThat(child.number("bytes-in")).isPresent();
        }
    }

    /** Equal trees, but for values charon derives from the clock, which may move on by a second. */
    private static void assertSameExceptClock(Message ours, Message theirs, String path) {
        assertThat(ours.keys()).as("keys at '%s'", path).containsExactlyElementsOf(theirs.keys());
        for (String key : ours.keys()) {
            String at = path + "/" + key;
            // section() throws on a value: ask the node's type (a differing clock value below recursed into it).
            if (ours.node(key).orElseThrow() instanceof Message && !ours.node(key).orElseThrow().equals(theirs.node(key).orElseThrow())) {
                assertSameExceptClock(ours.section(key).orElseThrow(), theirs.section(key).orElseThrow(), at);
            } else if (CLOCK_VALUES.contains(key)) {
                assertThat(ours.number(key).orElseThrow()).as(at).isCloseTo(theirs.number(key).orElseThrow(), within(2L));
            } else {
                assertThat(ours.node(key)).as(at).isEqualTo(theirs.node(key));
            }
        }
    }

    @Test
    void failuresAreTypedAndLeaveTheClientUsable() {
        pair.loadDefaultConfig();
        try (ViciClient vici = connect(pair.a())) {
            assertThatThrownBy(() -> vici.call("no-such-command"))
                    .isInstanceOf(UnknownCommandException.class)
                    .hasMessageContaining("no-such-command");
            assertThatThrownBy(() -> vici.subscribe("ike-updown", "ike-state-established"))
                    .isInstanceOf(UnknownEventException.class)
                    .hasMessageContaining("ike-state-established");
            assertThatThrownBy(() -> vici.call("initiate",
                    Message.builder().put("child", "no-such-child").put("timeout", 5000).build()))
                    .isInstanceOfSatisfying(CommandFailedException.class, e -> {
                        assertThat(e.errmsg()).hasValueSatisfying(m -> assertThat(m).contains("no-such-child"));
                        assertThat(e.response().flag("success")).contains(false);
                    });

            assertThat(vici.call("version").text("daemon")).contains("charon-systemd");
        }
    }

    @Test
    void alertIsUnknownTo59AndSubscribableOn6x() {
        try (ViciClient vici = connect(pair.a())) {
            if (pair.a().daemon() == CharonDaemon.STRONGSWAN_5) {
                assertThatThrownBy(() -> vici.subscribe(ViciEvent.ALERT.wireName()))
                        .isInstanceOf(UnknownEventException.class).hasMessageContaining("alert");
            } else {
                try (EventSubscription alerts = vici.subscribe(ViciEvent.ALERT.wireName())) {
                    assertThat(alerts.registeredEvents()).containsExactly("alert");
                    assertThat(alerts.state()).isEqualTo(EventSubscription.State.CONNECTED);
                }
            }
        }
    }

    @Test
    void aDeadlineDiscardsTheConnectionAndTheNextCommandIsUnaffected() {
        pair.b().stop();
        pair.a().swanctl("--load-all");
        try (ViciClient vici = ViciClient.builder().uri(pair.a().viciUri().toString()).maxConnections(1).connect()) {
            // timeout 0 makes charon wait for the IKE exchange forever; B is gone, so it never ends
            Message forever = Message.builder().put("child", "net").put("timeout", 0).build();

            assertThatThrownBy(() -> vici.call("initiate", forever, Duration.ofMillis(800)))
                    .isInstanceOf(ViciTimeoutException.class)
                    .hasMessageContaining("'initiate'")
                    .hasMessageContaining("512 KiB");

            assertThat(vici.call("version").text("daemon")).contains("charon-systemd");
            assertThat(vici.streamAll("list-sas", Message.EMPTY, "list-sa").events())
                    .singleElement()
                    .satisfies(sa -> assertThat(sa.section("ab").flatMap(s -> s.text("state"))).contains("CONNECTING"));
        } finally {
            pair.b().start();
        }
    }

    @Test
    void concurrentCallersGetTheirOwnAnswers() throws Exception {
        pair.loadDefaultConfig();
        pair.a().swanctl("--initiate", "--child", "net", "--timeout", "10");
        try (ViciClient vici = ViciClient.builder().uri(pair.a().viciUri().toString()).maxConnections(3).connect()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Void>> work = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    work.add(() -> {
                        for (int i = 0; i < 25; i++) {
                            assertThat(vici.call("version").text("daemon")).contains("charon-systemd");
                            assertThat(vici.call("get-conns").list("conns")).contains(List.of("ab"));
                            assertThat(vici.streamAll("list-sas", Message.EMPTY, "list-sa").events())
                                    .singleElement().satisfies(sa -> assertThat(sa.keys()).containsExactly("ab"));
                        }
                        return null;
                    });
                }
                for (Future<Void> done : pool.invokeAll(work)) {
                    done.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aRestartedDaemonIsReachedOnAFreshConnection() {
        try (ViciClient vici = connect(pair.a())) {
            assertThat(vici.call("version").text("daemon")).contains("charon-systemd");
            long before = pair.a().pid();
            pair.a().restart();

            assertThat(pair.a().pid()).isNotEqualTo(before);
            assertThat(vici.call("version").text("daemon")).contains("charon-systemd");
        }
    }
}
