package io.github.kafkaconnectvici.connect.source.records;

import static io.github.kafkaconnectvici.connect.source.records.FieldType.INT32;
import static io.github.kafkaconnectvici.connect.source.records.FieldType.INT64;
import static io.github.kafkaconnectvici.connect.source.records.FieldType.ONE_ZERO;
import static io.github.kafkaconnectvici.connect.source.records.FieldType.TEXT;
import static io.github.kafkaconnectvici.connect.source.records.FieldType.TEXT_LIST;
import static io.github.kafkaconnectvici.connect.source.records.FieldType.YES_NO;
import static io.github.kafkaconnectvici.connect.source.records.ViciField.of;
import static io.github.kafkaconnectvici.connect.source.records.ViciField.secondsSince;
import static io.github.kafkaconnectvici.connect.source.records.ViciField.secondsUntil;

import io.github.kafkaconnectvici.vici.codec.Message;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/** A CHILD_SA as list-sas, child-updown and child-rekey describe it (strongSwan's vici README, 5.9.8 and 6.0.6). */
final class ChildSaFields {

    static final String NAME = RecordSchemas.NAMESPACE + ".ChildSa";
    static final String SECTION_KEY = "section_key";

    /** In charon's order; docs in the spec's words. */
    static final TypedFields FIELDS = new TypedFields(List.of(
            of("name", TEXT, "Name of the CHILD_SA."),
            of("uniqueid", INT64, "Unique CHILD_SA identifier."),
            of("reqid", INT64, "Reqid of the CHILD_SA."),
            of("state", TEXT, "State string of the CHILD_SA (e.g. INSTALLED, REKEYED, DELETED)."),
            of("mode", TEXT, "IPsec mode: TUNNEL, TRANSPORT, TRANSPORT_PROXY or BEET."),
            of("label", TEXT, "Hex encoded security label."),
            of("protocol", TEXT, "IPsec protocol: AH or ESP."),
            of("encap", YES_NO, "True if using UDP encapsulation (charon omits the key otherwise)."),
            of("spi-in", TEXT, "Hex encoded inbound SPI."),
            of("spi-out", TEXT, "Hex encoded outbound SPI."),
            of("cpi-in", TEXT, "Hex encoded inbound CPI, if using compression."),
            of("cpi-out", TEXT, "Hex encoded outbound CPI, if using compression."),
            of("mark-in", TEXT, "Hex encoded inbound Netfilter mark value."),
            of("mark-mask-in", TEXT, "Hex encoded inbound Netfilter mark mask."),
            of("mark-out", TEXT, "Hex encoded outbound Netfilter mark value."),
            of("mark-mask-out", TEXT, "Hex encoded outbound Netfilter mark mask."),
            of("if-id-in", TEXT, "Hex encoded inbound XFRM interface ID."),
            of("if-id-out", TEXT, "Hex encoded outbound XFRM interface ID."),
            of("per-cpu-sas", TEXT, "Whether per-CPU SAs are enabled, as charon writes it (yes; strongSwan 6)."),
            of("cpu", INT64, "CPU ID of a per-CPU SA (strongSwan 6)."),
            of("encr-alg", TEXT, "ESP encryption algorithm name, if any."),
            of("encr-keysize", INT32, "ESP encryption key size, if applicable."),
            of("integ-alg", TEXT, "ESP or AH integrity algorithm name, if any."),
            of("integ-keysize", INT32, "ESP or AH integrity key size, if applicable."),
            of("prf-alg", TEXT, "CHILD_SA pseudo random function name."),
            of("dh-group", TEXT, "CHILD_SA key exchange method (PFS DH group) name, if any."),
            of("ake1", TEXT, "First additional CHILD_SA key exchange method name, if any (strongSwan 6)."),
            of("ake2", TEXT, "Second additional CHILD_SA key exchange method name, if any (strongSwan 6)."),
            of("ake3", TEXT, "Third additional CHILD_SA key exchange method name, if any (strongSwan 6)."),
            of("ake4", TEXT, "Fourth additional CHILD_SA key exchange method name, if any (strongSwan 6)."),
            of("ake5", TEXT, "Fifth additional CHILD_SA key exchange method name, if any (strongSwan 6)."),
            of("ake6", TEXT, "Sixth additional CHILD_SA key exchange method name, if any (strongSwan 6)."),
            of("ake7", TEXT, "Seventh additional CHILD_SA key exchange method name, if any (strongSwan 6)."),
            of("esn", ONE_ZERO, "True if using extended sequence numbers (charon writes 1, or omits the key)."),
            of("bytes-in", INT64, "Number of input bytes processed."),
            of("packets-in", INT64, "Number of input packets processed."),
            secondsSince("use-in", "last_in_at", "Seconds since the last inbound packet, if any.",
                    "When the last inbound packet was processed: received_at minus use_in."),
            of("bytes-out", INT64, "Number of output bytes processed."),
            of("packets-out", INT64, "Number of output packets processed."),
            secondsSince("use-out", "last_out_at", "Seconds since the last outbound packet, if any.",
                    "When the last outbound packet was processed: received_at minus use_out."),
            secondsUntil("rekey-time", "rekey_at", "Seconds before the CHILD_SA gets rekeyed.",
                    "When the CHILD_SA gets rekeyed: received_at plus rekey_time."),
            secondsUntil("life-time", "expires_at", "Seconds before the CHILD_SA expires.",
                    "When the CHILD_SA expires: received_at plus life_time."),
            secondsSince("install-time", "installed_at", "Seconds the CHILD_SA has been installed.",
                    "When the CHILD_SA was installed: received_at minus install_time."),
            of("local-ts", TEXT_LIST, "List of local traffic selectors."),
            of("remote-ts", TEXT_LIST, "List of remote traffic selectors.")));

    static final Schema SCHEMA = builder().build();
    static final Schema OPTIONAL_SCHEMA = builder().optional().build();

    private ChildSaFields() {
    }

    private static SchemaBuilder builder() {
        SchemaBuilder struct = SchemaBuilder.struct().name(NAME).version(1)
                .doc("A CHILD_SA: an IPsec SA pair negotiated within an IKE_SA.")
                .field(SECTION_KEY, SchemaBuilder.string().doc("The key charon filed this CHILD_SA under in child-sas:"
                        + " <name>-<uniqueid> in list-sas and child-updown, the name alone in child-rekey.").build());
        return FIELDS.addTo(struct).field(RecordSchemas.OTHER, OtherValues.schema());
    }

    /** The typed CHILD_SA, an item of child_sas; anything it cannot type goes to its own {@code other}. */
    static Struct map(String sectionKey, Message child, long receivedAtMillis) {
        return fill(StructSlots.put(new Struct(SCHEMA), SECTION_KEY, sectionKey), child, receivedAtMillis);
    }

    /**
     * The typed CHILD_SA as the optional {@code field} of {@code parent}, put there before it is filled, as
     * {@link IkeSaFields#mapInto(Struct, String, String, Message, long)} puts an IKE_SA.
     */
    static Struct mapInto(Struct parent, String field, String sectionKey, Message child, long receivedAtMillis) {
        Struct struct = StructSlots.put(new Struct(OPTIONAL_SCHEMA), SECTION_KEY, sectionKey);
        StructSlots.put(parent, field, struct);
        return fill(struct, child, receivedAtMillis);
    }

    private static Struct fill(Struct struct, Message child, long receivedAtMillis) {
        OtherValues other = new OtherValues();
        child.forEach((key, node) -> {
            if (!FIELDS.read(key, node, struct, receivedAtMillis)) {
                other.add(key, node);
            }
        });
        return StructSlots.put(struct, RecordSchemas.OTHER, other.mapOrNull());
    }
}
