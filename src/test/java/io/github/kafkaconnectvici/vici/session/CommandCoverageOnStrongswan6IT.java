package io.github.kafkaconnectvici.vici.session;

import static io.github.kafkaconnectvici.testkit.charon.CharonDaemon.STRONGSWAN_6;

import io.github.kafkaconnectvici.testkit.charon.RigDaemons;

/** {@link CommandCoverageIT} against strongSwan 6.x on both nodes: every VICI command the client covers. */
@RigDaemons(a = STRONGSWAN_6, b = STRONGSWAN_6)
class CommandCoverageOnStrongswan6IT extends CommandCoverageIT {
}
