package io.github.kafkaconnectvici.connect.source.records;

import static io.github.kafkaconnectvici.connect.source.records.FieldType.INT32;
import static io.github.kafkaconnectvici.connect.source.records.FieldType.INT64;
import static io.github.kafkaconnectvici.connect.source.records.FieldType.TEXT;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The source connector's Connect schemas: one key schema for every topic and one value schema per
 * record type. Every value starts with the envelope (gateway, event, received_at, sequence); every
 * field past the identity is optional, since almost every VICI key is optional across strongSwan
 * and IKE versions.
 */
public final class RecordSchemas {

    public static final String NAMESPACE = "io.github.kafkaconnectvici.source";

    static final String OTHER = "other";
    static final String GATEWAY = "gateway";
    static final String EVENT = "event";
    static final String RECEIVED_AT = "received_at";
    static final String SEQUENCE = "sequence";
    static final String UP = "up";
    static final String IKE_SA = "ike_sa";
    static final String IKE_SA_UNIQUE_ID = "ike_sa_unique_id";
    static final String OLD_IKE_SA = "old_ike_sa";
    static final String NEW_IKE_SA = "new_ike_sa";
    static final String OLD_CHILD_SA = "old_child_sa";
    static final String NEW_CHILD_SA = "new_child_sa";
    static final String SNAPSHOT_ID = "snapshot_id";
    static final String POSITION = "position";
    static final String LAST = "last";
    static final String TOTAL = "total";
    static final String VALUES = "values";
    static final String TYPE = "type";
    static final String TYPE_NAME = "type_name";
    static final String SOURCE = "source";
    static final String INVENTORY_ID = "inventory_id";
    static final String IKE_SA_UNIQUE_IDS = "ike_sa_unique_ids";

    /** The key of every record: all records of one IKE_SA share it, so they share a partition. */
    public static final Schema KEY = SchemaBuilder.struct().name(NAMESPACE + ".SaKey").version(1)
            .doc("Identifies the IKE_SA a record is about; status records and records about no SA carry the gateway only.")
            .field(GATEWAY, SchemaBuilder.string().doc("The gateway's name in vici.endpoints.").build())
            .field(IKE_SA, SchemaBuilder.string().optional().doc("IKE_SA config name.").build())
            .field(IKE_SA_UNIQUE_ID, SchemaBuilder.int64().optional().doc("IKE_SA unique identifier.").build())
            .build();

    public static final Schema IKE_UPDOWN = updown("IkeUpdown",
            "ike-updown: an IKE_SA was established (up) or terminated (down).");

    public static final Schema CHILD_UPDOWN = updown("ChildUpdown",
            "child-updown: a CHILD_SA was established (up) or terminated (down); ike_sa.child_sas holds the affected CHILD_SA.");

    public static final Schema IKE_REKEY = envelope("IkeRekey", "ike-rekey: an IKE_SA was rekeyed; the old one is replaced by the new one.")
            .field(OLD_IKE_SA, IkeSaFields.OPTIONAL_SCHEMA)
            .field(NEW_IKE_SA, IkeSaFields.OPTIONAL_SCHEMA)
            .field(OTHER, OtherValues.schema())
            .build();

    public static final Schema CHILD_REKEY = envelope("ChildRekey",
            "child-rekey: a CHILD_SA was rekeyed; the old one is replaced by the new one within ike_sa.")
            .field(IKE_SA, IkeSaFields.OPTIONAL_SCHEMA)
            .field(OLD_CHILD_SA, ChildSaFields.OPTIONAL_SCHEMA)
            .field(NEW_CHILD_SA, ChildSaFields.OPTIONAL_SCHEMA)
            .field(OTHER, OtherValues.schema())
            .build();

    /** The top-level keys of ike-update: where the IKE_SA moves to. */
    static final TypedFields IKE_UPDATE_FIELDS = new TypedFields(List.of(
            ViciField.of("local-host", TEXT, "New/current local IKE endpoint address."),
            ViciField.of("local-port", INT32, "New/current local IKE endpoint port."),
            ViciField.of("remote-host", TEXT, "New/current remote IKE endpoint address."),
            ViciField.of("remote-port", INT32, "New/current remote IKE endpoint port.")));

    public static final Schema IKE_UPDATE = IKE_UPDATE_FIELDS.addTo(envelope("IkeUpdate",
                    "ike-update: the local or remote endpoint of an IKE_SA is about to change; ike_sa lists the old addresses."))
            .field(IKE_SA, IkeSaFields.OPTIONAL_SCHEMA)
            .field(OTHER, OtherValues.schema())
            .build();

    static final TypedFields LOG_FIELDS = new TypedFields(List.of(
            ViciField.of("group", TEXT, "Subsystem identifier for the debug message (e.g. IKE, CFG, NET)."),
            ViciField.of("level", INT32, "Log level: 0-1 for log (charon raises it for levels 0 and 1 only), up to the"
                    + " requested loglevel for control-log."),
            ViciField.of("thread", INT32, "Numerical identifier of the thread issuing the log message (log only, not control-log)."),
            ViciField.named("ikesa-name", IKE_SA, TEXT, "Name of the IKE_SA, if the message is associated with any."),
            ViciField.named("ikesa-uniqueid", IKE_SA_UNIQUE_ID, INT64,
                    "Unique identifier of the IKE_SA, if the message is associated with any."),
            ViciField.named("msg", "message", TEXT, "Log message text.")));

    public static final Schema LOG = LOG_FIELDS.addTo(envelope("Log", "log (and control-log): one of charon's debug log messages."))
            .field(OTHER, OtherValues.schema())
            .build();

    public static final Schema LIST_SA = envelope("ListSa",
                    "One IKE_SA with its CHILD_SAs from a list-sas snapshot; a snapshot is whole once positions 0 to total-1"
                            + " of one snapshot_id have been seen.")
            .field(SNAPSHOT_ID, SchemaBuilder.string().doc("Identifies the snapshot this entry belongs to.").build())
            .field(POSITION, SchemaBuilder.int64().doc("This entry's position in its snapshot, from 0.").build())
            .field(LAST, SchemaBuilder.bool().doc("True for the snapshot's last entry.").build())
            .field(TOTAL, SchemaBuilder.int64().optional().doc("Number of entries in the snapshot; set on the last entry only.").build())
            .field(IKE_SA, IkeSaFields.OPTIONAL_SCHEMA)
            .field(OTHER, OtherValues.schema())
            .build();

    public static final Schema ALERT = envelope("Alert",
                    "alert (strongSwan 6.0.3+): an error condition charon reports, with the IKE_SA it concerns where"
                            + " there is one; keyed by that IKE_SA, so it shares its partition with the SA's other records.")
            .field(TYPE, AlertType.schema())
            .field(TYPE_NAME, SchemaBuilder.string().optional()
                    .doc("The alert type exactly as charon sent it (e.g. proposal-mismatch-ike); kept for UNKNOWN types.").build())
            .field(IKE_SA, IkeSaFields.OPTIONAL_SCHEMA)
            .field(OTHER, OtherValues.schema())
            .build();

    public static final Schema STATUS = envelope("Status",
                    "The connector's own report on a gateway: gaps, reconnects, heartbeats, snapshots, unknown events, shed events.")
            .field("kind", SchemaBuilder.string().doc("GAP, RECONNECTED, HEARTBEAT, SNAPSHOT_STARTED, SNAPSHOT_COMPLETED,"
                    + " SNAPSHOT_FAILED, EVENT_UNKNOWN, EVENTS_SHED, CONNECTION_FAILED, SIGNAL_REJECTED,"
                    + " INVENTORY_COMPLETED or INVENTORY_FAILED.").build())
            .field("reason", SchemaBuilder.string().optional().doc("Human-readable cause.").build())
            .field("gap_start", Timestamp.builder().optional().doc("First instant events may have been missed.").build())
            .field("gap_end", Timestamp.builder().optional().doc("Instant the event stream was whole again.").build())
            .field(SNAPSHOT_ID, SchemaBuilder.string().optional().doc("The snapshot this report is about.").build())
            .field("snapshot_total", SchemaBuilder.int64().optional().doc("Number of IKE_SAs in a completed snapshot.").build())
            .field("events_shed", SchemaBuilder.int64().optional().doc("Events dropped under overload since the last report.").build())
            .field("events", SchemaBuilder.array(Schema.STRING_SCHEMA).optional()
                    .doc("Event names concerned, e.g. those the daemon answered EVENT_UNKNOWN to.").build())
            .field("daemon_version", SchemaBuilder.string().optional().doc("The daemon's version as its version command reports it.").build())
            .field("request_id", SchemaBuilder.string().optional().doc("The id of the signal that asked for this snapshot"
                    + " (or that was rejected).").build())
            .field("snapshot_filter", SchemaBuilder.string().optional().doc("The filter of a requested snapshot, e.g."
                    + " ike=ab,child=net; a filtered snapshot lists only the matching SAs, so SAs it leaves out are not gone.").build())
            .build();

    public static final Schema SA_STATE = envelope("SaState",
                    "The latest known state of one IKE_SA, on the compacted topic <prefix>.sa-state keyed by the SA: written"
                            + " for every event and snapshot entry about it; a tombstone (null value) when it goes down, is"
                            + " rekeyed away, or a completed snapshot no longer lists it. sequence is that of the record it"
                            + " was derived from.")
            .field(SOURCE, SchemaBuilder.string().doc("The record type this state was derived from: ike-updown,"
                    + " child-updown, ike-rekey, child-rekey or list-sa.").build())
            .field(SNAPSHOT_ID, SchemaBuilder.string().optional().doc("The snapshot, when derived from a list-sa entry.").build())
            .field(IKE_SA, IkeSaFields.OPTIONAL_SCHEMA)
            .build();

    public static final Schema SESSION = envelope("Session",
                    "One IKE_SA's whole life, written when it goes down (or vanishes from a snapshot): start, end, peers,"
                            + " and traffic summed over every CHILD_SA it had across all rekeys; keyed by its last IKE_SA.")
            .field(IKE_SA_UNIQUE_IDS, SchemaBuilder.array(Schema.INT64_SCHEMA)
                    .doc("Unique ids the IKE_SA had, oldest first (one more per IKE rekey).").build())
            .field("start", Timestamp.builder().optional().doc("When the IKE_SA was established (ike-updown up, or"
                    + " established_at of the first snapshot that listed it).").build())
            .field("end", Timestamp.builder().doc("When it went down (ike-updown down), or when a snapshot found it gone.").build())
            .field("duration_ms", SchemaBuilder.int64().optional().doc("end minus start, in milliseconds.").build())
            .field("local_id", SchemaBuilder.string().optional().doc("Local IKE identity.").build())
            .field("remote_id", SchemaBuilder.string().optional().doc("Remote IKE identity.").build())
            .field("remote_eap_id", SchemaBuilder.string().optional().doc("Remote EAP identity, if any.").build())
            .field("remote_xauth_id", SchemaBuilder.string().optional().doc("Remote XAuth identity, if any.").build())
            .field("local_host", SchemaBuilder.string().optional().doc("Local IKE address (the last known).").build())
            .field("local_port", SchemaBuilder.int32().optional().doc("Local IKE port (the last known).").build())
            .field("remote_host", SchemaBuilder.string().optional().doc("Remote IKE address (the last known).").build())
            .field("remote_port", SchemaBuilder.int32().optional().doc("Remote IKE port (the last known).").build())
            .field("bytes_in", SchemaBuilder.int64().doc("Inbound bytes over every CHILD_SA of the session.").build())
            .field("bytes_out", SchemaBuilder.int64().doc("Outbound bytes over every CHILD_SA of the session.").build())
            .field("packets_in", SchemaBuilder.int64().doc("Inbound packets over every CHILD_SA of the session.").build())
            .field("packets_out", SchemaBuilder.int64().doc("Outbound packets over every CHILD_SA of the session.").build())
            .field("child_sas", SchemaBuilder.int64().doc("CHILD_SAs the session had (each rekeyed CHILD_SA counts).").build())
            .field("child_rekeys", SchemaBuilder.int64().doc("CHILD_SA rekeys seen (child-rekey events).").build())
            .field("ike_rekeys", SchemaBuilder.int64().doc("IKE_SA rekeys seen (ike-rekey events).").build())
            .field("partial", SchemaBuilder.bool().doc("True if the figures may be incomplete: a gap fell inside the"
                    + " session, it began before the connector followed it, or it vanished without ike-updown down.").build())
            .field("partial_reason", SchemaBuilder.string().optional().doc("Why the session is partial.").build())
            .build();

    public static final Schema INVENTORY_ENTRY = envelope("InventoryEntry",
                    "One item of a gateway's inventory, taken every inventory.interval.ms: a configured connection"
                            + " (list-conns, on <prefix>.conns), a virtual IP pool (get-pools, <prefix>.pools) or charon's"
                            + " stats and counters (<prefix>.stats); flattened, every value under its path.")
            .field(INVENTORY_ID, SchemaBuilder.string().doc("Identifies the inventory this entry belongs to; an"
                    + " INVENTORY_COMPLETED status record with it closes the inventory.").build())
            .field("name", SchemaBuilder.string().optional().doc("The connection's name (conns); absent for pools and stats.").build())
            .field(VALUES, SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).optional()
                    .doc("Path → value of every value in the item (paths as in other fields).").build())
            .build();

    public static final Schema CERTIFICATE = envelope("Certificate",
                    "One certificate charon has loaded (list-certs, on <prefix>.certs), taken every inventory.interval.ms;"
                            + " X.509 certificates are decoded for their validity, so consumers see those about to expire.")
            .field(INVENTORY_ID, SchemaBuilder.string().doc("Identifies the inventory this entry belongs to.").build())
            .field("type", SchemaBuilder.string().optional().doc("X509, X509_AC, X509_CRL, OCSP_RESPONSE or PUBKEY.").build())
            .field("flag", SchemaBuilder.string().optional().doc("X.509 flag: NONE, CA, AA or OCSP.").build())
            .field("has_privkey", SchemaBuilder.bool().doc("True if charon holds the matching private key (never sent).").build())
            .field("subject", SchemaBuilder.string().optional().doc("Subject distinguished name.").build())
            .field("issuer", SchemaBuilder.string().optional().doc("Issuer distinguished name (X509).").build())
            .field("serial", SchemaBuilder.string().optional().doc("Serial number, hex (X509).").build())
            .field("not_before", Timestamp.builder().optional().doc("Start of validity.").build())
            .field("not_after", Timestamp.builder().optional().doc("End of validity.").build())
            .field("sha256", SchemaBuilder.string().optional().doc("SHA-256 fingerprint of the encoded certificate, hex.").build())
            .field("problem", SchemaBuilder.string().optional().doc("Why the certificate could not be decoded, if it could not.").build())
            .build();

    public static final Schema GENERIC_EVENT = envelope("GenericEvent",
                    "Any other VICI event, flattened: every value under its path.")
            .field(VALUES, SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).optional()
                    .doc("Path → value of every value in the event (paths as in other fields).").build())
            .build();

    private RecordSchemas() {
    }

    /** Every value schema by its short name (the .avsc file name), then the key's. */
    public static Map<String, Schema> all() {
        Map<String, Schema> all = new LinkedHashMap<>();
        for (Schema schema : List.of(KEY, IKE_UPDOWN, CHILD_UPDOWN, IKE_REKEY, CHILD_REKEY, IKE_UPDATE, LOG, LIST_SA,
                ALERT, STATUS, GENERIC_EVENT, SA_STATE, SESSION, INVENTORY_ENTRY, CERTIFICATE)) {
            all.put(schema.name().substring(NAMESPACE.length() + 1), schema);
        }
        return all;
    }

    private static Schema updown(String name, String doc) {
        return envelope(name, doc)
                .field(UP, SchemaBuilder.bool().doc("True for up, false for down (charon sends up=yes, or no up key at all).").build())
                .field(IKE_SA, IkeSaFields.OPTIONAL_SCHEMA)
                .field(OTHER, OtherValues.schema())
                .build();
    }

    private static SchemaBuilder envelope(String name, String doc) {
        return SchemaBuilder.struct().name(NAMESPACE + "." + name).version(1).doc(doc)
                .field(GATEWAY, SchemaBuilder.string().doc("The gateway's name in vici.endpoints.").build())
                .field(EVENT, SchemaBuilder.string().doc("The VICI event name (list-sa for snapshot entries, status for status records).").build())
                .field(RECEIVED_AT, Timestamp.builder().doc("When the connector received the event.").build())
                .field(SEQUENCE, SchemaBuilder.int64().doc("Per-gateway sequence number: the record's source offset.").build());
    }
}
