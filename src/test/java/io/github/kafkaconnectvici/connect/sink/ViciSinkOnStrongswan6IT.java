package io.github.kafkaconnectvici.connect.sink;

import static io.github.kafkaconnectvici.testkit.charon.CharonDaemon.STRONGSWAN_6;

import io.github.kafkaconnectvici.testkit.charon.RigDaemons;

/** {@link ViciSinkIT} against strongSwan 6.x on both nodes: the sink's commands. */
@RigDaemons(a = STRONGSWAN_6, b = STRONGSWAN_6)
class ViciSinkOnStrongswan6IT extends ViciSinkIT {
}
