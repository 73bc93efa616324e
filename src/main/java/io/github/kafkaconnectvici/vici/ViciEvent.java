package io.github.kafkaconnectvici.vici;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The events charon raises. Subscriptions take any name: an event a later strongSwan adds works by name,
 * and a charon that does not know it (e.g. 5.9.8 for {@code alert}) answers EVENT_UNKNOWN.
 */
public enum ViciEvent {
    /** Every debug log message. */
    LOG("log", false),
    /** Log messages of an active initiate or terminate, to the client running it. */
    CONTROL_LOG("control-log", true),
    /** An IKE_SA during list-sas. */
    LIST_SA("list-sa", true),
    /** A policy during list-policies. */
    LIST_POLICY("list-policy", true),
    /** A connection during list-conns. */
    LIST_CONN("list-conn", true),
    /** A certificate during list-certs. */
    LIST_CERT("list-cert", true),
    /** A certification authority during list-authorities. */
    LIST_AUTHORITY("list-authority", true),
    /** An IKE_SA established or terminated. */
    IKE_UPDOWN("ike-updown", false),
    /** An IKE_SA rekeyed. */
    IKE_REKEY("ike-rekey", false),
    /** An IKE_SA's endpoints are about to change (charon 5.9 raises it too; strongSwan's 6.0.6 vici README documents it). */
    IKE_UPDATE("ike-update", false),
    /** A CHILD_SA established or terminated. */
    CHILD_UPDOWN("child-updown", false),
    /** A CHILD_SA rekeyed. */
    CHILD_REKEY("child-rekey", false),
    /** An error condition, with the IKE_SA it concerns nested under ike-sa (strongSwan 6.0.3 and later). */
    ALERT("alert", false);

    private static final Map<String, ViciEvent> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ViciEvent::wireName, Function.identity()));

    private final String wireName;
    private final boolean streamOnly;

    ViciEvent(String wireName, boolean streamOnly) {
        this.wireName = wireName;
        this.streamOnly = streamOnly;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether charon raises it only during a command, to the connection running that command. */
    public boolean isStreamOnly() {
        return streamOnly;
    }

    public static Optional<ViciEvent> byName(String wireName) {
        return Optional.ofNullable(BY_NAME.get(wireName));
    }
}
