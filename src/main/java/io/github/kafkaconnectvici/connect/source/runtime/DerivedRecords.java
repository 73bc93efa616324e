package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.connect.source.records.RecordSchemas;
import io.github.kafkaconnectvici.connect.source.records.SourceTopics;
import io.github.kafkaconnectvici.connect.source.records.StructSlots;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The records one gateway derives from its own records: the current state of each IKE_SA on
 * {@code <prefix>.sa-state} (tombstones included) and one session record per IKE_SA that ended on
 * {@code <prefix>.sessions}. A derived record takes no sequence number of its own: it carries the
 * source offset and sequence of the record it follows, so the gateway's sequence stays contiguous
 * and a restart resumes after both.
 */
final class DerivedRecords {

    static final String SA_STATE_EVENT = "sa-state";
    static final String SESSION_EVENT = "session";

    private final String gateway;
    private final SourceTopics topics;
    private final SaStateTracker state;
    private final SessionTracker sessions;

    DerivedRecords(String gateway, SourceTopics topics, boolean saState, boolean sessions) {
        this.gateway = gateway;
        this.topics = topics;
        this.state = saState ? new SaStateTracker() : null;
        this.sessions = sessions ? new SessionTracker() : null;
    }

    /** Whether any derived record is wanted at all (else the worker need not call {@link #follow}). */
    boolean enabled() {
        return state != null || sessions != null;
    }

    /** The records to queue right after {@code record}, in order; none for most records. */
    List<SourceRecord> follow(SourceRecord record) {
        if (!enabled()) {
            return List.of();
        }
        OriginRecord origin = OriginRecord.of(record);
        if (origin == null) {
            return List.of();
        }
        List<SourceRecord> derived = new ArrayList<>();
        if (state != null) {
            for (SaStateTracker.Change change : state.follow(origin)) {
                derived.add(stateRecord(origin, change));
            }
        }
        if (sessions != null) {
            for (SessionTracker.Summary summary : sessions.follow(origin)) {
                derived.add(sessionRecord(origin, summary));
            }
        }
        return derived;
    }

    private SourceRecord stateRecord(OriginRecord origin, SaStateTracker.Change change) {
        Struct value = null;
        if (change.ikeSa() != null) {
            value = envelope(new Struct(RecordSchemas.SA_STATE), SA_STATE_EVENT, origin);
            StructSlots.put(value, "source", change.source());
            StructSlots.put(value, "snapshot_id", change.snapshotId());
            StructSlots.put(value, "ike_sa", change.ikeSa());
        }
        // A tombstone has neither value nor value schema, so that every converter writes a null value.
        return new SourceRecord(origin.record().sourcePartition(), origin.record().sourceOffset(), topics.saState(), null,
                RecordSchemas.KEY, key(change.id()), value == null ? null : RecordSchemas.SA_STATE, value,
                origin.record().timestamp(),
                RecordHeaders.of(gateway, SA_STATE_EVENT, origin.sequence(), change.snapshotId()));
    }

    private SourceRecord sessionRecord(OriginRecord origin, SessionTracker.Summary s) {
        Struct sa = s.lastIkeSa();
        Struct value = envelope(new Struct(RecordSchemas.SESSION), SESSION_EVENT, origin)
                .put("ike_sa_unique_ids", s.uniqueIds())
                .put("start", s.start() == null ? null : Date.from(s.start()))
                .put("end", Date.from(s.end()))
                .put("duration_ms", s.start() == null ? null : Math.max(0, s.end().toEpochMilli() - s.start().toEpochMilli()))
                .put("local_id", text(sa, "local_id"))
                .put("remote_id", text(sa, "remote_id"))
                .put("remote_eap_id", text(sa, "remote_eap_id"))
                .put("remote_xauth_id", text(sa, "remote_xauth_id"))
                .put("local_host", text(sa, "local_host"))
                .put("local_port", sa == null ? null : sa.getInt32("local_port"))
                .put("remote_host", text(sa, "remote_host"))
                .put("remote_port", sa == null ? null : sa.getInt32("remote_port"))
                .put("bytes_in", s.bytesIn())
                .put("bytes_out", s.bytesOut())
                .put("packets_in", s.packetsIn())
                .put("packets_out", s.packetsOut())
                .put("child_sas", s.childSas())
                .put("child_rekeys", s.childRekeys())
                .put("ike_rekeys", s.ikeRekeys())
                .put("partial", s.partialReason() != null)
                .put("partial_reason", s.partialReason());
        return new SourceRecord(origin.record().sourcePartition(), origin.record().sourceOffset(), topics.sessions(), null,
                RecordSchemas.KEY, key(s.lastId()), RecordSchemas.SESSION, value, origin.record().timestamp(),
                RecordHeaders.of(gateway, SESSION_EVENT, origin.sequence(), null));
    }

    private Struct envelope(Struct value, String event, OriginRecord origin) {
        StructSlots.put(value, "gateway", gateway);
        StructSlots.put(value, "event", event);
        StructSlots.put(value, "received_at", Date.from(origin.receivedAt()));
        return StructSlots.put(value, "sequence", origin.sequence());
    }

    private Struct key(SaId id) {
        Struct key = new Struct(RecordSchemas.KEY);
        StructSlots.put(key, "gateway", gateway);
        StructSlots.put(key, "ike_sa", id.name());
        return StructSlots.put(key, "ike_sa_unique_id", id.uniqueId());
    }

    private static String text(Struct struct, String field) {
        return struct == null ? null : struct.getString(field);
    }
}
