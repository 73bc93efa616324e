package io.github.kafkaconnectvici.connect.source.records;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The {@code type} of charon's {@code alert} event (strongSwan 6.0.3+), as its vici README lists them
 * (6.0.6). The symbol is the wire name upper-cased with '_' for '-' (Avro enum symbols allow no '-');
 * a type this list does not know becomes {@link #UNKNOWN}, and the record keeps the wire name beside it.
 */
enum AlertType {
    AUTHORIZATION_FAILED,
    CERT_EXCEEDED_PATH_LEN,
    CERT_EXPIRED,
    CERT_NO_ISSUER,
    CERT_POLICY_VIOLATION,
    CERT_REVOKED,
    CERT_UNTRUSTED_ROOT,
    CERT_VALIDATION_FAILED,
    HALF_OPEN_TIMEOUT,
    IKE_SA_EXPIRED,
    INSTALL_CHILD_POLICY_FAILED,
    INSTALL_CHILD_SA_FAILED,
    INVALID_IKE_SPI,
    KEEP_ON_CHILD_SA_FAILURE,
    LOCAL_AUTH_FAILED,
    PARSE_ERROR_BODY,
    PARSE_ERROR_HEADER,
    PEER_ADDR_FAILED,
    PEER_AUTH_FAILED,
    PEER_INIT_UNREACHABLE,
    PROPOSAL_MISMATCH_CHILD,
    PROPOSAL_MISMATCH_IKE,
    RADIUS_NOT_RESPONDING,
    RETRANSMIT_RECEIVE,
    RETRANSMIT_SEND,
    RETRANSMIT_SEND_CLEARED,
    RETRANSMIT_SEND_TIMEOUT,
    SHUTDOWN_SIGNAL,
    TS_MISMATCH,
    TS_NARROWED,
    UNIQUE_KEEP,
    UNIQUE_REPLACE,
    VIP_FAILURE,
    /** A type charon sent that this list does not know (a newer strongSwan's). */
    UNKNOWN;

    // Confluent's Connect-enum parameters: the Avro converters write an Avro enum from them when
    // enhanced.avro.schema.support is on, and a string carrying the symbols otherwise.
    private static final String ENUM_PARAMETER = "io.confluent.connect.avro.Enum";

    private static final Map<String, AlertType> BY_WIRE_NAME = Arrays.stream(values())
            .filter(type -> type != UNKNOWN)
            .collect(Collectors.toUnmodifiableMap(AlertType::wireName, Function.identity()));

    /** The name charon sends, e.g. {@code proposal-mismatch-ike}. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The documented type named {@code wireName}, or {@link #UNKNOWN}. */
    static AlertType of(String wireName) {
        return BY_WIRE_NAME.getOrDefault(wireName, UNKNOWN);
    }

    /** The optional Connect enum schema of the record's {@code type} field. */
    static Schema schema() {
        SchemaBuilder schema = SchemaBuilder.string().optional()
                .parameter(ENUM_PARAMETER, RecordSchemas.NAMESPACE + ".AlertType")
                .doc("The alert type: the documented wire name upper-cased, '-' as '_' (proposal-mismatch-ike is"
                        + " PROPOSAL_MISMATCH_IKE); UNKNOWN for a type this connector does not know, whose name"
                        + " type_name keeps.");
        for (AlertType type : values()) {
            schema.parameter(ENUM_PARAMETER + "." + type.name(), type.name());
        }
        return schema.build();
    }
}
