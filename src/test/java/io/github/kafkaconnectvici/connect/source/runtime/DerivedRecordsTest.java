package io.github.kafkaconnectvici.connect.source.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import io.github.kafkaconnectvici.connect.source.records.RecordMapper;
import io.github.kafkaconnectvici.connect.source.records.SnapshotPosition;
import io.github.kafkaconnectvici.connect.source.records.SourceTopics;
import io.github.kafkaconnectvici.connect.source.records.StatusReport;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.session.Gap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Headers, current state and sessions derived from records mapped by the real RecordMapper from
 * events shaped as charon 5.9.8 sends them (event-samples); the ITs run the same against charon.
 */
class DerivedRecordsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final GatewaySequence gatewaySequence = GatewaySequence.resume(null, T0);
    private final GatewayRecords records = new GatewayRecords("gw", new SourceTopics("p"), new RecordMapper(),
            gatewaySequence);
    private final DerivedRecords derived = new DerivedRecords("gw", new SourceTopics("p"), true, true);
    private final List<SourceRecord> out = new ArrayList<>();
    private long sequence;

    @Test
    void everyRecordCarriesGatewayEventSequenceAndSnapshotHeaders() {
        SourceRecord event = records.event(7, "ike-updown", T0, ikeUpdown(true, 1, List.of()));
        SourceRecord entry = records.snapshotEntry(8, T0, new SnapshotPosition("snap-1", 0, true, 1L), listSa(1, List.of()));
        SourceRecord status = records.status(9, T0, new StatusReport(StatusReport.SNAPSHOT_COMPLETED, null, null, null,
                "snap-1", 1L, null, null, null));

        assertThat(header(event, RecordHeaders.GATEWAY)).isEqualTo("gw");
        assertThat(header(event, RecordHeaders.EVENT)).isEqualTo("ike-updown");
        assertThat(header(event, RecordHeaders.SEQUENCE)).isEqualTo("7");
        assertThat(event.headers().lastWithName(RecordHeaders.SNAPSHOT_ID)).isNull();
        assertThat(header(entry, RecordHeaders.EVENT)).isEqualTo("list-sa");
        assertThat(header(entry, RecordHeaders.SNAPSHOT_ID)).isEqualTo("snap-1");
        assertThat(header(status, RecordHeaders.EVENT)).isEqualTo("status");
        assertThat(header(status, RecordHeaders.SNAPSHOT_ID)).isEqualTo("snap-1");
    }

    @Test
    void stateFollowsUpChildRekeyAndDownAndEndsInATombstone() {
        feed(records.event(++sequence, "ike-updown", T0, ikeUpdown(true, 1, List.of())));
        feed(records.event(++sequence, "child-updown", T0, childUpdown(true, 1, child(1, 0, 0))));
        feed(records.event(++sequence, "child-updown", T0, childUpdown(true, 1, child(2, 0, 0))));
        SourceRecord rekey = records.event(++sequence, "ike-rekey", T0, ikeRekey(1, 2));
        SourceRecord afterRekey = feed(rekey).get(1);

        Struct state = (Struct) afterRekey.value();
        assertThat(afterRekey.topic()).isEqualTo("p.sa-state");
        assertThat(((Struct) afterRekey.key()).getInt64("ike_sa_unique_id")).isEqualTo(2L);
        assertThat(state.getStruct("ike_sa").getArray("child_sas")).as("children carried over the IKE rekey").hasSize(2);
        assertThat(state.getString("source")).isEqualTo("ike-rekey");
        assertThat(header(afterRekey, RecordHeaders.SEQUENCE)).isEqualTo(Long.toString(sequence));
        assertThat(afterRekey.sourceOffset()).as("the offset of the record it follows").isEqualTo(rekey.sourceOffset());

        SourceRecord afterChildDown = feed(records.event(++sequence, "child-updown", T0, childUpdown(false, 2, child(1, 5, 5))))
                .get(0);
        assertThat(((Struct) afterChildDown.value()).getStruct("ike_sa").getArray("child_sas")).hasSize(1);

        List<SourceRecord> down = feed(records.event(++sequence, "ike-updown", T0.plusSeconds(60), ikeUpdown(false, 2, List.of())));
        SourceRecord tombstone = down.stream().filter(r -> r.topic().equals("p.sa-state")).findFirst().orElseThrow();
        assertThat(tombstone.value()).isNull();
        assertThat(tombstone.valueSchema()).isNull();
        assertThat(((Struct) tombstone.key()).getInt64("ike_sa_unique_id")).isEqualTo(2L);
        List<SourceRecord> all = new ArrayList<>(out);
        assertThat(all.stream().filter(r -> r.topic().equals("p.sa-state") && r.value() == null)
                .map(r -> ((Struct) r.key()).getInt64("ike_sa_unique_id"))).containsExactly(1L, 2L);
    }

    @Test
    void aCompletedSnapshotTombstonesEverySaItNoLongerListsAndAnEmptyOneAll() {
        feed(records.event(++sequence, "ike-updown", T0, ikeUpdown(true, 1, List.of())));
        feed(records.event(++sequence, "ike-updown", T0, ikeUpdown(true, 2, List.of())));
        feed(status(StatusReport.SNAPSHOT_STARTED, "s1"));
        feed(records.snapshotEntry(++sequence, T0, new SnapshotPosition("s1", 0, true, 1L), listSa(2, List.of())));
        List<SourceRecord> completed = feed(status(StatusReport.SNAPSHOT_COMPLETED, "s1"));

        assertThat(completed).filteredOn(r -> r.topic().equals("p.sa-state")).singleElement()
                .satisfies(r -> assertThat(r.value()).isNull())
                .satisfies(r -> assertThat(((Struct) r.key()).getInt64("ike_sa_unique_id")).isEqualTo(1L));
        assertThat(completed).filteredOn(r -> r.topic().equals("p.sessions")).singleElement()
                .satisfies(r -> assertThat(((Struct) r.value()).getBoolean("partial")).isTrue())
                .satisfies(r -> assertThat(((Struct) r.value()).getString("partial_reason")).contains("vanished"));

        List<SourceRecord> empty = feed(status(StatusReport.SNAPSHOT_COMPLETED, "s2"));
        assertThat(empty).filteredOn(r -> r.topic().equals("p.sa-state"))
                .extracting(r -> ((Struct) r.key()).getInt64("ike_sa_unique_id"), SourceRecord::value)
                .containsExactly(tuple(2L, null));
    }

    @Test
    void aSessionSumsEveryChildSaAcrossRekeysAndCountsTheRekeys() {
        feed(records.event(++sequence, "ike-updown", T0, ikeUpdown(true, 1, List.of())));
        feed(records.event(++sequence, "child-updown", T0, childUpdown(true, 1, child(1, 0, 0))));
        feed(records.event(++sequence, "child-rekey", T0, childRekey(1, child(1, 100, 2), child(2, 0, 0))));
        feed(records.event(++sequence, "ike-rekey", T0, ikeRekey(1, 2)));
        feed(records.snapshotEntry(++sequence, T0, new SnapshotPosition("s", 0, true, 1L), listSa(2, List.of(child(2, 40, 1)))));
        List<SourceRecord> ikeDown = feed(records.event(++sequence, "ike-updown", T0.plusSeconds(90), ikeUpdown(false, 2, List.of())));
        assertThat(ikeDown).as("charon reports the CHILD_SAs down after the IKE_SA: the session waits for them")
                .noneMatch(r -> r.topic().equals("p.sessions"));
        List<SourceRecord> down = feed(records.event(++sequence, "child-updown", T0.plusSeconds(90),
                childUpdown(false, 2, child(2, 50, 3))));
        assertThat(down).as("a CHILD_SA down after its IKE_SA brings back no state").noneMatch(r -> r.topic().equals("p.sa-state"));

        Struct session = (Struct) down.stream().filter(r -> r.topic().equals("p.sessions")).findFirst().orElseThrow().value();
        assertThat(session.getInt64("bytes_in")).isEqualTo(150L);
        assertThat(session.getInt64("bytes_out")).isEqualTo(300L);
        assertThat(session.getInt64("packets_in")).isEqualTo(5L);
        assertThat(session.getInt64("child_sas")).isEqualTo(2L);
        assertThat(session.getInt64("child_rekeys")).isEqualTo(1L);
        assertThat(session.getInt64("ike_rekeys")).isEqualTo(1L);
        assertThat(session.getArray("ike_sa_unique_ids")).containsExactly(1L, 2L);
        assertThat(session.getInt64("duration_ms")).isEqualTo(90_000L);
        assertThat(session.getString("remote_id")).isEqualTo("b.test");
        assertThat(session.getString("remote_host")).isEqualTo("10.99.0.2");
        assertThat(session.getBoolean("partial")).isFalse();
        assertThat(header(down.get(down.size() - 1), RecordHeaders.EVENT)).isEqualTo("session");
    }

    @Test
    void aSessionWhoseChildSasNeverReportDownEndsAtTheNextStatusRecord() {
        feed(records.event(++sequence, "ike-updown", T0, ikeUpdown(true, 1, List.of())));
        feed(records.event(++sequence, "child-updown", T0, childUpdown(true, 1, child(1, 7, 1))));
        assertThat(feed(records.event(++sequence, "ike-updown", T0.plusSeconds(5), ikeUpdown(false, 1, List.of()))))
                .noneMatch(r -> r.topic().equals("p.sessions"));

        Struct session = session(feed(records.status(++sequence, T0.plusSeconds(6), Statuses.heartbeat("charon 5.9.8"))));

        assertThat(session.getInt64("bytes_in")).isEqualTo(7L);
        assertThat(session.getInt64("duration_ms")).as("ended when the IKE_SA went down").isEqualTo(5_000L);
        assertThat(session.getBoolean("partial")).isFalse();
    }

    @Test
    void aGapInsideASessionMarksItPartialButNotOneThatStartsAfter() {
        feed(records.event(++sequence, "ike-updown", T0, ikeUpdown(true, 1, List.of())));
        feed(records.status(++sequence, T0, Statuses.gap(new Gap(Gap.Reason.CONNECTION_LOST, 0, T0, T0.plusSeconds(1), "lost"))));
        feed(records.event(++sequence, "ike-updown", T0, ikeUpdown(true, 2, List.of())));

        Struct first = session(feed(records.event(++sequence, "ike-updown", T0, ikeUpdown(false, 1, List.of()))));
        Struct second = session(feed(records.event(++sequence, "ike-updown", T0, ikeUpdown(false, 2, List.of()))));

        assertThat(first.getBoolean("partial")).isTrue();
        assertThat(first.getString("partial_reason")).contains("gap");
        assertThat(second.getBoolean("partial")).isFalse();
    }

    @Test
    void aSessionAlreadyUpWhenFirstSeenIsPartialAndStartsWhenCharonSaysItWasEstablished() {
        Message sa = listSa(5, List.of()).section("ab").orElseThrow().toBuilder().put("established", "30").build();
        feed(records.snapshotEntry(++sequence, T0, new SnapshotPosition("s", 0, true, 1L), Message.builder().section("ab", sa).build()));
        Struct session = session(feed(records.event(++sequence, "ike-updown", T0.plusSeconds(10), ikeUpdown(false, 5, List.of()))));

        assertThat(session.getBoolean("partial")).isTrue();
        assertThat(session.getInt64("duration_ms")).isEqualTo(40_000L);
    }

    @Test
    void stateAndSessionRecordsEncodeUnderTheirAvscFiles() throws Exception {
        feed(records.event(++sequence, "ike-updown", T0, ikeUpdown(true, 1, List.of())));
        feed(records.event(++sequence, "child-updown", T0, childUpdown(true, 1, child(1, 3, 1))));
        feed(records.event(++sequence, "ike-updown", T0.plusSeconds(1), ikeUpdown(false, 1, List.of())));
        feed(records.event(++sequence, "child-updown", T0.plusSeconds(1), childUpdown(false, 1, child(1, 9, 2))));
        AvroData avro = new AvroData(new AvroDataConfig(Map.of()));

        List<SourceRecord> withValues = out.stream().filter(r -> r.value() != null).toList();
        assertThat(withValues).extracting(SourceRecord::topic).contains("p.sa-state", "p.sessions");
        for (SourceRecord record : withValues) {
            String name = record.valueSchema().name().substring(record.valueSchema().name().lastIndexOf('.') + 1);
            Schema file = new Schema.Parser().parse(Files.readString(Path.of("schemas", "source", name + ".avsc")));
            assertThat(GenericData.get().validate(file,
                    avro.fromConnectData(record.valueSchema(), record.value()))).as(name).isTrue();
        }
    }

    // --- helpers

    private List<SourceRecord> feed(SourceRecord record) {
        List<SourceRecord> follow = derived.follow(record);
        out.addAll(follow);
        return follow;
    }

    private SourceRecord status(String kind, String snapshotId) {
        return records.status(++sequence, T0, new StatusReport(kind, null, null, null, snapshotId, null, null, null, null));
    }

    private static Struct session(List<SourceRecord> records) {
        return (Struct) records.stream().filter(r -> r.topic().equals("p.sessions")).findFirst().orElseThrow().value();
    }

    private static String header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        assertThat(header).as(name).isNotNull();
        assertThat(StreamSupport.stream(record.headers().spliterator(), false).filter(h -> h.key().equals(name))).hasSize(1);
        return (String) header.value();
    }

    private static Message.Builder ikeSa(long uniqueId) {
        return Message.builder().put("uniqueid", Long.toString(uniqueId)).put("version", "2").put("state", "ESTABLISHED")
                .put("local-host", "10.99.0.1").put("local-port", "4500").put("local-id", "a.test")
                .put("remote-host", "10.99.0.2").put("remote-port", "4500").put("remote-id", "b.test");
    }

    private static Message withChildren(Message.Builder sa, List<Message> children) {
        if (!children.isEmpty()) {
            Message.Builder section = Message.builder();
            for (Message child : children) {
                section.section("net-" + child.text("uniqueid").orElseThrow(), child);
            }
            sa.section("child-sas", section.build());
        }
        return sa.build();
    }

    private static Message ikeUpdown(boolean up, long uniqueId, List<Message> children) {
        Message.Builder event = Message.builder();
        if (up) {
            event.put("up", "yes");
        }
        return event.section("ab", withChildren(ikeSa(uniqueId), children)).build();
    }

    private static Message childUpdown(boolean up, long ikeUniqueId, Message child) {
        return ikeUpdown(up, ikeUniqueId, List.of(child));
    }

    private static Message listSa(long uniqueId, List<Message> children) {
        return Message.builder().section("ab", withChildren(ikeSa(uniqueId), children)).build();
    }

    private static Message ikeRekey(long oldId, long newId) {
        return Message.builder().section("ab", Message.builder().section("old", ikeSa(oldId).build())
                .section("new", ikeSa(newId).build()).build()).build();
    }

    private static Message childRekey(long ikeUniqueId, Message old, Message fresh) {
        Message sa = ikeSa(ikeUniqueId).section("child-sas", Message.builder()
                .section("net", Message.builder().section("old", old).section("new", fresh).build()).build()).build();
        return Message.builder().section("ab", sa).build();
    }

    private static Message child(long uniqueId, long bytesIn, long packetsIn) {
        return Message.builder().put("name", "net").put("uniqueid", Long.toString(uniqueId)).put("state", "INSTALLED")
                .put("bytes-in", Long.toString(bytesIn)).put("packets-in", Long.toString(packetsIn))
                .put("bytes-out", Long.toString(2 * bytesIn)).put("packets-out", Long.toString(packetsIn)).build();
    }
}
