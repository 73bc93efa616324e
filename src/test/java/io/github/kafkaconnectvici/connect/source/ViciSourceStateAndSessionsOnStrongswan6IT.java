package io.github.kafkaconnectvici.connect.source;

import static io.github.kafkaconnectvici.testkit.charon.CharonDaemon.STRONGSWAN_6;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.RigDaemons;
import org.junit.jupiter.api.Test;

/** The same current state, sessions and tombstones with two strongSwan 6.x daemons. */
@RigDaemons(a = STRONGSWAN_6, b = STRONGSWAN_6)
class ViciSourceStateAndSessionsOnStrongswan6IT extends ViciSourceStateAndSessionsIT {

    @Test
    void bothDaemonsAreStrongswan6(CharonPair pair) {
        assertThat(pair.a().daemon()).isEqualTo(STRONGSWAN_6);
        assertThat(pair.b().daemon()).isEqualTo(STRONGSWAN_6);
        assertThat(pair.a().swanctl("--version")).contains("6.");
    }
}
