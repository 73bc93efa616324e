package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.testkit.charon.TunnelConfig;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The typed helpers drive a whole tunnel lifecycle against real charon daemons. */
@ExtendWith(CharonRigExtension.class)
class CharonCommandsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void aTunnelLifecycleThroughTypedHelpers(CharonPair pair) {
        pair.a().restart();
        pair.b().restart();
        pair.b().swanctl("--load-all");
        try (ViciClient client = ViciClient.connect(pair.a().viciUri().toString())) {
            CharonCommands charon = new CharonCommands(client);

            DaemonVersion version = charon.version();
            assertThat(version.daemon()).isEqualTo("charon-systemd");
            assertThat(version.version()).matches("\\d+\\.\\d+\\.\\d+.*");

            charon.loadConn("ab", TunnelConfig.loadConn(pair.a()).section("ab").orElseThrow());
            charon.loadShared(TunnelConfig.SECRET_ID, "IKE", pair.a().psk().getBytes(StandardCharsets.UTF_8),
                    List.of(pair.a().id(), pair.a().peerId()));
            assertThat(charon.getConns()).containsExactly("ab");
            assertThat(charon.getShared()).containsExactly(TunnelConfig.SECRET_ID);
            assertThat(charon.listConns()).singleElement().satisfies(c -> assertThat(c.keys()).containsExactly("ab"));

            List<Message> log = new ArrayList<>();
            charon.initiateChild("net", "ab", TIMEOUT, log::add);
            assertThat(log).anySatisfy(l -> assertThat(l.text("msg").orElseThrow()).contains("IKE_SA ab[").contains("established"));

            List<Message> sas = charon.listSas();
            assertThat(sas).singleElement().satisfies(sa -> assertThat(sa.section("ab").flatMap(s -> s.text("state"))).contains("ESTABLISHED"));
            long uniqueId = sas.get(0).section("ab").orElseThrow().number("uniqueid").orElseThrow();

            assertThat(charon.rekeyChild("net")).isEqualTo(1);
            assertThat(charon.getCounters(null).section("").orElseThrow().number("ike-auth-out-req")).hasValue(1);

            assertThat(charon.terminateIke(uniqueId, TIMEOUT)).isEqualTo(1);
            assertThat(charon.listSas()).isEmpty();
            assertThatThrownBy(() -> charon.terminateIke("ab", TIMEOUT))
                    .isInstanceOfSatisfying(CommandFailedException.class, e -> assertThat(e.response().number("matches")).hasValue(0));

            charon.unloadConn("ab");
            charon.unloadShared(TunnelConfig.SECRET_ID);
            assertThat(charon.getConns()).isEmpty();
            assertThat(charon.getShared()).isEmpty();
        }
    }
}
