package io.github.kafkaconnectvici.connect.source.records;

import static io.github.kafkaconnectvici.testrig.CharonDaemon.STRONGSWAN_6;

import io.github.kafkaconnectvici.testrig.CharonPair;
import io.github.kafkaconnectvici.testrig.RigDaemons;

/** {@link RecordMapperIT} against strongSwan 6.x on both nodes: typed records equal swanctl --list-sas --raw of the same 6.x daemon. */
@RigDaemons(a = STRONGSWAN_6, b = STRONGSWAN_6)
class RecordMapperOnStrongswan6IT extends RecordMapperIT {

    RecordMapperOnStrongswan6IT(CharonPair pair) {
        super(pair);
    }
}
