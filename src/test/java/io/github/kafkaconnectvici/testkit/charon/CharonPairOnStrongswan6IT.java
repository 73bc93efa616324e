package io.github.kafkaconnectvici.testkit.charon;

import static io.github.kafkaconnectvici.testkit.charon.CharonDaemon.STRONGSWAN_6;

/** The rig's own tests with strongSwan 6.x on both nodes. */
@RigDaemons(a = STRONGSWAN_6, b = STRONGSWAN_6)
class CharonPairOnStrongswan6IT extends CharonPairIT {
}
