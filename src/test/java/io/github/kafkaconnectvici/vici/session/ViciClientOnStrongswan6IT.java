package io.github.kafkaconnectvici.vici.session;

import static io.github.kafkaconnectvici.testkit.charon.CharonDaemon.STRONGSWAN_6;

import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.RigDaemons;

/** {@link ViciClientIT} against strongSwan 6.x on both nodes: the client's commands, events and unknown-event handling. */
@RigDaemons(a = STRONGSWAN_6, b = STRONGSWAN_6)
class ViciClientOnStrongswan6IT extends ViciClientIT {

    ViciClientOnStrongswan6IT(CharonPair pair) {
        super(pair);
    }
}
