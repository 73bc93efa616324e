package io.github.kafkaconnectvici.connect.source.runtime;

import org.apache.kafka.connect.data.Struct;

/** An IKE_SA of one gateway as its records key it: config name and unique id. */
record SaId(String name, long uniqueId) {

    /** The id of an IkeSa struct, or null if it has no unique id to key by. */
    static SaId of(Struct ikeSa) {
        if (ikeSa == null || ikeSa.getInt64("uniqueid") == null) {
            return null;
        }
        return new SaId(ikeSa.getString("name"), ikeSa.getInt64("uniqueid"));
    }
}
