package io.github.kafkaconnectvici.connect.source.records;

import static io.github.kafkaconnectvici.testkit.charon.CharonDaemon.STRONGSWAN_6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.RigDaemons;
import io.github.kafkaconnectvici.testkit.charon.TunnelConfig;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.session.CommandFailedException;
import io.github.kafkaconnectvici.vici.session.Event;
import io.github.kafkaconnectvici.vici.session.EventSubscription;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.util.List;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordMapperIT} against strongSwan 6.x on both nodes (typed records equal swanctl --list-sas
 * --raw of the same 6.x daemon), and what only 6.x says: additional key exchanges and the alert event.
 */
@RigDaemons(a = STRONGSWAN_6, b = STRONGSWAN_6)
class RecordMapperOnStrongswan6IT extends RecordMapperIT {

    /** Half of B's 10.98.2.0/24, still holding B's inner address 10.98.2.1. */
    static final String NARROW_LOCAL_TS_OF_B = "10.98.2.0/25";

    private final CharonPair pair;

    RecordMapperOnStrongswan6IT(CharonPair pair) {
        super(pair);
        this.pair = pair;
    }

    @Test
    void additionalKeyExchangesAreTypedAsSwanctlListsThem() {
        for (CharonNode node : List.of(pair.a(), pair.b())) {
            try (ViciClient vici = connect(node)) {
                vici.call("load-conn", TunnelConfig.loadConn(node, "aes128-sha256-modp2048-ke1_ecp256-ke2_curve25519",
                        "aes128gcm16-modp2048-ke1_ecp256"));
            }
        }
        pair.a().swanctl("--initiate", "--child", TunnelConfig.CHILD, "--timeout", "10");
        // The first CHILD_SA rides on IKE_AUTH without a key exchange; a rekey runs the CHILD_SA's own.
        pair.a().swanctl("--rekey", "--child", TunnelConfig.CHILD);
        awaitChildKeyExchange();

        Struct sa = snapshotEntryEqualToSwanctl();

        assertThat(sa.getString("dh_group")).isEqualTo("MODP_2048");
        assertThat(sa.getString("ake1")).isEqualTo("ECP_256");
        assertThat(sa.getString("ake2")).isEqualTo("CURVE_25519");
        Struct child = sa.<Struct>getArray("child_sas").get(0);
        assertThat(child.getString("dh_group")).isEqualTo("MODP_2048");
        assertThat(child.getString("ake1")).isEqualTo("ECP_256");
    }

    @Test
    void listSasChildFiltersMapAsSwanctlListsThem() {
        pair.a().swanctl("--initiate", "--child", TunnelConfig.CHILD, "--timeout", "10");
        Struct all = snapshotEntryEqualToSwanctl();
        long childId = all.<Struct>getArray("child_sas").get(0).getInt64("uniqueid");

        Struct byId = snapshotEntryEqualToSwanctl(Message.builder().put("child-id", childId).build());
        Struct byName = snapshotEntryEqualToSwanctl(Message.builder().put("child", TunnelConfig.CHILD).build());
        Struct byOtherId = snapshotEntryEqualToSwanctl(Message.builder().put("child-id", childId + 1000).build());

        assertThat(byId.<Struct>getArray("child_sas")).extracting(c -> c.getInt64("uniqueid")).containsExactly(childId);
        assertThat(byName.<Struct>getArray("child_sas")).extracting(c -> c.getString("name")).containsExactly(TunnelConfig.CHILD);
        // 6.x still lists the IKE_SA when no CHILD_SA matches, with an empty child-sas section.
        assertThat(byOtherId).isNotNull();
        assertThat(byOtherId.<Struct>getArray("child_sas")).isEmpty();
    }

    @Test
    void aNarrowedTrafficSelectorAlertSharesTheKeyOfItsSasOtherRecords() {
        try (ViciClient onA = connect(pair.a()); ViciClient onB = connect(pair.b());
             EventSubscription events = onA.subscribe("alert", "ike-updown")) {
            // B accepts only half of what A proposes for B's side: A, whose config asked for more, sees it narrowed.
            onB.call("load-conn", TunnelConfig.loadConn(pair.b(), "aes128-sha256-modp2048", "aes128gcm16", NARROW_LOCAL_TS_OF_B));
            pair.a().swanctl("--initiate", "--child", TunnelConfig.CHILD, "--timeout", "10");

            Recorder recorder = new Recorder(events);
            Event up = recorder.await("ike-updown", e -> e.message().contains("up"));
            Event alert = recorder.await("alert", e -> e.message().text("type").filter("ts-narrowed"::equals).isPresent());
            KeyedValue upRecord = new RecordMapper().event(new Envelope("gw-a", up.name(), up.receivedAt(), 1), up.message());
            KeyedValue alertRecord = new RecordMapper().event(new Envelope("gw-a", alert.name(), alert.receivedAt(), 2),
                    alert.message());
            Struct value = record(alert);

            assertThat(value.getString("type")).isEqualTo("TS_NARROWED");
            assertThat(value.getStruct("ike_sa").getString("name")).isEqualTo(TunnelConfig.CONNECTION);
            assertThat(((Struct) alertRecord.key()).getString("ike_sa")).isEqualTo(TunnelConfig.CONNECTION);
            assertThat(alertRecord.key()).as("the alert's key is its IKE_SA's").isEqualTo(upRecord.key());
            System.out.println("real alert from charon " + pair.a().daemon() + ": key " + alertRecord.key() + "\n  value " + value);
        }
    }

    private void awaitChildKeyExchange() {
        awaitListed(pair.a(), sa -> sa.section("child-sas")
                .map(children -> children.size() == 1 && onlyChildOf(children).text("ake1").isPresent()).orElse(false));
    }

    @Test
    void aProposalMismatchRaisesAnAlertOnItsIkeSasPartition() {
        try (ViciClient a = connect(pair.a()); ViciClient b = connect(pair.b());
             EventSubscription alertsOnB = b.subscribe("alert")) {
            a.call("load-conn", TunnelConfig.loadConn(pair.a(), "aes256-sha384-ecp384", "aes128gcm16"));

            assertThatThrownBy(() -> a.call("initiate", Message.builder().put("child", TunnelConfig.CHILD)
                    .put("ike", TunnelConfig.CONNECTION).put("timeout", 10_000).build()))
                    .isInstanceOf(CommandFailedException.class);
            Event alert = new Recorder(alertsOnB).await("alert", e -> true);
            KeyedValue record = new RecordMapper().event(new Envelope("gw-b", alert.name(), alert.receivedAt(), 1), alert.message());
            Struct value = record(alert);

            assertThat(value.getString("type")).isEqualTo("PROPOSAL_MISMATCH_IKE");
            assertThat(value.getString("type_name")).isEqualTo("proposal-mismatch-ike");
            Message section = alert.message().section("ike-sa").orElseThrow();
            String saName = section.keys().iterator().next();
            Message nested = section.section(saName).orElseThrow();
            Struct ikeSa = value.getStruct("ike_sa");
            assertThat(ikeSa.getString("name")).isEqualTo(saName);
            assertThat(ikeSa.getInt64("uniqueid")).isEqualTo(nested.number("uniqueid").orElseThrow());
            assertThat(ikeSa.getString("remote_host")).isEqualTo(pair.a().address());
            assertThat(RecordLeaves.of("alert", value)).isEqualTo(ViciLeaves.of(alert.message()));
            Struct key = (Struct) record.key();
            assertThat(key.getString("ike_sa")).isEqualTo(saName);
            assertThat(key.getInt64("ike_sa_unique_id")).isEqualTo(ikeSa.getInt64("uniqueid"));
            System.out.println("real alert from charon " + pair.b().daemon() + ": key " + key + "\n  value " + value);
        }
    }
}
