package io.github.kafkaconnectvici.connect.source.records;

import static io.github.kafkaconnectvici.connect.source.records.RecordSchemas.IKE_SA;
import static io.github.kafkaconnectvici.connect.source.records.RecordSchemas.OTHER;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Node;
import io.github.kafkaconnectvici.vici.codec.Value;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns VICI events into typed Connect records. Mapping never fails on content: whatever charon
 * sends that the typed fields cannot hold (a newer strongSwan's keys, a value of the wrong kind or
 * form, an unexpected section) is kept in an {@code other} map beside the typed fields, and an
 * event this mapper does not know becomes a generic path → value record.
 *
 * <p>Stateless and thread-safe. Values never appear in exceptions or logs.
 */
public final class RecordMapper {

    private static final String UP_KEY = "up";
    private static final String OLD = "old";
    private static final String NEW = "new";
    private static final String ALERT_TYPE_KEY = "type";
    private static final String ALERT_IKE_SA_KEY = "ike-sa";

    public RecordMapper() {
    }

    /** The record for {@code event}, chosen by {@code envelope.event()}; unknown names give a generic record. */
    public KeyedValue event(Envelope envelope, Message event) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(event, "event");
        return switch (envelope.event()) {
            case "ike-updown" -> updown(RecordSchemas.IKE_UPDOWN, envelope, event);
            case "child-updown" -> updown(RecordSchemas.CHILD_UPDOWN, envelope, event);
            case "ike-rekey" -> ikeRekey(envelope, event);
            case "child-rekey" -> childRekey(envelope, event);
            case "ike-update" -> ikeUpdate(envelope, event);
            case "log", "control-log" -> log(envelope, event);
            case "alert" -> alert(envelope, event);
            default -> generic(envelope, event);
        };
    }

    /** One IKE_SA (one list-sa event) of a list-sas snapshot, with its CHILD_SAs. */
    public KeyedValue snapshotEntry(Envelope envelope, SnapshotPosition position, Message listSaEvent) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(listSaEvent, "listSaEvent");
        Struct value = envelope(RecordSchemas.LIST_SA, envelope);
        StructSlots.put(value, RecordSchemas.SNAPSHOT_ID, position.snapshotId());
        StructSlots.put(value, RecordSchemas.POSITION, position.position());
        StructSlots.put(value, RecordSchemas.LAST, position.last());
        StructSlots.put(value, RecordSchemas.TOTAL, position.total());
        OtherValues other = new OtherValues();
        Struct ikeSa = null;
        for (Map.Entry<String, Node> entry : listSaEvent.entries().entrySet()) {
            if (ikeSa == null && entry.getValue() instanceof Message sa) {
                ikeSa = IkeSaFields.mapInto(value, IKE_SA, entry.getKey(), sa, millis(envelope));
            } else {
                other.add(entry.getKey(), entry.getValue());
            }
        }
        StructSlots.put(value, OTHER, other.mapOrNull());
        return keyed(envelope, ikeSa, value);
    }

    /** A status record, keyed by the gateway alone. */
    public KeyedValue status(Envelope envelope, StatusReport report) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(report, "report");
        Struct value = envelope(RecordSchemas.STATUS, envelope)
                .put("kind", report.kind())
                .put("reason", report.reason())
                .put("gap_start", date(report.gapStart()))
                .put("gap_end", date(report.gapEnd()))
                .put(RecordSchemas.SNAPSHOT_ID, report.snapshotId())
                .put("snapshot_total", report.snapshotTotal())
                .put("events_shed", report.eventsShed())
                .put("events", report.events())
                .put("daemon_version", report.daemonVersion())
                .put("request_id", report.requestId())
                .put("snapshot_filter", report.snapshotFilter());
        return keyed(envelope, null, null, value);
    }

    // {up = yes, <IKE_SA name> = {...}}; a down event has no up key at all.
    private KeyedValue updown(Schema schema, Envelope envelope, Message event) {
        Struct value = envelope(schema, envelope);
        OtherValues other = new OtherValues();
        Struct ikeSa = null;
        boolean up = false;
        for (Map.Entry<String, Node> entry : event.entries().entrySet()) {
            String key = entry.getKey();
            Node node = entry.getValue();
            if (key.equals(UP_KEY)) {
                // charon: "set if up event"; any value but its own yes is kept as sent
                up = true;
                if (!(node instanceof Value v && "yes".equals(ViciText.utf8(v)))) {
                    other.add(key, node);
                }
            } else if (ikeSa == null && node instanceof Message sa) {
                ikeSa = IkeSaFields.mapInto(value, IKE_SA, key, sa, millis(envelope));
            } else {
                other.add(key, node);
            }
        }
        StructSlots.put(value, RecordSchemas.UP, up);
        StructSlots.put(value, OTHER, other.mapOrNull());
        return keyed(envelope, ikeSa, value);
    }

    // {<IKE_SA name> = {old = {...}, new = {...}}}
    private KeyedValue ikeRekey(Envelope envelope, Message event) {
        Struct value = envelope(RecordSchemas.IKE_REKEY, envelope);
        OtherValues other = new OtherValues();
        Struct oldSa = null;
        Struct newSa = null;
        boolean seen = false;
        for (Map.Entry<String, Node> entry : event.entries().entrySet()) {
            String name = entry.getKey();
            if (!seen && entry.getValue() instanceof Message pair) {
                seen = true;
                if (pair.isEmpty()) {
                    other.add(name, pair);
                }
                for (Map.Entry<String, Node> side : pair.entries().entrySet()) {
                    if (oldSa == null && side.getKey().equals(OLD) && side.getValue() instanceof Message sa) {
                        oldSa = IkeSaFields.mapInto(value, RecordSchemas.OLD_IKE_SA, name, sa, millis(envelope));
                    } else if (newSa == null && side.getKey().equals(NEW) && side.getValue() instanceof Message sa) {
                        newSa = IkeSaFields.mapInto(value, RecordSchemas.NEW_IKE_SA, name, sa, millis(envelope));
                    } else {
                        other.add(name + "/" + side.getKey(), side.getValue());
                    }
                }
            } else {
                other.add(name, entry.getValue());
            }
        }
        StructSlots.put(value, OTHER, other.mapOrNull());
        // The new IKE_SA is the one that lives on: later records of this SA carry its unique id.
        return keyed(envelope, newSa != null ? newSa : oldSa, value);
    }

    // {<IKE_SA name> = {..., child-sas = {<child name> = {old = {...}, new = {...}}}}}
    private KeyedValue childRekey(Envelope envelope, Message event) {
        Struct value = envelope(RecordSchemas.CHILD_REKEY, envelope);
        OtherValues other = new OtherValues();
        Struct ikeSa = null;
        for (Map.Entry<String, Node> entry : event.entries().entrySet()) {
            if (ikeSa == null && entry.getValue() instanceof Message sa) {
                OtherValues saOther = new OtherValues();
                ikeSa = IkeSaFields.mapInto(value, IKE_SA, entry.getKey(), sa, millis(envelope), saOther, true);
                sa.node(IkeSaFields.CHILD_SAS_KEY).ifPresent(node -> rekeyedChild(node, value, millis(envelope), saOther));
                IkeSaFields.finish(ikeSa, saOther);
            } else {
                other.add(entry.getKey(), entry.getValue());
            }
        }
        StructSlots.put(value, OTHER, other.mapOrNull());
        return keyed(envelope, ikeSa, value);
    }

    private static void rekeyedChild(Node childSas, Struct value, long receivedAtMillis, OtherValues saOther) {
        String prefix = IkeSaFields.CHILD_SAS_KEY + "/";
        if (!(childSas instanceof Message section)) {
            saOther.add(IkeSaFields.CHILD_SAS_KEY, childSas);
            return;
        }
        if (section.isEmpty()) {
            saOther.add(IkeSaFields.CHILD_SAS_KEY, section);
        }
        boolean seen = false;
        for (Map.Entry<String, Node> entry : section.entries().entrySet()) {
            String childKey = entry.getKey();
            if (seen || !(entry.getValue() instanceof Message pair)) {
                saOther.add(prefix + childKey, entry.getValue());
                continue;
            }
            seen = true;
            for (Map.Entry<String, Node> side : pair.entries().entrySet()) {
                String field = side.getKey().equals(OLD) ? RecordSchemas.OLD_CHILD_SA
                        : side.getKey().equals(NEW) ? RecordSchemas.NEW_CHILD_SA : null;
                if (field != null && value.get(field) == null && side.getValue() instanceof Message child) {
                    ChildSaFields.mapInto(value, field, childKey, child, receivedAtMillis);
                } else {
                    saOther.add(prefix + childKey + "/" + side.getKey(), side.getValue());
                }
            }
            if (pair.isEmpty()) {
                saOther.add(prefix + childKey, pair);
            }
        }
    }

    // {local-host, local-port, remote-host, remote-port, <IKE_SA name> = {... old addresses ...}}
    private KeyedValue ikeUpdate(Envelope envelope, Message event) {
        Struct value = envelope(RecordSchemas.IKE_UPDATE, envelope);
        OtherValues other = new OtherValues();
        Struct ikeSa = null;
        for (Map.Entry<String, Node> entry : event.entries().entrySet()) {
            String key = entry.getKey();
            Node node = entry.getValue();
            if (RecordSchemas.IKE_UPDATE_FIELDS.read(key, node, value, millis(envelope))) {
                continue;
            }
            if (ikeSa == null && node instanceof Message sa) {
                ikeSa = IkeSaFields.mapInto(value, IKE_SA, key, sa, millis(envelope));
            } else {
                other.add(key, node);
            }
        }
        StructSlots.put(value, OTHER, other.mapOrNull());
        return keyed(envelope, ikeSa, value);
    }

    private KeyedValue log(Envelope envelope, Message event) {
        Struct value = envelope(RecordSchemas.LOG, envelope);
        OtherValues other = new OtherValues();
        long receivedAtMillis = millis(envelope);
        event.forEach((key, node) -> {
            if (!RecordSchemas.LOG_FIELDS.read(key, node, value, receivedAtMillis)) {
                other.add(key, node);
            }
        });
        StructSlots.put(value, OTHER, other.mapOrNull());
        return keyed(envelope, value.getString(IKE_SA), value.getInt64(RecordSchemas.IKE_SA_UNIQUE_ID), value);
    }

    // {type = <alert type>, ike-sa = {<IKE_SA name> = {...}}}; ike-sa only for alerts about an IKE_SA.
    private KeyedValue alert(Envelope envelope, Message event) {
        Struct value = envelope(RecordSchemas.ALERT, envelope);
        OtherValues other = new OtherValues();
        Struct ikeSa = null;
        for (Map.Entry<String, Node> entry : event.entries().entrySet()) {
            String key = entry.getKey();
            Node node = entry.getValue();
            String typeName = key.equals(ALERT_TYPE_KEY) && node instanceof Value v ? ViciText.utf8(v) : null;
            if (typeName != null && value.get(RecordSchemas.TYPE_NAME) == null) {
                StructSlots.put(value, RecordSchemas.TYPE, AlertType.of(typeName).name());
                StructSlots.put(value, RecordSchemas.TYPE_NAME, typeName);
            } else if (key.equals(ALERT_IKE_SA_KEY) && ikeSa == null && node instanceof Message section && !section.isEmpty()) {
                for (Map.Entry<String, Node> sa : section.entries().entrySet()) {
                    if (ikeSa == null && sa.getValue() instanceof Message fields) {
                        ikeSa = IkeSaFields.mapInto(value, IKE_SA, sa.getKey(), fields, millis(envelope));
                    } else {
                        other.add(key + "/" + sa.getKey(), sa.getValue());
                    }
                }
            } else {
                other.add(key, node);
            }
        }
        StructSlots.put(value, OTHER, other.mapOrNull());
        return keyed(envelope, ikeSa, value);
    }

    // Events of newer strongSwan releases mostly carry {<IKE_SA name> = {uniqueid = ..., ...}}: keyed by that SA.
    private KeyedValue generic(Envelope envelope, Message event) {
        Struct value = envelope(RecordSchemas.GENERIC_EVENT, envelope);
        OtherValues values = new OtherValues();
        values.addAll("", event);
        StructSlots.put(value, RecordSchemas.VALUES, values.mapOrNull());
        for (Map.Entry<String, Node> entry : event.entries().entrySet()) {
            if (entry.getValue() instanceof Message sa && sa.node("uniqueid").orElse(null) instanceof Value id) {
                Long uniqueId = ViciText.int64(id);
                if (uniqueId != null) {
                    return keyed(envelope, entry.getKey(), uniqueId, value);
                }
            }
        }
        return keyed(envelope, null, null, value);
    }

    static Struct envelope(Schema schema, Envelope envelope) {
        Struct value = new Struct(schema);
        StructSlots.put(value, RecordSchemas.GATEWAY, envelope.gateway());
        StructSlots.put(value, RecordSchemas.EVENT, envelope.event());
        StructSlots.put(value, RecordSchemas.RECEIVED_AT, Date.from(envelope.receivedAt()));
        return StructSlots.put(value, RecordSchemas.SEQUENCE, envelope.sequence());
    }

    private static KeyedValue keyed(Envelope envelope, Struct ikeSa, Struct value) {
        return ikeSa == null
                ? keyed(envelope, null, null, value)
                : keyed(envelope, ikeSa.getString(IkeSaFields.SA_NAME), ikeSa.getInt64("uniqueid"), value);
    }

    static KeyedValue keyed(Envelope envelope, String ikeSa, Long uniqueId, Struct value) {
        Struct key = new Struct(RecordSchemas.KEY);
        StructSlots.put(key, RecordSchemas.GATEWAY, envelope.gateway());
        StructSlots.put(key, IKE_SA, ikeSa);
        StructSlots.put(key, RecordSchemas.IKE_SA_UNIQUE_ID, uniqueId);
        return new KeyedValue(RecordSchemas.KEY, key, value.schema(), value);
    }

    private static long millis(Envelope envelope) {
        return envelope.receivedAt().toEpochMilli();
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
