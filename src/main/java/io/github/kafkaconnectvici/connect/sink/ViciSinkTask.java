package io.github.kafkaconnectvici.connect.sink;

import io.github.kafkaconnectvici.connect.ConnectorVersion;
import io.github.kafkaconnectvici.connect.PluginMetricsBridge;
import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoint;
import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoints;
import io.github.kafkaconnectvici.connect.sink.records.BadRecordException;
import io.github.kafkaconnectvici.connect.sink.records.CommandOutcome;
import io.github.kafkaconnectvici.connect.sink.records.CommandRefusedException;
import io.github.kafkaconnectvici.connect.sink.records.CommandRequest;
import io.github.kafkaconnectvici.connect.sink.records.CommandResolver;
import io.github.kafkaconnectvici.connect.sink.records.CommandResults;
import io.github.kafkaconnectvici.connect.sink.records.GatewayResolver;
import io.github.kafkaconnectvici.connect.sink.records.MalformedRecordException;
import io.github.kafkaconnectvici.connect.sink.records.RecordInterpreter;
import io.github.kafkaconnectvici.connect.sink.runtime.GatewayExecutor;
import io.github.kafkaconnectvici.connect.sink.runtime.OffsetTracker;
import io.github.kafkaconnectvici.connect.sink.runtime.ResultPublisher;
import io.github.kafkaconnectvici.connect.sink.runtime.SinkMetrics;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.storage.Converter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Hands command records to their gateways' executors and returns at once: commands run on the
 * gateway threads, so {@code put()} never holds the consumer past {@code max.poll.interval.ms}.
 * Every command gets a result record; a record is finished (its offset committable) once its result
 * is acknowledged. Too many unfinished records pause the partitions until the gateways catch up.
 *
 * <p>A command that was refused (disallowed, a refused key, a number out of bounds, charon's
 * {@code success = no}) is an outcome: a failure result, and the errant record reporter if Connect
 * offers one, never a failed task. A record that cannot be read at all follows
 * {@code errors.tolerance}: with {@code none} the task fails, but only once every command before it
 * has its result and is committable, so no restart runs a command a second time.
 */
public final class ViciSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(ViciSinkTask.class);
    // How soon put() is called again while work is outstanding (Connect's poll otherwise waits for the next commit).
    private static final long BUSY_POLL_MS = 200;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final String ERRORS_TOLERANCE = "errors.tolerance"; // Connect's own setting, passed to every task

    private final Clock clock;
    private ViciSinkConfig config;
    private RecordInterpreter interpreter;
    private Map<String, GatewayExecutor> executors;
    private ResultPublisher results;
    private final OffsetTracker offsets = new OffsetTracker();
    private ErrantRecordReporter reporter;
    private boolean tolerateAll;
    private volatile boolean paused;
    private SinkMetrics metrics;
    private MalformedRecordException fatal;

    public ViciSinkTask() {
        this(Clock.systemUTC());
    }

    ViciSinkTask(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String version() {
        return ConnectorVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new ViciSinkConfig(props);
        GatewayEndpoints endpoints = config.endpoints();
        interpreter = new RecordInterpreter(
                new CommandResolver(config.commandTopicPrefix(), config.allowedCommands()),
                new GatewayResolver(endpoints.names()), config.keyPolicy(), config.commandBounds());
        Map<String, Object> producerConfig = config.producerConfig();
        producerConfig.putIfAbsent("client.id", "vici-sink-results-" + props.getOrDefault("name", "connector"));
        results = new ResultPublisher(config.resultTopic(),
                new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer()),
                resultConverter(config), config.retryBackoff(), clock);
        reporter = errantRecordReporter();
        tolerateAll = "all".equalsIgnoreCase(props.getOrDefault(ERRORS_TOLERANCE, "none").trim());
        executors = new LinkedHashMap<>();
        for (GatewayEndpoint endpoint : endpoints.all()) {
            executors.put(endpoint.name(), new GatewayExecutor(endpoint, config.timeouts(), config.controlLogLimits(),
                    clock, this::executed));
        }
        metrics = new SinkMetrics(props.getOrDefault("name", "vici-sink"),
                Integer.parseInt(props.getOrDefault(ViciSinkConnector.TASK_ID, "0")), executors.keySet(),
                PluginMetricsBridge.of(context));
        metrics.watchTask(offsets::unfinished, results::unacknowledged, results::resends, () -> paused ? 1 : 0);
        executors.forEach((name, executor) -> metrics.watchGateway(name, executor::queued, executor::unreachableRetries));
        log.info("VICI sink task started: gateways {}, commands {}, keys allowed {}, results to '{}'",
                executors.keySet(), config.allowedCommands(), config.keysAllowed(), results.topic());
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        results.retryFailed();
        if (fatal != null) {
            failOnceEarlierCommandsAreFinished();
            return; // partitions are paused; records polled before the pause stay unfinished, redelivered later
        }
        for (SinkRecord record : records) {
            if (!offsets.begin(partition(record), record.kafkaOffset())) {
                continue;
            }
            try {
                CommandRequest request = interpreter.interpret(record);
                executors.get(request.gateway()).submit(request);
            } catch (MalformedRecordException e) {
                if (!tolerateAll) {
                    stopAt(record, e);
                    return;
                }
                reject(record, e);
            } catch (BadRecordException e) {
                reject(record, e);
            }
        }
        flowControl();
    }

    private void flowControl() {
        int unfinished = offsets.unfinished();
        int max = config.maxUnfinished();
        if (!paused && unfinished >= max) {
            context.pause(context.assignment().toArray(TopicPartition[]::new));
            paused = true;
            log.info("{} commands are unfinished ({}={}): partitions paused until the gateways catch up", unfinished,
                    ViciSinkConfig.MAX_UNFINISHED, max);
        } else if (paused && unfinished <= max / 2) {
            context.resume(context.assignment().toArray(TopicPartition[]::new));
            paused = false;
        }
        if (unfinished > 0 || paused) {
            context.timeout(BUSY_POLL_MS);
        }
    }

    /** errors.tolerance=none: the record's failure result goes out, then the task fails once the rest is done. */
    private void stopAt(SinkRecord record, MalformedRecordException e) {
        fatal = e;
        context.pause(context.assignment().toArray(TopicPartition[]::new));
        log.warn("Command record {}-{}-{} cannot be read ({}); with errors.tolerance=none the task stops once the"
                        + " commands before it have finished", record.topic(), record.kafkaPartition(), record.kafkaOffset(),
                e.getMessage());
        results.publish(rejectedResult(record, e), () -> { });
        metrics.refused(interpreter.gatewayOf(record), interpreter.requestedCommand(record));
        failOnceEarlierCommandsAreFinished();
    }

    private void failOnceEarlierCommandsAreFinished() {
        // The unreadable record itself stays unfinished, so the commit stops right before it.
        if (offsets.unfinished() <= 1 && results.unacknowledged() == 0) {
            throw new ConnectException("a command record cannot be read and errors.tolerance is none: "
                    + fatal.getMessage(), fatal);
        }
        context.timeout(BUSY_POLL_MS);
    }

    /** On a gateway thread: the command ran (or charon refused it). */
    private void executed(CommandOutcome outcome) {
        SinkRecord record = outcome.request().record();
        TopicPartition partition = partition(record);
        metrics.executed(outcome);
        results.publish(CommandResults.executed(outcome), () -> offsets.finish(partition, record.kafkaOffset()));
        outcome.failure().ifPresent(reason -> report(record, outcome.request().requestId(), new CommandRefusedException(reason)));
    }

    private void reject(SinkRecord record, BadRecordException e) {
        results.publish(rejectedResult(record, e), () -> offsets.finish(partition(record), record.kafkaOffset()));
        metrics.refused(interpreter.gatewayOf(record), interpreter.requestedCommand(record));
        report(record, RecordInterpreter.requestId(record), e);
    }

    private Struct rejectedResult(SinkRecord record, BadRecordException e) {
        return CommandResults.rejected(record, RecordInterpreter.requestId(record),
                interpreter.gatewayOf(record).orElse(null), interpreter.requestedCommand(record).orElse(null),
                e.getMessage(), clock.instant());
    }

    private void report(SinkRecord record, String requestId, BadRecordException e) {
        log.warn("Command record {}-{}-{} ({}) failed: {}", record.topic(), record.kafkaPartition(),
                record.kafkaOffset(), requestId, e.getMessage());
        if (reporter != null) {
            reporter.report(record, e);
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        // A record is finished only once its result is acknowledged, so nothing needs flushing here.
        results.retryFailed();
        return offsets.committable(currentOffsets.keySet());
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        Set<TopicPartition> revoked = new HashSet<>(partitions);
        for (GatewayExecutor executor : executors.values()) {
            executor.withdraw(r -> revoked.contains(partition(r.record())));
        }
        offsets.forget(partitions);
    }

    @Override
    public void stop() {
        if (executors != null) {
            executors.values().parallelStream().forEach(e -> e.close(STOP_GRACE));
        }
        if (results != null) {
            results.flush();
            results.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private static TopicPartition partition(SinkRecord record) {
        return new TopicPartition(record.topic(), record.kafkaPartition());
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null;
        }
    }

    private static Converter resultConverter(ViciSinkConfig config) {
        String name = config.resultConverterClass();
        Converter converter;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> type = Class.forName(name, true, loader != null ? loader : ViciSinkTask.class.getClassLoader());
            converter = (Converter) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new ConnectException("cannot create the result converter '" + name + "' ("
                    + ViciSinkConfig.RESULT_VALUE_CONVERTER + "): " + e, e);
        }
        converter.configure(config.resultConverterConfig(), false);
        return converter;
    }
}
