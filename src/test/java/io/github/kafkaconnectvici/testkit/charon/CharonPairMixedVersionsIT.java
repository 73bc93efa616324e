package io.github.kafkaconnectvici.testkit.charon;

import static io.github.kafkaconnectvici.testkit.charon.CharonDaemon.STRONGSWAN_5;
import static io.github.kafkaconnectvici.testkit.charon.CharonDaemon.STRONGSWAN_6;

/** The rig's own tests between versions: a 5.9 initiator (A) and a 6.x responder (B). */
@RigDaemons(a = STRONGSWAN_5, b = STRONGSWAN_6)
class CharonPairMixedVersionsIT extends CharonPairIT {
}
