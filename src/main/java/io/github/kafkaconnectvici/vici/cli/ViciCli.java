package io.github.kafkaconnectvici.vici.cli;

import io.github.kafkaconnectvici.vici.ViciCommand;
import io.github.kafkaconnectvici.vici.ViciEvent;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.ViciProtocolException;
import io.github.kafkaconnectvici.vici.session.CommandFailedException;
import io.github.kafkaconnectvici.vici.session.UnknownCommandException;
import io.github.kafkaconnectvici.vici.session.UnknownEventException;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import io.github.kafkaconnectvici.vici.session.ViciConnectionException;
import io.github.kafkaconnectvici.vici.session.ViciTls;
import io.github.kafkaconnectvici.vici.session.ViciUri;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The operator's VICI tool: runs any command and prints its streamed events and response as JSON
 * lines, or listens to events. Output goes to stdout, one JSON object per line; diagnostics to
 * stderr. See the README for the format.
 */
@Command(name = "vici", mixinStandardHelpOptions = true, versionProvider = ViciCli.Version.class,
        subcommands = ListenCommand.class, sortOptions = false,
        description = {"Runs a VICI command against charon and prints the streamed events and the response"
                + " as JSON lines.", "", "  vici list-sas", "  vici initiate child=net ike=ab timeout=10000",
                "  vici load-conn --json @conn.json", "  vici listen ike-updown child-updown", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:charon answered success = no", "2:usage error",
                "3:unknown command or event (CMD_UNKNOWN, EVENT_UNKNOWN)", "4:charon unreachable, connection lost or timed out",
                "5:charon sent malformed VICI"})
public final class ViciCli implements Callable<Integer> {

    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int UNKNOWN = 3;
    static final int UNREACHABLE = 4;
    static final int MALFORMED = 5;

    @Option(names = {"-u", "--uri"}, scope = ScopeType.INHERIT, paramLabel = "URI",
            description = "charon's VICI socket: unix:///path, tcp://host:port or tls://host:port (default: ${DEFAULT-VALUE})")
    String uri = "unix:///var/run/charon.vici";

    @Option(names = {"-t", "--timeout"}, scope = ScopeType.INHERIT, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "client-side deadline per command, e.g. 30s, 500ms, 2m (default: ${DEFAULT-VALUE})")
    Duration timeout = Duration.ofSeconds(30);

    @Mixin
    TlsOptions tlsOptions = new TlsOptions();

    @Option(names = "--json", paramLabel = "JSON|@FILE",
            description = "the request as a JSON object (or @file): objects are sections, arrays lists")
    String json;

    @Option(names = "--stream-event", paramLabel = "EVENT",
            description = "for a command this tool does not know: the event it streams its data through")
    String streamEvent;

    @Parameters(index = "0", arity = "0..1", paramLabel = "COMMAND", description = "any VICI command, e.g. version, stats, list-sas")
    String command;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "KEY=VALUE",
            description = "request entries; a.b=v puts v under section a, k[]=v appends to list k")
    List<String> pairs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final PrintStream out;

    ViciCli(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the tool; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new ViciCli(out), new Factory(out));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExitCodeExceptionMapper(e -> USAGE);
        cli.setOverwrittenOptionsAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof ViciProtocolException) {
                commandLine.getErr().println("vici: invalid request: " + e.getMessage());
                return USAGE;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (command == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'COMMAND'");
        }
        Message request = request();
        String event = streamEvent != null ? streamEvent
                : ViciCommand.byName(command).flatMap(ViciCommand::streamEvent).map(ViciEvent::wireName).orElse(null);
        JsonOutput output = new JsonOutput(out);
        return withClient(output, client -> {
            try {
                Message response = event == null
                        ? client.call(command, request, timeout)
                        : client.stream(command, request, event, m -> output.streamed(event, m), timeout);
                output.response(command, response);
                return 0;
            } catch (CommandFailedException e) {
                output.error("command-failed", e.getMessage(), e.response());
                return FAILED;
            }
        });
    }

    private Message request() throws Exception {
        if (json == null) {
            return RequestArguments.fromPairs(pairs);
        }
        if (!pairs.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give the request either as --json or as KEY=VALUE pairs, not both");
        }
        String text = json.startsWith("@") ? Files.readString(Path.of(json.substring(1))) : json;
        return RequestArguments.fromJson(text);
    }

    interface ClientWork {
        int run(ViciClient client) throws Exception;
    }

    /** Connects, runs {@code work}, and turns each kind of failure into its JSON line and exit code. */
    int withClient(JsonOutput output, ClientWork work) throws Exception {
        ViciUri parsed = ViciUri.parse(uri);
        ViciClient.Builder builder = ViciClient.builder().uri(parsed).commandTimeout(timeout);
        try {
            if (parsed.isTls()) {
                builder.tls(tlsOptions.tls());
            }
        } catch (ViciTls.TlsSettingsException e) {
            output.error("tls-settings", e.getMessage(), null);
            return USAGE;
        }
        try (ViciClient client = builder.connect()) {
            return work.run(client);
        } catch (UnknownCommandException e) {
            output.error("unknown-command", e.getMessage(), null);
            return UNKNOWN;
        } catch (UnknownEventException e) {
            output.error("unknown-event", e.getMessage(), null);
            return UNKNOWN;
        } catch (ViciConnectionException e) {
            output.error("connection", e.getMessage(), null);
            return UNREACHABLE;
        } catch (ViciProtocolException e) {
            output.error("protocol", e.malformation() + ": " + e.getMessage(), null);
            return MALFORMED;
        }
    }

    /** Lets subcommands share this tool's stdout. */
    private record Factory(PrintStream out) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == ViciCli.class) {
                return type.cast(new ViciCli(out));
            }
            if (type == ListenCommand.class) {
                return type.cast(new ListenCommand(out));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            return Durations.parse(text);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ViciCli.class.getPackage().getImplementationVersion();
            return new String[] {"vici (kafka-connect-vici) " + (version == null ? "development build" : version)};
        }
    }
}
