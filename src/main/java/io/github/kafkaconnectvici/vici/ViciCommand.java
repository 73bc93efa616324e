package io.github.kafkaconnectvici.vici;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every command of the VICI specification, with the event a streamed command delivers its data
 * through. Commands a newer charon adds need no entry here: {@link io.github.kafkaconnectvici.vici.session.ViciClient#call} takes any name.
 */
public enum ViciCommand {
    VERSION("version"),
    STATS("stats"),
    RELOAD_SETTINGS("reload-settings"),
    INITIATE("initiate", ViciEvent.CONTROL_LOG),
    TERMINATE("terminate", ViciEvent.CONTROL_LOG),
    REKEY("rekey"),
    REDIRECT("redirect"),
    INSTALL("install"),
    UNINSTALL("uninstall"),
    LIST_SAS("list-sas", ViciEvent.LIST_SA),
    LIST_POLICIES("list-policies", ViciEvent.LIST_POLICY),
    LIST_CONNS("list-conns", ViciEvent.LIST_CONN),
    GET_CONNS("get-conns"),
    LIST_CERTS("list-certs", ViciEvent.LIST_CERT),
    LIST_AUTHORITIES("list-authorities", ViciEvent.LIST_AUTHORITY),
    GET_AUTHORITIES("get-authorities"),
    LOAD_CONN("load-conn"),
    UNLOAD_CONN("unload-conn"),
    LOAD_CERT("load-cert"),
    LOAD_KEY("load-key"),
    UNLOAD_KEY("unload-key"),
    GET_KEYS("get-keys"),
    LOAD_TOKEN("load-token"),
    LOAD_SHARED("load-shared"),
    UNLOAD_SHARED("unload-shared"),
    GET_SHARED("get-shared"),
    FLUSH_CERTS("flush-certs"),
    CLEAR_CREDS("clear-creds"),
    LOAD_AUTHORITY("load-authority"),
    UNLOAD_AUTHORITY("unload-authority"),
    LOAD_POOL("load-pool"),
    UNLOAD_POOL("unload-pool"),
    GET_POOLS("get-pools"),
    GET_ALGORITHMS("get-algorithms"),
    GET_COUNTERS("get-counters"),
    RESET_COUNTERS("reset-counters");

    private static final Map<String, ViciCommand> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ViciCommand::wireName, Function.identity()));

    private final String wireName;
    private final ViciEvent streamEvent;

    ViciCommand(String wireName) {
        this(wireName, null);
    }

    ViciCommand(String wireName, ViciEvent streamEvent) {
        this.wireName = wireName;
        this.streamEvent = streamEvent;
    }

    /** The name on the wire, e.g. {@code list-sas}. */
    public String wireName() {
        return wireName;
    }

    /** The event this command streams its data through, if it streams. */
    public Optional<ViciEvent> streamEvent() {
        return Optional.ofNullable(streamEvent);
    }

    public static Optional<ViciCommand> byName(String wireName) {
        return Optional.ofNullable(BY_NAME.get(wireName));
    }
}
