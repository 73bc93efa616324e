package io.github.kafkaconnectvici.connect.source.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.github.kafkaconnectvici.vici.codec.Message;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** strongSwan 6's alert event and list-sa keys: typed, keyed by the IKE_SA, unknown types kept. */
class AlertRecordTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-02T04:00:00Z");

    private final RecordMapper mapper = new RecordMapper();

    private KeyedValue alert(Message event) {
        KeyedValue record = mapper.event(new Envelope("gw-b", "alert", RECEIVED, 7), event);
        ((Struct) record.key()).validate();
        ((Struct) record.value()).validate();
        return record;
    }

    // Shaped like charon 6.1's proposal-mismatch-ike on a responder: the IKE_SA is still CONNECTING.
    private static Message proposalMismatch() {
        return Message.builder()
                .put("type", "proposal-mismatch-ike")
                .section("ike-sa", s -> s.section("ab", sa -> sa.put("uniqueid", "3").put("version", "2")
                        .put("state", "CONNECTING").put("local-host", "10.99.0.2").put("local-port", "500")
                        .put("remote-host", "10.99.0.1").put("remote-port", "500")
                        .put("initiator-spi", "0a1b2c3d4e5f6071").put("responder-spi", "0000000000000000")))
                .build();
    }

    @Test
    void anAlertAboutAnIkeSaIsTypedAndKeyedByThatSa() {
        KeyedValue record = alert(proposalMismatch());

        assertThat(record.valueSchema()).isSameAs(RecordSchemas.ALERT);
        Struct key = (Struct) record.key();
        assertThat(key.getString("gateway")).isEqualTo("gw-b");
        assertThat(key.getString("ike_sa")).isEqualTo("ab");
        assertThat(key.getInt64("ike_sa_unique_id")).isEqualTo(3L);
        Struct value = (Struct) record.value();
        assertThat(value.getString("event")).isEqualTo("alert");
        assertThat(value.getString("type")).isEqualTo("PROPOSAL_MISMATCH_IKE");
        assertThat(value.getString("type_name")).isEqualTo("proposal-mismatch-ike");
        Struct sa = value.getStruct("ike_sa");
        assertThat(sa.getString("name")).isEqualTo("ab");
        assertThat(sa.getString("state")).isEqualTo("CONNECTING");
        assertThat(sa.getInt32("remote_port")).isEqualTo(500);
        assertThat(sa.get("other")).isNull();
        assertThat(value.get("other")).isNull();
    }

    @Test
    void anAlertAboutNoSaIsKeyedByTheGatewayAlone() {
        KeyedValue record = alert(Message.builder().put("type", "shutdown-signal").build());

        Struct key = (Struct) record.key();
        assertThat(key.getString("gateway")).isEqualTo("gw-b");
        assertThat(key.get("ike_sa")).isNull();
        assertThat(key.get("ike_sa_unique_id")).isNull();
        Struct value = (Struct) record.value();
        assertThat(value.getString("type")).isEqualTo("SHUTDOWN_SIGNAL");
        assertThat(value.get("ike_sa")).isNull();
        assertThat(value.get("other")).isNull();
    }

    @Test
    void aTypeOfANewerStrongswanIsUnknownAndKeptByName() {
        Struct value = (Struct) alert(Message.builder().put("type", "quantum-decoherence").build()).value();

        assertThat(value.getString("type")).isEqualTo("UNKNOWN");
        assertThat(value.getString("type_name")).isEqualTo("quantum-decoherence");
    }

    @Test
    void oddShapesAreKeptInOther() {
        Message event = Message.builder()
                .list("type", "cert-expired", "cert-revoked")
                .section("ike-sa", s -> s.put("note", "x").section("ab", sa -> sa.put("uniqueid", "4"))
                        .section("cd", sa -> sa.put("uniqueid", "5")))
                .put("extra", "y")
                .build();

        KeyedValue record = alert(event);

        Struct value = (Struct) record.value();
        assertThat(value.get("type")).isNull();
        assertThat(value.getStruct("ike_sa").getInt64("uniqueid")).isEqualTo(4L);
        assertThat(((Struct) record.key()).getInt64("ike_sa_unique_id")).isEqualTo(4L);
        assertThat(value.<String, String>getMap("other")).containsOnly(
                entry("type[0]", "cert-expired"), entry("type[1]", "cert-revoked"),
                entry("ike-sa/note", "x"), entry("ike-sa/cd/uniqueid", "5"), entry("extra", "y"));
    }

    @ParameterizedTest
    @EnumSource(AlertType.class)
    void everyDocumentedTypeHasItsOwnSymbol(AlertType type) {
        if (type == AlertType.UNKNOWN) {
            assertThat(AlertType.of("unknown")).isEqualTo(AlertType.UNKNOWN);
            return;
        }
        assertThat(type.wireName()).matches("[a-z]+(-[a-z]+)*");
        assertThat(AlertType.of(type.wireName())).isSameAs(type);
        assertThat(RecordSchemas.ALERT.field("type").schema().parameters())
                .containsEntry("io.confluent.connect.avro.Enum." + type.name(), type.name());
    }

    @Test
    void theDocumentedTypesAreThoseOfStrongswan606() {
        Set<String> names = Arrays.stream(AlertType.values()).filter(t -> t != AlertType.UNKNOWN)
                .map(AlertType::wireName).collect(Collectors.toSet());

        assertThat(names).hasSize(33).contains("authorization-failed", "cert-exceeded-path-len", "half-open-timeout",
                "keep-on-child-sa-failure", "retransmit-send-cleared", "ts-narrowed", "unique-replace", "vip-failure");
    }

    @Test
    void strongswan6ListSaKeysAreTyped() {
        Message sa = Message.builder().put("uniqueid", "9").put("dh-group", "CURVE_25519").put("ake1", "ML_KEM_768")
                .put("ake7", "ECP_256")
                .section("child-sas", c -> c.section("net-2", child -> child.put("name", "net").put("uniqueid", "2")
                        .put("per-cpu-sas", "yes").put("cpu", "1").put("dh-group", "CURVE_25519").put("ake2", "ML_KEM_512")))
                .build();

        KeyedValue record = mapper.snapshotEntry(new Envelope("gw-b", "list-sa", RECEIVED, 8),
                new SnapshotPosition("s1", 0, true, 1L), Message.builder().section("ab", sa).build());

        Struct ikeSa = ((Struct) record.value()).getStruct("ike_sa");
        assertThat(ikeSa.getString("ake1")).isEqualTo("ML_KEM_768");
        assertThat(ikeSa.getString("ake7")).isEqualTo("ECP_256");
        assertThat(ikeSa.get("ake2")).isNull();
        Struct child = ikeSa.<Struct>getArray("child_sas").get(0);
        assertThat(child.getString("per_cpu_sas")).isEqualTo("yes");
        assertThat(child.getInt64("cpu")).isEqualTo(1L);
        assertThat(child.getString("ake2")).isEqualTo("ML_KEM_512");
        assertThat(child.get("other")).isNull();
        assertThat(ikeSa.get("other")).isNull();
    }
}
