package io.github.kafkaconnectvici.connect.source.records;

import static io.github.kafkaconnectvici.testkit.charon.CharonDaemon.STRONGSWAN_5;
import static io.github.kafkaconnectvici.testkit.charon.CharonDaemon.STRONGSWAN_6;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.RigDaemons;
import io.github.kafkaconnectvici.testkit.charon.TunnelConfig;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordMapperIT} on a 5.9.8 initiator (A) and a 6.x responder (B), and the one IKE_SA they
 * share as each version lists it: both map to the same typed fields, mirrored where the side matters.
 */
@RigDaemons(a = STRONGSWAN_5, b = STRONGSWAN_6)
class RecordMapperMixedVersionsIT extends RecordMapperIT {

    /** Set only on the initiator's side (charon omits false conditions). */
    private static final Set<String> INITIATOR_ONLY = Set.of("initiator");

    private final CharonPair pair;

    RecordMapperMixedVersionsIT(CharonPair pair) {
        super(pair);
        this.pair = pair;
    }

    @Test
    void bothVersionsMapTheirSharedSaToTheSameTypedFields() {
        pair.a().swanctl("--initiate", "--child", TunnelConfig.CHILD, "--timeout", "10");

        Struct onA = listedSa(pair.a());
        Struct onB = listedSa(pair.b());

        assertThat(typedFields(onA)).as("typed fields of 5.9.8's record, less those only an initiator has")
                .isEqualTo(typedFields(onB));
        for (String same : List.of("version", "state", "initiator_spi", "responder_spi", "encr_alg", "encr_keysize",
                "integ_alg", "prf_alg", "dh_group", "name")) {
            assertThat(onB.get(same)).as(same).isEqualTo(onA.get(same));
        }
        assertThat(onA.get("local_host")).isEqualTo(onB.get("remote_host"));
        assertThat(onA.get("remote_host")).isEqualTo(onB.get("local_host"));
        assertThat(onA.get("local_id")).isEqualTo(onB.get("remote_id"));
        assertThat(onA.getBoolean("initiator")).isTrue();
        assertThat(onB.get("initiator")).isNull();

        Struct childA = onA.<Struct>getArray("child_sas").get(0);
        Struct childB = onB.<Struct>getArray("child_sas").get(0);
        assertThat(typedFields(childA)).isEqualTo(typedFields(childB));
        assertThat(childA.get("spi_in")).isEqualTo(childB.get("spi_out"));
        assertThat(childA.get("spi_out")).isEqualTo(childB.get("spi_in"));
        assertThat(childA.get("local_ts")).isEqualTo(childB.get("remote_ts"));
        for (String same : List.of("name", "state", "mode", "protocol", "encr_alg", "encr_keysize")) {
            assertThat(childB.get(same)).as("CHILD_SA " + same).isEqualTo(childA.get(same));
        }
    }

    private Struct listedSa(CharonNode node) {
        try (ViciClient vici = connect(node)) {
            List<Message> events = vici.streamAll("list-sas", Message.EMPTY, "list-sa").events();
            assertThat(events).as("IKE_SAs on %s", node).hasSize(1);
            KeyedValue record = new RecordMapper().snapshotEntry(new Envelope(node.name(), "list-sa", Instant.now(), 1),
                    new SnapshotPosition("mixed", 0, true, 1L), events.get(0));
            Struct value = (Struct) record.value();
            value.validate();
            assertThat(OtherCollector.all(value)).as("untyped keys from %s", node).isEmpty();
            return value.getStruct("ike_sa");
        }
    }

    /** The names of the fields that hold a value (what the daemon said), less the initiator-only ones. */
    private static Set<String> typedFields(Struct struct) {
        Set<String> names = new TreeSet<>();
        for (Field field : struct.schema().fields()) {
            if (struct.get(field) != null && !INITIATOR_ONLY.contains(field.name())) {
                names.add(field.name());
            }
        }
        return names;
    }
}
