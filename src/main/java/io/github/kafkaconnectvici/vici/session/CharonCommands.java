package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.ViciCommand;
import io.github.kafkaconnectvici.vici.ViciEvent;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Typed helpers for the commands operators use most. Everything else, and anything a newer charon
 * adds, goes through {@link ViciClient#call} by name. Failures raise the client's exceptions
 * ({@link CommandFailedException} for {@code success = no}).
 */
public final class CharonCommands {

    /**
     * Added to charon's own timeout for initiate/terminate to make the client's deadline: charon's timeout ends
     * the command and its answer can still arrive; the deadline only catches a charon that never answers.
     * The one margin for every caller that streams these commands (the sink's executor included).
     */
    public static final Duration STREAM_GRACE = Duration.ofSeconds(10);

    private static final Consumer<Message> IGNORE = m -> { };

    private final ViciClient client;

    public CharonCommands(ViciClient client) {
        this.client = Objects.requireNonNull(client);
    }

    public DaemonVersion version() {
        return DaemonVersion.from(client.call(ViciCommand.VERSION.wireName()));
    }

    public Message stats() {
        return client.call(ViciCommand.STATS.wireName());
    }

    public void reloadSettings() {
        client.call(ViciCommand.RELOAD_SETTINGS.wireName());
    }

    /**
     * Initiates a CHILD_SA (and its IKE_SA if needed), waiting at most {@code timeout} for charon to
     * report the result; {@code ike} may be null. charon's log lines for it go to {@code controlLog}.
     */
    public void initiateChild(String child, String ike, Duration timeout, Consumer<Message> controlLog) {
        Message.Builder request = Message.builder().put("child", child);
        if (ike != null) {
            request.put("ike", ike);
        }
        streamControlLog(ViciCommand.INITIATE, request, timeout, controlLog);
    }

    /** Initiates an IKE_SA of connection {@code ike} without any CHILD_SA. */
    public void initiateIke(String ike, Duration timeout, Consumer<Message> controlLog) {
        streamControlLog(ViciCommand.INITIATE, Message.builder().put("ike", ike), timeout, controlLog);
    }

    /** Terminates the IKE_SAs of connection {@code ike}; returns how many were terminated. */
    public long terminateIke(String ike, Duration timeout) {
        return terminated(streamControlLog(ViciCommand.TERMINATE, Message.builder().put("ike", ike), timeout, IGNORE));
    }

    /** Terminates the IKE_SA with charon's unique id {@code uniqueId} (names repeat, ids do not). */
    public long terminateIke(long uniqueId, Duration timeout) {
        return terminated(streamControlLog(ViciCommand.TERMINATE, Message.builder().put("ike-id", uniqueId), timeout, IGNORE));
    }

    /** Terminates the CHILD_SAs named {@code child}; returns how many were terminated. */
    public long terminateChild(String child, Duration timeout) {
        return terminated(streamControlLog(ViciCommand.TERMINATE, Message.builder().put("child", child), timeout, IGNORE));
    }

    /** Starts rekeying the IKE_SAs of connection {@code ike}; returns how many matched. */
    public long rekeyIke(String ike) {
        return matches(client.call(ViciCommand.REKEY.wireName(), Message.builder().put("ike", ike).build()));
    }

    /** Starts rekeying the CHILD_SAs named {@code child}; returns how many matched. */
    public long rekeyChild(String child) {
        return matches(client.call(ViciCommand.REKEY.wireName(), Message.builder().put("child", child).build()));
    }

    /** Streams every IKE_SA (one {@code list-sa} event each, keyed by connection name) to {@code each}. */
    public void listSas(Consumer<Message> each) {
        listSas(Message.EMPTY, each);
    }

    /** Streams the IKE_SAs matching {@code filter} ({@code ike}, {@code ike-id}, {@code noblock}). */
    public void listSas(Message filter, Consumer<Message> each) {
        client.stream(ViciCommand.LIST_SAS.wireName(), filter, ViciEvent.LIST_SA.wireName(), each);
    }

    public List<Message> listSas() {
        List<Message> sas = new ArrayList<>();
        listSas(sas::add);
        return sas;
    }

    /** Every loaded connection, from every backend. */
    public List<Message> listConns() {
        return client.streamAll(ViciCommand.LIST_CONNS.wireName(), Message.EMPTY, ViciEvent.LIST_CONN.wireName()).events();
    }

    /** The names of the connections loaded over VICI. */
    public List<String> getConns() {
        return client.call(ViciCommand.GET_CONNS.wireName()).list("conns").orElse(List.of());
    }

    /** Loads or replaces connection {@code name}; {@code config} is its swanctl.conf(5) section as a tree. */
    public void loadConn(String name, Message config) {
        client.call(ViciCommand.LOAD_CONN.wireName(), Message.builder().section(name, config).build());
    }

    public void unloadConn(String name) {
        client.call(ViciCommand.UNLOAD_CONN.wireName(), Message.builder().put("name", name).build());
    }

    /**
     * Loads a shared secret ({@code type} IKE, EAP, XAUTH or NTLM) under the unique {@code id}. The
     * secret travels to charon only: it is in no exception and no log line of this client.
     */
    public void loadShared(String id, String type, byte[] secret, List<String> owners) {
        client.call(ViciCommand.LOAD_SHARED.wireName(), Message.builder()
                .put("id", id).put("type", type).put("data", secret).list("owners", owners).build());
    }

    public void unloadShared(String id) {
        client.call(ViciCommand.UNLOAD_SHARED.wireName(), Message.builder().put("id", id).build());
    }

    /** The unique ids of the shared secrets loaded over VICI. */
    public List<String> getShared() {
        return client.call(ViciCommand.GET_SHARED.wireName()).list("keys").orElse(List.of());
    }

    /** Loads a private key (PEM or DER; {@code type} rsa, ecdsa, ... or any); returns its key id. */
    public String loadKey(String type, byte[] data) {
        return client.call(ViciCommand.LOAD_KEY.wireName(), Message.builder().put("type", type).put("data", data).build())
                .text("id").orElse("");
    }

    public void unloadKey(String id) {
        client.call(ViciCommand.UNLOAD_KEY.wireName(), Message.builder().put("id", id).build());
    }

    /** Loads a certificate ({@code type} X509, X509_AC or X509_CRL; {@code flag} NONE, CA, AA or OCSP). */
    public void loadCert(String type, String flag, byte[] data) {
        client.call(ViciCommand.LOAD_CERT.wireName(), Message.builder().put("type", type).put("flag", flag).put("data", data).build());
    }

    public void clearCreds() {
        client.call(ViciCommand.CLEAR_CREDS.wireName());
    }

    /** The IKE event counters of connection {@code name}, or the global ones for null. */
    public Message getCounters(String name) {
        Message.Builder request = Message.builder();
        if (name != null) {
            request.put("name", name);
        }
        return client.call(ViciCommand.GET_COUNTERS.wireName(), request.build()).section("counters").orElse(Message.EMPTY);
    }

    private Message streamControlLog(ViciCommand command, Message.Builder request, Duration timeout, Consumer<Message> controlLog) {
        // charon's own timeout first, so that it answers (and stops waiting) before our deadline
        request.put("timeout", timeout.toMillis());
        return client.stream(command.wireName(), request.build(), ViciEvent.CONTROL_LOG.wireName(), controlLog, timeout.plus(STREAM_GRACE));
    }

    private static long terminated(Message response) {
        return response.number("terminated").orElse(0);
    }

    private static long matches(Message response) {
        return response.number("matches").orElse(0);
    }
}
