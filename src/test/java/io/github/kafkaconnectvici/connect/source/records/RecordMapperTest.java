package io.github.kafkaconnectvici.connect.source.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.github.kafkaconnectvici.vici.codec.Message;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class RecordMapperTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-25T04:01:53.135Z");

    private final RecordMapper mapper = new RecordMapper();

    private static Envelope envelope(String event) {
        return new Envelope("gw-a", event, RECEIVED, 42);
    }

    private KeyedValue sample(String id) {
        SampleEvents.Sample sample = SampleEvents.get(id);
        KeyedValue record = mapper.event(envelope(sample.event()), sample.message());
        ((Struct) record.key()).validate();
        ((Struct) record.value()).validate();
        return record;
    }

    private static Struct value(KeyedValue record) {
        return (Struct) record.value();
    }

    /**
     * Converters cache by Schema (JsonConverter's and AvroData's caches are keyed by it, and a hit on the
     * same instance costs no deep equals and no hashing): every record of every sample, and every Struct
     * nested in it, carries one of the same Schema instances however often it is mapped.
     */
    @Test
    void everyRecordAndNestedStructCarriesTheSameSchemaInstancesEachTime() {
        for (SampleEvents.Sample sample : SampleEvents.all()) {
            List<Schema> first = schemasOf(mapper.event(envelope(sample.event()), sample.message()));
            List<Schema> second = schemasOf(mapper.event(new Envelope("gw-b", sample.event(), RECEIVED.plusSeconds(1), 43),
                    sample.message()));

            assertThat(first).hasSameSizeAs(second).hasSizeGreaterThan(2);
            for (int i = 0; i < first.size(); i++) {
                assertThat(second.get(i)).as(sample.event() + " schema " + i).isSameAs(first.get(i));
            }
        }
        assertThat(schemasOf(mapper.snapshotEntry(envelope("list-sa"), new SnapshotPosition("s", 0, false, null),
                SampleEvents.get("ike-updown-up").message())).get(1)).isSameAs(RecordSchemas.LIST_SA);
    }

    /** The key's and the value's schema, then those of every Struct nested in the value, depth first. */
    private static List<Schema> schemasOf(KeyedValue record) {
        List<Schema> schemas = new java.util.ArrayList<>(List.of(record.keySchema(), record.valueSchema()));
        collectNested(record.value(), schemas);
        return schemas;
    }

    private static void collectNested(Object value, List<Schema> into) {
        if (value instanceof Struct struct) {
            for (Field field : struct.schema().fields()) {
                Object child = struct.get(field);
                if (child instanceof Struct nested) {
                    into.add(nested.schema());
                }
                collectNested(child, into);
            }
        } else if (value instanceof List<?> list) {
            list.forEach(element -> {
                if (element instanceof Struct nested) {
                    into.add(nested.schema());
                }
                collectNested(element, into);
            });
        } else if (value instanceof java.util.Map<?, ?> map) {
            map.values().forEach(element -> collectNested(element, into));
        }
    }

    @Test
    void ikeUpdownUpIsTypedAndKeyedBySa() {
        KeyedValue record = sample("ike-updown-up");

        assertThat(record.valueSchema()).isSameAs(RecordSchemas.IKE_UPDOWN);
        assertThat(record.keySchema()).isSameAs(RecordSchemas.KEY);
        Struct key = (Struct) record.key();
        assertThat(key.getString("gateway")).isEqualTo("gw-a");
        assertThat(key.getString("ike_sa")).isEqualTo("ab");
        assertThat(key.getInt64("ike_sa_unique_id")).isEqualTo(1L);

        Struct value = value(record);
        assertThat(value.getString("gateway")).isEqualTo("gw-a");
        assertThat(value.getString("event")).isEqualTo("ike-updown");
        assertThat(value.get("received_at")).isEqualTo(Date.from(RECEIVED));
        assertThat(value.getInt64("sequence")).isEqualTo(42L);
        assertThat(value.getBoolean("up")).isTrue();
        assertThat(value.get("other")).isNull();

        Struct sa = value.getStruct("ike_sa");
        assertThat(sa.getString("name")).isEqualTo("ab");
        assertThat(sa.getInt64("uniqueid")).isEqualTo(1L);
        assertThat(sa.getInt32("version")).isEqualTo(2);
        assertThat(sa.getString("state")).isEqualTo("ESTABLISHED");
        assertThat(sa.getInt32("local_port")).isEqualTo(4500);
        assertThat(sa.getString("remote_host")).isEqualTo("10.99.0.2");
        assertThat(sa.getBoolean("initiator")).isTrue();
        assertThat(sa.getString("initiator_spi")).isEqualTo("160ac53656845ea2");
        assertThat(sa.getBoolean("nat_remote")).isTrue();
        assertThat(sa.get("nat_local")).as("charon omits false conditions").isNull();
        assertThat(sa.getInt32("encr_keysize")).isEqualTo(128);
        assertThat(sa.getInt64("established")).isEqualTo(0L);
        assertThat(sa.get("established_at")).isEqualTo(Date.from(RECEIVED));
        assertThat(sa.getInt64("rekey_time")).isEqualTo(13658L);
        assertThat(sa.get("rekey_at")).isEqualTo(Date.from(RECEIVED.plusSeconds(13658)));
        assertThat(sa.getArray("tasks_active")).containsExactly("IKE_ESTABLISH", "CHILD_CREATE");
        assertThat(sa.get("child_sas")).isNull();
        assertThat(sa.get("other")).isNull();
    }

    @Test
    void downEventsHaveNoUpKeyAndSayDownExplicitly() {
        Struct value = value(sample("ike-updown-down"));

        assertThat(value.getBoolean("up")).isFalse();
        assertThat(value.getStruct("ike_sa").getString("state")).isEqualTo("DELETING");
        assertThat(value.getStruct("ike_sa").get("established")).as("absent key, absent field").isNull();
        assertThat(value.get("other")).isNull();
    }

    @Test
    void childUpdownCarriesTheAffectedChildWithItsSectionKey() {
        KeyedValue record = sample("child-updown-up");
        assertThat(record.valueSchema()).isSameAs(RecordSchemas.CHILD_UPDOWN);

        List<Struct> children = value(record).getStruct("ike_sa").getArray("child_sas");
        assertThat(children).hasSize(1);
        Struct child = children.get(0);
        assertThat(child.getString("section_key")).isEqualTo("net-1");
        assertThat(child.getString("name")).isEqualTo("net");
        assertThat(child.getInt64("uniqueid")).isEqualTo(1L);
        assertThat(child.getInt64("reqid")).isEqualTo(1L);
        assertThat(child.getBoolean("encap")).isTrue();
        assertThat(child.getString("spi_in")).isEqualTo("f09d3089");
        assertThat(child.getInt64("bytes_in")).isEqualTo(0L);
        assertThat(child.getInt64("life_time")).isEqualTo(3960L);
        assertThat(child.get("expires_at")).isEqualTo(Date.from(RECEIVED.plusSeconds(3960)));
        assertThat(child.get("installed_at")).isEqualTo(Date.from(RECEIVED));
        assertThat(child.getArray("local_ts")).containsExactly("10.98.1.0/24");
        assertThat(child.getArray("remote_ts")).containsExactly("10.98.2.0/24");
        assertThat(child.get("other")).isNull();
    }

    @Test
    void ikeRekeyCarriesOldAndNewAndIsKeyedByTheNewSa() {
        KeyedValue record = sample("ike-rekey");
        Struct value = value(record);

        assertThat(value.getStruct("old_ike_sa").getInt64("uniqueid")).isEqualTo(1L);
        assertThat(value.getStruct("old_ike_sa").getString("state")).isEqualTo("REKEYING");
        assertThat(value.getStruct("new_ike_sa").getInt64("uniqueid")).isEqualTo(2L);
        assertThat(value.getStruct("new_ike_sa").getString("responder_spi")).isEqualTo("5e5a8288ceca999b");
        assertThat(value.getStruct("new_ike_sa").getString("name")).isEqualTo("ab");
        assertThat(((Struct) record.key()).getInt64("ike_sa_unique_id")).isEqualTo(2L);
        assertThat(value.get("other")).isNull();
    }

    @Test
    void childRekeyCarriesOldAndNewChild() {
        Struct value = value(sample("child-rekey"));

        Struct sa = value.getStruct("ike_sa");
        assertThat(sa.getInt64("uniqueid")).isEqualTo(2L);
        assertThat(sa.get("child_sas")).isNull();
        assertThat(sa.get("other")).isNull();
        Struct old = value.getStruct("old_child_sa");
        Struct fresh = value.getStruct("new_child_sa");
        assertThat(old.getString("section_key")).isEqualTo("net");
        assertThat(old.getString("state")).isEqualTo("REKEYED");
        assertThat(old.getInt64("use_in")).isEqualTo(0L);
        assertThat(old.get("last_in_at")).isEqualTo(Date.from(RECEIVED));
        assertThat(old.getInt64("packets_out")).isEqualTo(1L);
        assertThat(fresh.getInt64("uniqueid")).isEqualTo(2L);
        assertThat(fresh.getString("spi_out")).isEqualTo("378426a0");
        assertThat(value.get("other")).isNull();
    }

    @Test
    void ikeUpdateCarriesTheNewAddressesAndTheSaWithTheOld() {
        Struct value = value(sample("ike-update"));

        assertThat(value.getString("local_host")).isEqualTo("10.99.0.2");
        assertThat(value.getInt32("local_port")).isEqualTo(4500);
        assertThat(value.getInt32("remote_port")).isEqualTo(4500);
        Struct sa = value.getStruct("ike_sa");
        assertThat(sa.getString("name")).isEqualTo("(unnamed)");
        assertThat(sa.getInt32("local_port")).isEqualTo(500);
        assertThat(sa.getArray("tasks_passive")).contains("IKE_AUTH");
        assertThat(value.get("other")).isNull();
    }

    @Test
    void everySampleMapsWithNothingLeftOver() {
        for (SampleEvents.Sample sample : SampleEvents.all()) {
            KeyedValue record = mapper.event(envelope(sample.event()), sample.message());
            assertThat(OtherCollector.all((Struct) record.value())).as(sample.id()).isEmpty();
        }
    }

    @Test
    void logEventIsTyped() {
        Message log = Message.builder().put("group", "IKE").put("level", "1").put("thread", "14")
                .put("ikesa-name", "ab").put("ikesa-uniqueid", "3").put("msg", "IKE_SA ab[3] established").build();

        KeyedValue record = mapper.event(envelope("log"), log);
        Struct value = value(record);
        value.validate();

        assertThat(value.schema()).isSameAs(RecordSchemas.LOG);
        assertThat(value.getString("group")).isEqualTo("IKE");
        assertThat(value.getInt32("level")).isEqualTo(1);
        assertThat(value.getInt32("thread")).isEqualTo(14);
        assertThat(value.getString("ike_sa")).isEqualTo("ab");
        assertThat(value.getInt64("ike_sa_unique_id")).isEqualTo(3L);
        assertThat(value.getString("message")).isEqualTo("IKE_SA ab[3] established");
        assertThat(value.get("other")).isNull();
        Struct key = (Struct) record.key();
        assertThat(key.getString("ike_sa")).isEqualTo("ab");
        assertThat(key.getInt64("ike_sa_unique_id")).isEqualTo(3L);
    }

    @Test
    void snapshotEntryCarriesPositionAndTheWholeSa() {
        Message listSa = Message.builder().section("ab", sa -> sa.put("uniqueid", "7").put("state", "ESTABLISHED")
                .section("child-sas", children -> children.section("net-9", child -> child.put("name", "net")
                        .put("uniqueid", "9").put("bytes-in", "18446744073709551615").put("bytes-out", "9223372036854775807"))))
                .build();

        KeyedValue record = mapper.snapshotEntry(envelope("list-sa"), new SnapshotPosition("snap-1", 4, true, 5L), listSa);
        Struct value = value(record);
        value.validate();

        assertThat(value.schema()).isSameAs(RecordSchemas.LIST_SA);
        assertThat(value.getString("snapshot_id")).isEqualTo("snap-1");
        assertThat(value.getInt64("position")).isEqualTo(4L);
        assertThat(value.getBoolean("last")).isTrue();
        assertThat(value.getInt64("total")).isEqualTo(5L);
        Struct child = value.getStruct("ike_sa").<Struct>getArray("child_sas").get(0);
        assertThat(child.getInt64("bytes_out")).isEqualTo(Long.MAX_VALUE);
        assertThat(child.get("bytes_in")).as("beyond a signed 64-bit long").isNull();
        assertThat(child.<String, String>getMap("other")).containsExactly(entry("bytes-in", "18446744073709551615"));
        assertThat(((Struct) record.key()).getInt64("ike_sa_unique_id")).isEqualTo(7L);
    }
}
