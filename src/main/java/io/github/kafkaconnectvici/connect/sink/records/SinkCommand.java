package io.github.kafkaconnectvici.connect.sink.records;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The state-changing VICI commands the sink executes, with what the record conversion and the
 * executor need to know about each.
 *
 * <p>Read-only commands (list-*, get-*, version, stats) are deliberately absent: a command topic is
 * for changing a gateway, and their replies belong to the source connector.
 */
public enum SinkCommand {
    LOAD_CONN("load-conn", KeyStyle.SWANCTL, true),
    UNLOAD_CONN("unload-conn"),
    INITIATE("initiate"),
    TERMINATE("terminate"),
    REKEY("rekey"),
    LOAD_SHARED("load-shared"),
    UNLOAD_SHARED("unload-shared"),
    LOAD_KEY("load-key"),
    UNLOAD_KEY("unload-key"),
    LOAD_TOKEN("load-token"),
    LOAD_CERT("load-cert"),
    LOAD_AUTHORITY("load-authority", KeyStyle.SWANCTL, true),
    UNLOAD_AUTHORITY("unload-authority"),
    LOAD_POOL("load-pool", KeyStyle.SWANCTL, true),
    UNLOAD_POOL("unload-pool"),
    INSTALL("install"),
    UNINSTALL("uninstall"),
    REDIRECT("redirect"),
    FLUSH_CERTS("flush-certs"),
    CLEAR_CREDS("clear-creds"),
    RELOAD_SETTINGS("reload-settings"),
    RESET_COUNTERS("reset-counters");

    /** The allow-list's default: connection lifecycle only; credentials and the rest are opt-in. */
    public static final List<SinkCommand> DEFAULT_ALLOWED = List.of(LOAD_CONN, UNLOAD_CONN, INITIATE, TERMINATE, REKEY);

    /**
     * How an Avro-legal field name of a Struct maps back to the VICI key. The commands whose message
     * is a swanctl.conf section (load-conn, load-authority, load-pool) use swanctl's own keys, which
     * are already Avro-legal ({@code local_addrs}, {@code rekey_time}, {@code crl_uris}); every other
     * command uses hyphenated keys ({@code ike-id}, {@code init-limits}, {@code peer-ip}) and none with
     * an underscore, so there '_' stands for '-'.
     */
    public enum KeyStyle {
        SWANCTL {
            @Override
            public String viciKey(String fieldName) {
                return fieldName;
            }
        },
        HYPHENATED {
            @Override
            public String viciKey(String fieldName) {
                return fieldName.replace('_', '-');
            }
        };

        public abstract String viciKey(String fieldName);
    }

    private final String wireName;
    private final KeyStyle keyStyle;
    private final boolean namedSection;

    SinkCommand(String wireName) {
        this(wireName, KeyStyle.HYPHENATED, false);
    }

    SinkCommand(String wireName, KeyStyle keyStyle, boolean namedSection) {
        this.wireName = wireName;
        this.keyStyle = keyStyle;
        this.namedSection = namedSection;
    }

    public String wireName() {
        return wireName;
    }

    public KeyStyle keyStyle() {
        return keyStyle;
    }

    /** Whether the whole message is one section named after the object: {@code <name> { ... }}. */
    public boolean namedSection() {
        return namedSection;
    }

    /** initiate and terminate stream control-log events and take a {@code timeout} in ms. */
    public boolean streamsControlLog() {
        return this == INITIATE || this == TERMINATE;
    }

    public static Optional<SinkCommand> byName(String wireName) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(wireName)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(SinkCommand::wireName).toList();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
