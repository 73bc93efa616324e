package io.github.kafkaconnectvici.connect.source.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Value;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Missing, malformed, unknown and newer-strongSwan input: typed where it fits, kept in other where not. */
class RecordMapperEdgeCasesTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-25T10:00:00.250Z");

    private final RecordMapper mapper = new RecordMapper();

    private static Envelope envelope(String event) {
        return new Envelope("gw-b", event, RECEIVED, 3);
    }

    private Struct map(String event, Message message) {
        KeyedValue record = mapper.event(envelope(event), message);
        ((Struct) record.key()).validate();
        Struct value = (Struct) record.value();
        value.validate();
        return value;
    }

    private Struct updownSa(Message.Builder sa) {
        return map("ike-updown", Message.builder().put("up", "yes").section("ab", sa.build()).build()).getStruct("ike_sa");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ike-updown", "child-updown", "ike-rekey", "child-rekey", "ike-update", "log", "control-log",
            "alert", "ike-state-established"})
    void anEmptyEventGivesARecordWithEnvelopeOnlyAndAGatewayKey(String event) {
        KeyedValue record = mapper.event(envelope(event), Message.EMPTY);
        Struct value = (Struct) record.value();
        value.validate();

        assertThat(value.getString("gateway")).isEqualTo("gw-b");
        assertThat(value.getString("event")).isEqualTo(event);
        assertThat(value.getInt64("sequence")).isEqualTo(3L);
        Struct key = (Struct) record.key();
        assertThat(key.getString("gateway")).isEqualTo("gw-b");
        assertThat(key.get("ike_sa")).isNull();
        assertThat(key.get("ike_sa_unique_id")).isNull();
        if (value.schema().field("up") != null) {
            assertThat(value.getBoolean("up")).isFalse();
        }
    }

    @Test
    void valuesThatDoNotParseAsTheirTypeAreKeptAsSentInOther() {
        Struct sa = updownSa(Message.builder()
                .put("uniqueid", "x1")
                .put("version", "2.0")
                .put("local-port", "+500")
                .put("remote-port", "0500")
                .put("encr-keysize", "4294967296")
                .put("initiator", "maybe")
                .put("nat-any", "YES")
                .put("established", "12s")
                .put("tasks-active", "IKE_AUTH")
                .list("local-id", "a", "b")
                .section("state", s -> s.put("name", "ESTABLISHED")));

        assertThat(sa.get("uniqueid")).isNull();
        assertThat(sa.get("version")).isNull();
        assertThat(sa.get("established_at")).isNull();
        assertThat(sa.<String, String>getMap("other")).containsExactly(
                entry("uniqueid", "x1"),
                entry("version", "2.0"),
                entry("local-port", "+500"),
                entry("remote-port", "0500"),
                entry("encr-keysize", "4294967296"),
                entry("initiator", "maybe"),
                entry("nat-any", "YES"),
                entry("established", "12s"),
                entry("tasks-active", "IKE_AUTH"),
                entry("local-id[0]", "a"),
                entry("local-id[1]", "b"),
                entry("state/name", "ESTABLISHED"));
    }

    @Test
    void aSaWithoutAUsableUniqueIdIsKeyedByNameAlone() {
        KeyedValue record = mapper.event(envelope("ike-updown"),
                Message.builder().section("ab", sa -> sa.put("uniqueid", "-")).build());

        Struct key = (Struct) record.key();
        assertThat(key.getString("ike_sa")).isEqualTo("ab");
        assertThat(key.get("ike_sa_unique_id")).isNull();
    }

    @Test
    void textThatIsNotUtf8IsKeptAsBase64() {
        byte[] latin1 = {'M', (byte) 0xfc, 'n', 'c', 'h', 'e', 'n'};
        Struct sa = updownSa(Message.builder().put("remote-id", latin1).put("local-id", "M\u00fcnchen"));

        assertThat(sa.getString("local_id")).isEqualTo("M\u00fcnchen");
        assertThat(sa.get("remote_id")).isNull();
        assertThat(sa.<String, String>getMap("other")).containsExactly(entry("remote-id#base64", "TfxuY2hlbg=="));
    }

    @Test
    void ikev1FieldsAreTyped() {
        Struct sa = updownSa(Message.builder()
                .put("uniqueid", "5").put("version", "1").put("state", "ESTABLISHED")
                .put("local-host", "192.0.2.1").put("local-port", "500").put("remote-id", "192.0.2.2")
                .put("remote-xauth-id", "alice").put("initiator-spi", "0a1b2c3d4e5f6071").put("responder-spi", "0000000000000000")
                .put("nat-local", "yes").put("nat-fake", "yes").put("encr-alg", "3DES_CBC").put("integ-alg", "HMAC_SHA1_96")
                .put("prf-alg", "PRF_HMAC_SHA1").put("dh-group", "MODP_1024").put("established", "30").put("reauth-time", "3570")
                .list("remote-vips", "10.3.0.1").list("tasks-queued", "QUICK_MODE").list("tasks-passive", "ISAKMP_DPD"));

        assertThat(sa.getInt32("version")).isEqualTo(1);
        assertThat(sa.getString("remote_xauth_id")).isEqualTo("alice");
        assertThat(sa.getBoolean("nat_local")).isTrue();
        assertThat(sa.getBoolean("nat_fake")).isTrue();
        assertThat(sa.get("encr_keysize")).as("3DES has no key size key").isNull();
        assertThat(sa.getInt64("reauth_time")).isEqualTo(3570L);
        assertThat(sa.get("reauth_at")).isEqualTo(Date.from(RECEIVED.plusSeconds(3570)));
        assertThat(sa.get("established_at")).isEqualTo(Date.from(RECEIVED.minusSeconds(30)));
        assertThat(sa.getArray("remote_vips")).containsExactly("10.3.0.1");
        assertThat(sa.getArray("tasks_queued")).containsExactly("QUICK_MODE");
        assertThat(sa.get("other")).isNull();
    }

    @Test
    void newerStrongswanKeysAtAnyDepthLandInOther() {
        Message event = Message.builder().put("up", "yes").put("cause", "peer")
                .section("ab", sa -> sa.put("uniqueid", "1").put("ppk", "yes").put("if-id-in", "0000002a")
                        .section("future", f -> f.put("a", "1").list("b", "x", "y").list("empty").section("c", c -> { }))
                        .section("child-sas", children -> children
                                .section("net-1", child -> child.put("uniqueid", "1").put("esn", "1").put("label", "0a0b")
                                        .put("ip-tfs", "yes").section("hw", hw -> hw.put("offload", "packet")))
                                .put("count", "1")))
                .build();

        Struct value = map("child-updown", event);

        assertThat(value.<String, String>getMap("other")).containsExactly(entry("cause", "peer"));
        Struct sa = value.getStruct("ike_sa");
        assertThat(sa.getBoolean("ppk")).isTrue();
        assertThat(sa.getString("if_id_in")).isEqualTo("0000002a");
        assertThat(sa.<String, String>getMap("other")).containsExactly(
                entry("future/a", "1"), entry("future/b[0]", "x"), entry("future/b[1]", "y"), entry("future/empty[]", ""),
                entry("future/c/", ""), entry("child-sas/count", "1"));
        Struct child = sa.<Struct>getArray("child_sas").get(0);
        assertThat(child.getBoolean("esn")).isTrue();
        assertThat(child.getString("label")).isEqualTo("0a0b");
        assertThat(child.<String, String>getMap("other")).containsExactly(entry("ip-tfs", "yes"), entry("hw/offload", "packet"));
    }

    @Test
    void relativeSecondsBecomeInstantsEvenWhenOverdueAndNeverOverflow() {
        Struct sa = updownSa(Message.builder().put("rekey-time", "-15").put("established", "9223372036854775807")
                .section("child-sas", c -> c.section("net-1", child -> child.put("use-out", "2").put("install-time", "60")
                        .put("life-time", "-9223372036854775808"))));

        assertThat(sa.get("rekey_at")).as("overdue rekey").isEqualTo(Date.from(RECEIVED.minusSeconds(15)));
        assertThat(sa.getInt64("established")).isEqualTo(Long.MAX_VALUE);
        assertThat(sa.get("established_at")).as("beyond any instant").isNull();
        Struct child = sa.<Struct>getArray("child_sas").get(0);
        assertThat(child.get("last_out_at")).isEqualTo(Date.from(RECEIVED.minusSeconds(2)));
        assertThat(child.get("installed_at")).isEqualTo(Date.from(RECEIVED.minusSeconds(60)));
        assertThat(child.getInt64("life_time")).isEqualTo(Long.MIN_VALUE);
        assertThat(child.get("expires_at")).isNull();
    }

    @Test
    void anUpValueOtherThanYesStillMeansUpAndIsKeptAsSent() {
        Struct value = map("ike-updown", Message.builder().put("up", "no").section("ab", sa -> sa.put("uniqueid", "1")).build());

        assertThat(value.getBoolean("up")).as("charon: up is set if up event").isTrue();
        assertThat(value.<String, String>getMap("other")).containsExactly(entry("up", "no"));
    }

    @Test
    void extraSasAndStrayEntriesOfRekeyEventsAreKept() {
        Message ikeRekey = Message.builder().section("ab", pair -> pair
                        .section("old", sa -> sa.put("uniqueid", "1")).put("why", "lifetime"))
                .section("cd", sa -> sa.put("uniqueid", "9"))
                .build();
        Struct ike = map("ike-rekey", ikeRekey);
        assertThat(ike.getStruct("old_ike_sa").getInt64("uniqueid")).isEqualTo(1L);
        assertThat(ike.get("new_ike_sa")).isNull();
        assertThat(ike.<String, String>getMap("other")).containsExactly(entry("ab/why", "lifetime"), entry("cd/uniqueid", "9"));

        Message childRekey = Message.builder().section("ab", sa -> sa.put("uniqueid", "2").section("child-sas", c -> c
                        .section("net", pair -> pair.section("new", child -> child.put("uniqueid", "4")).put("n", "1"))
                        .section("net2", pair -> pair.section("old", child -> child.put("uniqueid", "5")))))
                .build();
        Struct child = map("child-rekey", childRekey);
        assertThat(child.getStruct("new_child_sa").getInt64("uniqueid")).isEqualTo(4L);
        assertThat(child.get("old_child_sa")).isNull();
        assertThat(child.getStruct("ike_sa").<String, String>getMap("other"))
                .containsExactly(entry("child-sas/net/n", "1"), entry("child-sas/net2/old/uniqueid", "5"));
    }

    @Test
    void logWithoutAnSaIsKeyedByGatewayAndAControlLogIsALog() {
        KeyedValue record = mapper.event(envelope("control-log"),
                Message.builder().put("group", "CFG").put("level", "0").put("msg", "initiating").put("ikesa-uniqued", "3").build());
        Struct value = (Struct) record.value();

        assertThat(value.schema()).isSameAs(RecordSchemas.LOG);
        assertThat(value.get("thread")).isNull();
        assertThat(value.getString("message")).isEqualTo("initiating");
        assertThat(value.<String, String>getMap("other")).as("the spec's typo, kept as sent").containsExactly(entry("ikesa-uniqued", "3"));
        assertThat(((Struct) record.key()).get("ike_sa")).isNull();
    }

    @Test
    void unknownEventsBecomeGenericRecordsKeyedByTheirSa() {
        Message event = Message.builder().section("ab", sa -> sa.put("uniqueid", "12").put("state", "ESTABLISHED")
                .list("local-vips", "10.0.0.1")).put("reason", Value.of(new byte[] {(byte) 0xc3})).build();

        KeyedValue record = mapper.event(envelope("ike-state-established"), event);
        Struct value = (Struct) record.value();

        assertThat(value.schema()).isSameAs(RecordSchemas.GENERIC_EVENT);
        assertThat(value.<String, String>getMap("values")).containsExactly(entry("ab/uniqueid", "12"),
                entry("ab/state", "ESTABLISHED"), entry("ab/local-vips[0]", "10.0.0.1"), entry("reason#base64", "ww=="));
        Struct key = (Struct) record.key();
        assertThat(key.getString("ike_sa")).isEqualTo("ab");
        assertThat(key.getInt64("ike_sa_unique_id")).isEqualTo(12L);
    }

    @Test
    void statusRecordsCarryEveryReportFieldAndTheGatewayKey() {
        StatusReport gap = new StatusReport(StatusReport.GAP, "connection lost", RECEIVED.minusSeconds(5), RECEIVED, "snap-2",
                17L, 4L, List.of("ike-updown", "log"), "5.9.8");
        KeyedValue record = mapper.status(new Envelope("gw-b", "status", RECEIVED, 99), gap);
        Struct value = (Struct) record.value();
        value.validate();

        assertThat(record.valueSchema()).isSameAs(RecordSchemas.STATUS);
        assertThat(value.getString("kind")).isEqualTo("GAP");
        assertThat(value.getString("reason")).isEqualTo("connection lost");
        assertThat(value.get("gap_start")).isEqualTo(Date.from(RECEIVED.minusSeconds(5)));
        assertThat(value.get("gap_end")).isEqualTo(Date.from(RECEIVED));
        assertThat(value.getString("snapshot_id")).isEqualTo("snap-2");
        assertThat(value.getInt64("snapshot_total")).isEqualTo(17L);
        assertThat(value.getInt64("events_shed")).isEqualTo(4L);
        assertThat(value.getArray("events")).containsExactly("ike-updown", "log");
        assertThat(value.getString("daemon_version")).isEqualTo("5.9.8");
        assertThat(value.getInt64("sequence")).isEqualTo(99L);
        Struct key = (Struct) record.key();
        assertThat(key.getString("gateway")).isEqualTo("gw-b");
        assertThat(key.get("ike_sa")).isNull();

        Struct heartbeat = (Struct) mapper.status(envelope("status"), StatusReport.of(StatusReport.HEARTBEAT)).value();
        heartbeat.validate();
        assertThat(heartbeat.getString("kind")).isEqualTo("HEARTBEAT");
        assertThat(heartbeat.get("reason")).isNull();
    }

    @Test
    void valuesNeverShowInToStringOrErrors() {
        String marker = "SECRET-7f3a";
        Message event = Message.builder().put("up", marker).section("ab", sa -> sa.put("uniqueid", marker)
                .put("local-id", marker).section("future", s -> s.put("k", marker))).build();

        KeyedValue record = mapper.event(envelope("ike-updown"), event);

        assertThat(record.toString()).doesNotContain(marker).contains("IkeUpdown");
        assertThatThrownBy(() -> mapper.event(envelope("log"), null)).hasMessageNotContaining(marker);
    }

    @Test
    void topicsAndSnapshotPositions() {
        SourceTopics topics = new SourceTopics("vici");
        assertThat(topics.forEvent("ike-updown")).isEqualTo("vici.ike-updown");
        assertThat(topics.snapshots()).isEqualTo("vici.list-sas");
        assertThat(topics.status()).isEqualTo("vici.status");

        assertThatThrownBy(() -> new SnapshotPosition("s", 2, false, 3L)).hasMessageContaining("last");
        assertThatThrownBy(() -> new SnapshotPosition("s", 3, true, 3L)).hasMessageContaining("exceed");
        assertThatThrownBy(() -> new SnapshotPosition("s", -1, false, null)).hasMessageContaining("negative");
        assertThat(new SnapshotPosition("s", 2, true, 3L).total()).isEqualTo(3L);
    }

    @Test
    void theSchemasDocumentEveryField() {
        for (Map.Entry<String, org.apache.kafka.connect.data.Schema> schema : RecordSchemas.all().entrySet()) {
            assertThat(schema.getValue().doc()).as(schema.getKey()).isNotBlank();
            assertDocumented(schema.getKey(), schema.getValue());
        }
    }

    private static void assertDocumented(String path, org.apache.kafka.connect.data.Schema schema) {
        for (org.apache.kafka.connect.data.Field field : schema.fields()) {
            org.apache.kafka.connect.data.Schema fieldSchema = field.schema();
            if (fieldSchema.type() == org.apache.kafka.connect.data.Schema.Type.STRUCT) {
                assertDocumented(path + "." + field.name(), fieldSchema);
            } else {
                assertThat(fieldSchema.doc()).as(path + "." + field.name()).isNotBlank();
            }
        }
    }
}
