package io.github.kafkaconnectvici.connect.source.records;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Node;
import io.github.kafkaconnectvici.vici.codec.Value;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.connect.data.Struct;

/** The records of a gateway's inventory: configured connections, pools, stats, certificates. */
public final class InventoryMapper {

    // Bigger than any certificate charon would load; a larger blob is not decoded.
    private static final int MAX_CERT_BYTES = 64 * 1024;

    public InventoryMapper() {
    }

    /**
     * A flattened inventory item; {@code name} (a connection's) also goes into the key, so that every
     * item of one connection shares a partition.
     */
    public KeyedValue entry(Envelope envelope, String inventoryId, String name, Message item) {
        Objects.requireNonNull(item, "item");
        Struct value = RecordMapper.envelope(RecordSchemas.INVENTORY_ENTRY, envelope)
                .put(RecordSchemas.INVENTORY_ID, Objects.requireNonNull(inventoryId, "inventoryId"))
                .put("name", name);
        OtherValues values = new OtherValues();
        values.addAll("", item);
        value.put(RecordSchemas.VALUES, values.mapOrNull());
        return RecordMapper.keyed(envelope, name, null, value);
    }

    /** One list-cert event; an X.509 certificate's validity is read from its encoding. */
    public KeyedValue certificate(Envelope envelope, String inventoryId, Message listCert) {
        Struct value = RecordMapper.envelope(RecordSchemas.CERTIFICATE, envelope)
                .put(RecordSchemas.INVENTORY_ID, Objects.requireNonNull(inventoryId, "inventoryId"))
                .put("type", listCert.text("type").orElse(null))
                .put("flag", listCert.text("flag").orElse(null))
                .put("has_privkey", listCert.text("has_privkey").map("yes"::equals).orElse(false))
                .put("subject", listCert.text("subject").orElse(null));
        byte[] data = listCert.node("data").orElse(null) instanceof Value v ? v.bytes() : null;
        if (data != null && data.length <= MAX_CERT_BYTES) {
            value.put("sha256", sha256(data));
            if ("X509".equals(value.getString("type"))) {
                decodeX509(data, value);
            }
        } else if (data != null) {
            value.put("problem", "the certificate has " + data.length + " bytes; at most " + MAX_CERT_BYTES + " are decoded");
        }
        return RecordMapper.keyed(envelope, null, null, value);
    }

    private static void decodeX509(byte[] data, Struct value) {
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(data));
            value.put("subject", cert.getSubjectX500Principal().getName())
                    .put("issuer", cert.getIssuerX500Principal().getName())
                    .put("serial", cert.getSerialNumber().toString(16))
                    .put("not_before", cert.getNotBefore())
                    .put("not_after", cert.getNotAfter());
        } catch (CertificateException | RuntimeException e) {
            value.put("problem", "not a decodable X.509 certificate: " + e.getClass().getSimpleName());
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Each named section of a list-conn event or the list-pools response, with its name. */
    public static Map<String, Message> sections(Message message) {
        Map<String, Message> sections = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : message.entries().entrySet()) {
            if (entry.getValue() instanceof Message section) {
                sections.put(entry.getKey(), section);
            }
        }
        return sections;
    }
}
