package io.github.kafkaconnectvici.vici.session;

import static io.github.kafkaconnectvici.testkit.charon.CharonDaemon.STRONGSWAN_6;

import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.RigDaemons;

/** {@link EventSubscriptionIT} against strongSwan 6.x on both nodes: event subscriptions. */
@RigDaemons(a = STRONGSWAN_6, b = STRONGSWAN_6)
class EventSubscriptionOnStrongswan6IT extends EventSubscriptionIT {

    EventSubscriptionOnStrongswan6IT(CharonPair pair) {
        super(pair);
    }
}
