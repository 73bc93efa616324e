package io.github.kafkaconnectvici.connect.sink.runtime;

import io.github.kafkaconnectvici.connect.LongAttributesMBean;
import io.github.kafkaconnectvici.connect.PluginMetricsBridge;
import io.github.kafkaconnectvici.connect.AckLatency;
import io.github.kafkaconnectvici.connect.sink.records.CommandOutcome;
import io.github.kafkaconnectvici.connect.sink.records.SinkCommand;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The sink task's figures, in JMX as {@code kafka.connect.vici:type=sink-task-metrics,connector=<name>,task=<id>}
 * with {@code gateway=<gateway>} (and {@code command=<command>}) for the per-gateway (per-command) ones, and,
 * on workers that offer them, also as Connect plugin metrics with the same tags ({@link PluginMetricsBridge}).
 *
 * <p>Per gateway and command: {@code CommandsRun} (charon reported success), {@code CommandsFailed} (ran, or
 * was tried, and failed: {@code success = no}, no reply in time, an error), {@code CommandsRefused} (refused by
 * the sink before running: not allowed, a refused key, a number out of bounds, unreadable), and the run time
 * {@code LatencyP50Ms}/{@code P99Ms}/{@code MaxMs} over the last 1,024 commands. A refused record whose gateway
 * or command is not a configured one counts under {@code unknown}, so a record cannot add tag values.
 */
public final class SinkMetrics implements AutoCloseable {

    static final String TYPE = "sink-task-metrics";
    static final String UNKNOWN = "unknown";
    private static final int LATENCY_WINDOW = 1024;

    private final String connector;
    private final int task;
    private final Set<String> gateways;
    private final Optional<PluginMetricsBridge> plugin;
    private final Map<String, CommandFigures> commands = new ConcurrentHashMap<>();
    private final List<LongAttributesMBean> beans = new ArrayList<>();

    static final class CommandFigures {
        final AtomicLong run = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong maxMillis = new AtomicLong();
        final AckLatency latency = new AckLatency(LATENCY_WINDOW);
    }

    public SinkMetrics(String connector, int task, Collection<String> gateways, Optional<PluginMetricsBridge> plugin) {
        this.connector = connector;
        this.task = task;
        this.gateways = Set.copyOf(gateways);
        this.plugin = plugin;
    }

    /** Task-wide figures: records not finished yet, results resent, whether the partitions are paused. */
    public void watchTask(LongSupplier unfinished, LongSupplier resultsUnacknowledged, LongSupplier resultResends,
                   LongSupplier paused) {
        Map<String, LongSupplier> attributes = new LinkedHashMap<>();
        attributes.put("UnfinishedRecords", unfinished);
        attributes.put("ResultsUnacknowledged", resultsUnacknowledged);
        attributes.put("ResultResends", resultResends);
        attributes.put("Paused", paused);
        add(Map.of(), attributes, "VICI sink task metrics");
    }

    /** One gateway's executor: commands waiting, and retries of an unreachable gateway. */
    public void watchGateway(String gateway, LongSupplier queued, LongSupplier unreachableRetries) {
        Map<String, LongSupplier> attributes = new LinkedHashMap<>();
        attributes.put("CommandsQueued", queued);
        attributes.put("UnreachableRetries", unreachableRetries);
        add(Map.of("gateway", gateway), attributes, "VICI sink metrics of one gateway");
    }

    public void executed(CommandOutcome outcome) {
        CommandFigures figures = figures(outcome.request().gateway(), outcome.request().command().wireName());
        (outcome.success() ? figures.run : figures.failed).incrementAndGet();
        long millis = Math.max(0, outcome.end().toEpochMilli() - outcome.start().toEpochMilli());
        figures.latency.record(millis);
        figures.maxMillis.accumulateAndGet(millis, Math::max);
    }

    public void refused(Optional<String> gateway, Optional<String> command) {
        String g = gateway.filter(gateways::contains).orElse(UNKNOWN);
        String c = command.flatMap(SinkCommand::byName).map(SinkCommand::wireName).orElse(UNKNOWN);
        figures(g, c).refused.incrementAndGet();
    }

    CommandFigures figures(String gateway, String command) {
        return commands.computeIfAbsent(gateway + '\0' + command, key -> {
            CommandFigures figures = new CommandFigures();
            Map<String, LongSupplier> attributes = new LinkedHashMap<>();
            attributes.put("CommandsRun", figures.run::get);
            attributes.put("CommandsFailed", figures.failed::get);
            attributes.put("CommandsRefused", figures.refused::get);
            attributes.put("LatencyP50Ms", () -> figures.latency.percentile(50));
            attributes.put("LatencyP99Ms", () -> figures.latency.percentile(99));
            attributes.put("LatencyMaxMs", figures.maxMillis::get);
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("gateway", gateway);
            tags.put("command", command);
            add(tags, attributes, "VICI sink metrics of one command on one gateway");
            return figures;
        });
    }

    private synchronized void add(Map<String, String> tags, Map<String, LongSupplier> attributes, String description) {
        beans.add(new LongAttributesMBean(LongAttributesMBean.objectName(TYPE, connector, task, tags), description,
                attributes).register());
        plugin.ifPresent(p -> p.addAll(tags, attributes));
    }

    @Override
    public synchronized void close() {
        beans.forEach(LongAttributesMBean::close);
        beans.clear();
        plugin.ifPresent(PluginMetricsBridge::close);
    }
}
