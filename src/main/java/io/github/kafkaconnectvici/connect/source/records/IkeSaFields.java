package io.github.kafkaconnectvici.connect.source.records;

import static io.github.kafkaconnectvici.connect.source.records.FieldType.INT32;
import static io.github.kafkaconnectvici.connect.source.records.FieldType.INT64;
import static io.github.kafkaconnectvici.connect.source.records.FieldType.TEXT;
import static io.github.kafkaconnectvici.connect.source.records.FieldType.TEXT_LIST;
import static io.github.kafkaconnectvici.connect.source.records.FieldType.YES_NO;
import static io.github.kafkaconnectvici.connect.source.records.ViciField.of;
import static io.github.kafkaconnectvici.connect.source.records.ViciField.secondsSince;
import static io.github.kafkaconnectvici.connect.source.records.ViciField.secondsUntil;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/** An IKE_SA as list-sas and the SA events describe it (strongSwan's vici README, 5.9.8 and 6.0.6). */
final class IkeSaFields {

    static final String NAME = RecordSchemas.NAMESPACE + ".IkeSa";
    static final String SA_NAME = "name";
    static final String CHILD_SAS = "child_sas";
    static final String CHILD_SAS_KEY = "child-sas";

    /** In charon's order; docs in the spec's words. */
    static final TypedFields FIELDS = new TypedFields(List.of(
            of("uniqueid", INT64, "IKE_SA unique identifier."),
            of("version", INT32, "IKE version, 1 or 2."),
            of("state", TEXT, "IKE_SA state name (e.g. CONNECTING, ESTABLISHED, REKEYING, DELETING)."),
            of("local-host", TEXT, "Local IKE endpoint address."),
            of("local-port", INT32, "Local IKE endpoint port."),
            of("local-id", TEXT, "Local IKE identity."),
            of("remote-host", TEXT, "Remote IKE endpoint address."),
            of("remote-port", INT32, "Remote IKE endpoint port."),
            of("remote-id", TEXT, "Remote IKE identity."),
            of("remote-xauth-id", TEXT, "Remote XAuth identity, if XAuth-authenticated."),
            of("remote-eap-id", TEXT, "Remote EAP identity, if EAP-authenticated."),
            of("initiator", YES_NO, "True if this end initiated the IKE_SA (charon omits the key otherwise)."),
            of("initiator-spi", TEXT, "Hex encoded initiator SPI / cookie."),
            of("responder-spi", TEXT, "Hex encoded responder SPI / cookie."),
            of("nat-local", YES_NO, "True if the local endpoint is behind a NAT."),
            of("nat-remote", YES_NO, "True if the remote endpoint is behind a NAT."),
            of("nat-fake", YES_NO, "True if the NAT situation has been faked as responder."),
            of("nat-any", YES_NO, "True if any endpoint is behind a NAT (also if faked)."),
            of("if-id-in", TEXT, "Hex encoded default inbound XFRM interface ID."),
            of("if-id-out", TEXT, "Hex encoded default outbound XFRM interface ID."),
            of("encr-alg", TEXT, "IKE encryption algorithm string."),
            of("encr-keysize", INT32, "Key size for encr_alg, if applicable."),
            of("integ-alg", TEXT, "IKE integrity algorithm string."),
            of("integ-keysize", INT32, "Key size for integ_alg, if applicable."),
            of("prf-alg", TEXT, "IKE pseudo random function string."),
            of("dh-group", TEXT, "IKE key exchange method (Diffie-Hellman group) name."),
            of("ake1", TEXT, "First additional IKE key exchange method name, if any (strongSwan 6)."),
            of("ake2", TEXT, "Second additional IKE key exchange method name, if any (strongSwan 6)."),
            of("ake3", TEXT, "Third additional IKE key exchange method name, if any (strongSwan 6)."),
            of("ake4", TEXT, "Fourth additional IKE key exchange method name, if any (strongSwan 6)."),
            of("ake5", TEXT, "Fifth additional IKE key exchange method name, if any (strongSwan 6)."),
            of("ake6", TEXT, "Sixth additional IKE key exchange method name, if any (strongSwan 6)."),
            of("ake7", TEXT, "Seventh additional IKE key exchange method name, if any (strongSwan 6)."),
            of("ppk", YES_NO, "True if a postquantum preshared key was used."),
            secondsSince("established", "established_at", "Seconds the IKE_SA has been established.",
                    "When the IKE_SA was established: received_at minus established."),
            secondsUntil("rekey-time", "rekey_at", "Seconds before the IKE_SA gets rekeyed.",
                    "When the IKE_SA gets rekeyed: received_at plus rekey_time."),
            secondsUntil("reauth-time", "reauth_at", "Seconds before the IKE_SA gets re-authenticated.",
                    "When the IKE_SA gets re-authenticated: received_at plus reauth_time."),
            of("local-vips", TEXT_LIST, "Virtual IPs assigned by the remote peer, installed locally."),
            of("remote-vips", TEXT_LIST, "Virtual IPs assigned to the remote peer."),
            of("tasks-queued", TEXT_LIST, "Currently queued tasks for execution."),
            of("tasks-active", TEXT_LIST, "Tasks currently initiating actively."),
            of("tasks-passive", TEXT_LIST, "Tasks currently handling passively.")));

    static final Schema SCHEMA = builder().build();
    static final Schema OPTIONAL_SCHEMA = builder().optional().build();

    private IkeSaFields() {
    }

    private static SchemaBuilder builder() {
        SchemaBuilder struct = SchemaBuilder.struct().name(NAME).version(1)
                .doc("An IKE_SA, with its CHILD_SAs where the event lists them.")
                .field(SA_NAME, SchemaBuilder.string().doc("IKE_SA config name: the key charon filed the IKE_SA under"
                        + " ((unnamed) in ike-update for a responder's SA not yet matched to a config).").build());
        FIELDS.addTo(struct);
        return struct
                .field(CHILD_SAS, SchemaBuilder.array(ChildSaFields.SCHEMA).optional()
                        .doc("The CHILD_SAs charon listed in child-sas, in its order (in child-updown only the"
                                + " affected one; absent where the event has no child-sas section).").build())
                .field(RecordSchemas.OTHER, OtherValues.schema());
    }

    /**
     * The typed IKE_SA as the optional {@code field} of {@code parent}, put there before it is filled:
     * Connect validates a Struct, and every Struct within it, whenever it is put, so a filled IKE_SA put
     * into its record would have each of its values (and its CHILD_SAs') validated again.
     */
    static Struct mapInto(Struct parent, String field, String name, Message sa, long receivedAtMillis) {
        OtherValues other = new OtherValues();
        return finish(mapInto(parent, field, name, sa, receivedAtMillis, other, false), other);
    }

    /**
     * As {@link #mapInto(Struct, String, String, Message, long)}, but its child-sas section is left to the
     * caller if {@code childSasByCaller}, and whatever cannot be typed goes to {@code other}, which the
     * caller completes and puts into the struct with {@link #finish}.
     */
    static Struct mapInto(Struct parent, String field, String name, Message sa, long receivedAtMillis, OtherValues other,
            boolean childSasByCaller) {
        Struct struct = StructSlots.put(new Struct(OPTIONAL_SCHEMA), SA_NAME, name);
        StructSlots.put(parent, field, struct);
        return fill(struct, sa, receivedAtMillis, other, childSasByCaller);
    }

    private static Struct fill(Struct struct, Message sa, long receivedAtMillis, OtherValues other,
            boolean childSasByCaller) {
        sa.forEach((key, node) -> {
            if (key.equals(CHILD_SAS_KEY)) {
                if (!childSasByCaller) {
                    childSas(node, struct, receivedAtMillis, other);
                }
            } else if (!FIELDS.read(key, node, struct, receivedAtMillis)) {
                other.add(key, node);
            }
        });
        return struct;
    }

    static Struct finish(Struct ikeSa, OtherValues other) {
        return StructSlots.put(ikeSa, RecordSchemas.OTHER, other.mapOrNull());
    }

    private static void childSas(Node node, Struct struct, long receivedAtMillis, OtherValues other) {
        if (!(node instanceof Message section)) {
            other.add(CHILD_SAS_KEY, node);
            return;
        }
        List<Struct> children = new ArrayList<>(section.size());
        StructSlots.put(struct, CHILD_SAS, children); // while empty: put validates every Struct in the list
        for (Map.Entry<String, Node> entry : section.entries().entrySet()) {
            if (entry.getValue() instanceof Message child) {
                children.add(ChildSaFields.map(entry.getKey(), child, receivedAtMillis));
            } else {
                other.add(CHILD_SAS_KEY + "/" + entry.getKey(), entry.getValue());
            }
        }
    }
}
