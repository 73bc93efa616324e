package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.vici.ViciCommand;
import io.github.kafkaconnectvici.vici.ViciEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The sink's policy over the library's command list ({@link ViciCommand}): which state-changing
 * commands it executes, which are allowed by default, and how a record's fields map to each one's
 * message. Names and streaming come from {@link ViciCommand}; nothing here repeats them.
 *
 * <p>Read-only commands (list-*, get-*, version, stats) are deliberately absent: a command topic is
 * for changing a gateway, and their replies belong to the source connector.
 */
public enum SinkCommand {
    LOAD_CONN(ViciCommand.LOAD_CONN, KeyStyle.SWANCTL, true),
    UNLOAD_CONN(ViciCommand.UNLOAD_CONN),
    INITIATE(ViciCommand.INITIATE),
    TERMINATE(ViciCommand.TERMINATE),
    REKEY(ViciCommand.REKEY),
    LOAD_SHARED(ViciCommand.LOAD_SHARED),
    UNLOAD_SHARED(ViciCommand.UNLOAD_SHARED),
    LOAD_KEY(ViciCommand.LOAD_KEY),
    UNLOAD_KEY(ViciCommand.UNLOAD_KEY),
    LOAD_TOKEN(ViciCommand.LOAD_TOKEN),
    LOAD_CERT(ViciCommand.LOAD_CERT),
    LOAD_AUTHORITY(ViciCommand.LOAD_AUTHORITY, KeyStyle.SWANCTL, true),
    UNLOAD_AUTHORITY(ViciCommand.UNLOAD_AUTHORITY),
    LOAD_POOL(ViciCommand.LOAD_POOL, KeyStyle.SWANCTL, true),
    UNLOAD_POOL(ViciCommand.UNLOAD_POOL),
    INSTALL(ViciCommand.INSTALL),
    UNINSTALL(ViciCommand.UNINSTALL),
    REDIRECT(ViciCommand.REDIRECT),
    FLUSH_CERTS(ViciCommand.FLUSH_CERTS),
    CLEAR_CREDS(ViciCommand.CLEAR_CREDS),
    RELOAD_SETTINGS(ViciCommand.RELOAD_SETTINGS),
    RESET_COUNTERS(ViciCommand.RESET_COUNTERS);

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

    private final ViciCommand command;
    private final KeyStyle keyStyle;
    private final boolean namedSection;

    SinkCommand(ViciCommand command) {
        this(command, KeyStyle.HYPHENATED, false);
    }

    SinkCommand(ViciCommand command, KeyStyle keyStyle, boolean namedSection) {
        this.command = command;
        this.keyStyle = keyStyle;
        this.namedSection = namedSection;
    }

    /** The library's definition of this command. */
    public ViciCommand command() {
        return command;
    }

    public String wireName() {
        return command.wireName();
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
        return command.streamEvent().filter(ViciEvent.CONTROL_LOG::equals).isPresent();
    }

    public static Optional<SinkCommand> byName(String wireName) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(wireName)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(SinkCommand::wireName).toList();
    }

    @Override
    public String toString() {
        return wireName();
    }
}
