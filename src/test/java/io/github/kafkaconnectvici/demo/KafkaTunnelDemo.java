package io.github.kafkaconnectvici.demo;

import io.github.kafkaconnectvici.testkit.kafka.ConnectCluster;
import io.github.kafkaconnectvici.testkit.kafka.SchemaRegistry;
import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRig;
import io.github.kafkaconnectvici.testkit.charon.TunnelConfig;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.connect.storage.Converter;

/**
 * The README's run command ({@code ./demo}): the whole job on one machine. An embedded KRaft broker, a
 * Connect worker running both connectors, a real Apicurio schema registry and two charon daemons in
 * network namespaces of their own. Commands go to the sink through Kafka (load-shared, load-conn, then
 * initiate / rekey / terminate in a loop); the source's Avro records are read back through the registry
 * and printed as they arrive, with a count per topic. Ctrl-C stops and removes everything.
 */
public final class KafkaTunnelDemo {

    static final String TOPIC_PREFIX = "vici";
    /** One ordered command topic: the command and the gateway are named in each record's headers. */
    static final String COMMAND_TOPIC = "vici-commands";
    static final String RESULT_TOPIC = TOPIC_PREFIX + ".cmd-results";
    /** Every topic the connectors write (events, snapshots, status, command results), not the commands. */
    static final Pattern PRINTED_TOPICS = Pattern.compile(Pattern.quote(TOPIC_PREFIX) + "\\..*");

    private static final String SOURCE = "io.github.kafkaconnectvici.connect.source.ViciSourceConnector";
    private static final String SINK = "io.github.kafkaconnectvici.connect.sink.ViciSinkConnector";

    private final DemoClock clock = DemoClock.fromEnvironment();
    private final PrintStream out;
    private final DemoResources resources = new DemoResources(clock, System.err);

    private KafkaTunnelDemo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        try {
            CharonRig.requireAvailable();
        } catch (Throwable unavailable) {
            System.err.println("demo: " + unavailable.getMessage().lines().filter(l -> !l.startsWith("Skipping"))
                    .reduce((a, b) -> a + "\n" + b).orElse(""));
            System.err.println("demo: it starts charon daemons in network namespaces of their own, which needs root"
                    + " and strongSwan's packages. Run it as root (sudo ./demo); .ci/install installs the packages.");
            System.exit(2);
        }
        // stdout is for the records alone; Kafka's storage formatter prints to System.out.
        PrintStream records = System.out;
        try {
            System.setOut(new PrintStream(new FileOutputStream("target/demo/stdout.log"), true, StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.setOut(System.err);
        }
        KafkaTunnelDemo demo = new KafkaTunnelDemo(records);
        StopOnSignal.install(demo.resources::close);
        // Any other way out (the demo failing, System.exit) still stops everything.
        Runtime.getRuntime().addShutdownHook(new Thread(demo.resources::close, "demo-shutdown"));
        try {
            demo.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            System.err.println(demo.clock.stamp() + " demo failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private void run() throws Exception {
        step("starting two charon daemons in network namespaces, a Kafka broker with a Connect worker, and a schema registry");
        CompletableFuture<SchemaRegistry> registryStart = CompletableFuture.supplyAsync(SchemaRegistry::start);
        CharonPair pair = resources.add("charon daemons", CharonPair.start());
        step("charon A: " + pair.a().viciUri() + " (" + pair.a().address() + ", netns " + pair.a().netns() + ")");
        step("charon B: " + pair.b().viciUri() + " (" + pair.b().address() + ", netns " + pair.b().netns() + ")");
        ConnectCluster cluster = resources.add("Connect worker (its connectors first), then the Kafka broker", ConnectCluster.builder()
                .name("vici-demo").workers(1).start());
        step("Kafka broker at " + cluster.bootstrapServers() + ", Connect worker REST at "
                + cluster.connect().endpointForResource(""));
        SchemaRegistry registry = resources.add("schema registry", registryStart.get(5, TimeUnit.MINUTES));
        step("schema registry at " + registry.apiUrl() + " (Confluent API " + registry.ccompatUrl() + ")");

        cluster.kafka().createTopic(COMMAND_TOPIC);
        cluster.kafka().createTopic(RESULT_TOPIC);
        String endpoints = "a=" + pair.a().viciUri() + ",b=" + pair.b().viciUri();
        cluster.connect().configureConnector("vici-source", sourceConfig(endpoints, registry));
        cluster.connect().assertions().assertConnectorAndAtLeastNumTasksAreRunning("vici-source", 1, "source not running");
        cluster.connect().configureConnector("vici-sink", sinkConfig(endpoints, registry, cluster.bootstrapServers()));
        cluster.connect().assertions().assertConnectorAndAtLeastNumTasksAreRunning("vici-sink", 1, "sink not running");
        step("connectors running: vici-source (Avro records on " + TOPIC_PREFIX + ".*) and vici-sink (commands from "
                + COMMAND_TOPIC + ", results on " + RESULT_TOPIC + ")");

        RecordPrinter printer = resources.add("record printer", new RecordPrinter(cluster.bootstrapServers(),
                avroConverter(registry, true), avroConverter(registry, false), PRINTED_TOPICS, clock, out));
        printer.start();

        try (CommandProducer commands = new CommandProducer(cluster.bootstrapServers(), COMMAND_TOPIC)) {
            for (CharonNode node : List.of(pair.a(), pair.b())) {
                String gateway = node == pair.a() ? "a" : "b";
                command(commands, gateway, "load-shared", TunnelConfig.loadShared(node));
                command(commands, gateway, "load-conn", TunnelConfig.loadConn(node));
            }
            new TunnelCycle(commands, clock, System.err).run();
        }
    }

    private void command(CommandProducer commands, String gateway, String command, Message arguments) throws Exception {
        commands.send(gateway, command, arguments);
        step("sent " + command + " for gateway " + gateway + " to " + COMMAND_TOPIC);
    }

    static Map<String, String> sourceConfig(String endpoints, SchemaRegistry registry) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", SOURCE);
        config.put("tasks.max", "1");
        config.put("vici.endpoints", endpoints);
        config.put("topic.prefix", TOPIC_PREFIX);
        // charon's log events would drown the tunnel's lifecycle in the terminal.
        config.put("vici.events", "ike-updown,child-updown,ike-rekey,child-rekey");
        config.put("snapshot.interval.ms", "60000");
        config.put("heartbeat.interval.ms", "30000");
        config.put("topic.creation.default.partitions", "1");
        config.put("topic.creation.default.replication.factor", "1");
        config.putAll(registry.converterConfig("key.converter."));
        config.putAll(registry.converterConfig("value.converter."));
        return config;
    }

    static Map<String, String> sinkConfig(String endpoints, SchemaRegistry registry, String bootstrapServers) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", SINK);
        config.put("tasks.max", "1");
        config.put("topics", COMMAND_TOPIC);
        config.put("vici.endpoints", endpoints);
        config.put("vici.commands.allowed", "load-shared,load-conn,initiate,rekey,terminate");
        config.put("topic.prefix", TOPIC_PREFIX);
        config.put("result.bootstrap.servers", bootstrapServers);
        config.putAll(registry.converterConfig("result.value.converter."));
        // Commands are written by hand or by scripts: schemaless JSON, keyed by gateway name.
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        return config;
    }

    private static Converter avroConverter(SchemaRegistry registry, boolean isKey) {
        try {
            Converter converter = (Converter) Class.forName(SchemaRegistry.AVRO_CONVERTER).getDeclaredConstructor().newInstance();
            converter.configure(registry.converterConfig(""), isKey);
            return converter;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + SchemaRegistry.AVRO_CONVERTER, e);
        }
    }

    private void step(String what) {
        System.err.println(clock.stamp() + " # " + what);
    }
}
