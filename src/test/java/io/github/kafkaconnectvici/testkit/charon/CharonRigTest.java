package io.github.kafkaconnectvici.testkit.charon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The parts of the rig that need neither root nor charon. */
class CharonRigTest {

    private static final List<String> MISSING = List.of("root (uid 0)", "/usr/sbin/charon-systemd");

    @Test
    void nothingMissingLetsTheTestRun() {
        assertThatCode(() -> CharonRig.decide(List.of(), true)).doesNotThrowAnyException();
    }

    @Test
    void missingPrerequisitesSkipOnADeveloperMachine() {
        assertThatThrownBy(() -> CharonRig.decide(MISSING, false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("root (uid 0)")
                .hasMessageContaining("/usr/sbin/charon-systemd");
    }

    @Test
    void missingPrerequisitesFailOnCi() {
        assertThatThrownBy(() -> CharonRig.decide(MISSING, true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("CI is set")
                .hasMessageContaining("/usr/sbin/charon-systemd");
    }

    @Test
    void swanctlConfOfEachNodeMirrorsTheOther() {
        String a = Templates.render("swanctl.conf.template", NodeSpec.a("t0st").swanctlValues("s3cret"));
        String b = Templates.render("swanctl.conf.template", NodeSpec.b("t0st").swanctlValues("s3cret"));

        assertThat(a).contains("local_addrs = 10.99.0.1", "remote_addrs = 10.99.0.2", "id = a.test",
                "local_ts = 10.98.1.0/24", "remote_ts = 10.98.2.0/24", "secret = \"s3cret\"").doesNotContain("@");
        assertThat(b).contains("local_addrs = 10.99.0.2", "remote_addrs = 10.99.0.1", "id = b.test",
                "local_ts = 10.98.2.0/24", "remote_ts = 10.98.1.0/24").doesNotContain("@");
    }

    @Test
    void strongswanConfPutsSocketAndLogInTheNodeDirectory() {
        String conf = Templates.render("strongswan.conf.template", Map.of("DIR", "/tmp/kcv-t0st/A"));

        assertThat(conf).contains("socket = unix:///tmp/kcv-t0st/A/charon.vici", "path = /tmp/kcv-t0st/A/charon.log")
                .containsPattern("load = .*kernel-libipsec!? kernel-netlink .*counters!? updown");
    }

    @Test
    void extraSettingsFollowTheTemplateSoThatTheyOverrideIt() {
        Path dir = Path.of("/tmp/kcv-t0st/A");
        String plain = Templates.render("strongswan.conf.template", Map.of("DIR", dir.toString()));
        String extra = "charon {\n\tthreads = 32\n\tfilelog {\n\t\tmain {\n\t\t\tike = 0\n\t\t}\n\t}\n}";

        assertThat(CharonNode.strongswanConf(dir, "")).isEqualTo(plain);
        assertThat(CharonNode.strongswanConf(dir, extra)).startsWith(plain).endsWith(extra + "\n");
    }

    @Test
    void templatePlaceholdersAndValuesMustMatch() {
        assertThatThrownBy(() -> Templates.fill("t", "a = @A@ b = @B@", Map.of("A", "1")))
                .hasMessageContaining("@B@");
        assertThatThrownBy(() -> Templates.fill("t", "a = @A@", Map.of("A", "1", "TYPO", "2")))
                .hasMessageContaining("TYPO");
    }

    @Test
    void aMissingStrongswan6RootIsNamedWithHowToBuildIt(@org.junit.jupiter.api.io.TempDir Path empty) {
        assertThat(CharonDaemon.missingRoot(empty)).hasValueSatisfying(reason -> assertThat(reason)
                .contains(empty.toString()).contains(".ci/charon6-root").contains("CHARON6_ROOT"));
        assertThat(CharonDaemon.STRONGSWAN_5.missingPrerequisites()).isEmpty();
    }

    @Test
    void aStrongswan6DaemonExecsIntoChrootAndItsSwanctlRunsBesideIt() {
        Path dir = Path.of("/tmp/kcv-t0st/B");
        Path root = CharonDaemon.STRONGSWAN_6.root();

        List<String> daemon = CharonDaemon.STRONGSWAN_6.daemonCommand(dir);

        assertThat(daemon).startsWith("/bin/sh", "-c").endsWith(root.toString(), dir.toString());
        assertThat(daemon.get(2)).contains("mount --bind \"$1\" \"$0$1\"").contains("exec chroot \"$0\" /usr/sbin/charon-systemd")
                .doesNotContain("&");
        assertThat(CharonDaemon.STRONGSWAN_6.hostExecutable()).isEqualTo(root.resolve("usr/sbin/charon-systemd"));
        assertThat(CharonDaemon.STRONGSWAN_6.swanctlCommand(4242)).containsSubsequence("--target", "4242", "--mount", "chroot",
                root.toString(), "/usr/sbin/swanctl");
        assertThat(CharonDaemon.STRONGSWAN_5.daemonCommand(dir)).containsExactly("/usr/sbin/charon-systemd");
    }

    @Test
    void interfaceNamesFitTheKernelLimit() {
        assertThat(NodeSpec.a("t0st").vethName()).hasSizeLessThanOrEqualTo(15);
        assertThat(NodeSpec.b("t0st").vethName()).hasSizeLessThanOrEqualTo(15);
    }
}
