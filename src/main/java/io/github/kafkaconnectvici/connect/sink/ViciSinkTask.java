package io.github.kafkaconnectvici.connect.sink;

import io.github.kafkaconnectvici.connect.ConnectorVersion;
import io.github.kafkaconnectvici.connect.GatewayEndpoint;
import io.github.kafkaconnectvici.connect.GatewayEndpoints;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.storage.Converter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Executes a batch of command records: bad records are reported at once; the rest run per gateway,
 * each gateway in partition order on its own thread. Every command gets a result record. A record
 * is finished (and its offset committable) once it ran or was reported; an unreachable gateway
 * leaves its records unfinished and the batch is retried, skipping the finished ones.
 */
public final class ViciSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(ViciSinkTask.class);

    private final Clock clock;
    private ViciSinkConfig config;
    private RecordInterpreter interpreter;
    private Map<String, GatewayExecutor> executors;
    private ResultPublisher results;
    private final OffsetTracker offsets = new OffsetTracker();
    private ErrantRecordReporter reporter;

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
                new GatewayResolver(endpoints));
        executors = new LinkedHashMap<>();
        for (GatewayEndpoint endpoint : endpoints.all()) {
            executors.put(endpoint.name(), new GatewayExecutor(endpoint, config.timeouts(), clock));
        }
        Map<String, Object> producerConfig = config.producerConfig();
        producerConfig.putIfAbsent("client.id", "vici-sink-results-" + props.getOrDefault("name", "connector"));
        results = new ResultPublisher(config.resultTopic(),
                new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer()),
                resultConverter(config));
        reporter = errantRecordReporter();
        log.info("VICI sink task started: gateways {}, commands {}, results to '{}'", executors.keySet(),
                config.allowedCommands(), results.topic());
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        Map<GatewayExecutor, List<CommandRequest>> byGateway = new LinkedHashMap<>();
        for (SinkRecord record : records) {
            if (!offsets.begin(partition(record), record.kafkaOffset())) {
                continue; // ran before the retriable failure that caused this redelivery
            }
            try {
                CommandRequest request = interpreter.interpret(record);
                byGateway.computeIfAbsent(executors.get(request.gateway().name()), k -> new ArrayList<>()).add(request);
            } catch (BadRecordException e) {
                reject(record, e);
            }
        }
        Map<GatewayExecutor, Future<GatewayRun>> running = new LinkedHashMap<>();
        byGateway.forEach((executor, requests) -> running.put(executor, executor.submit(requests)));
        List<String> unreachable = new ArrayList<>();
        for (Map.Entry<GatewayExecutor, Future<GatewayRun>> entry : running.entrySet()) {
            GatewayRun run = await(entry.getValue());
            run.executed().forEach(this::record);
            run.unreachable().ifPresent(reason -> unreachable.add(entry.getKey().gateway().name() + ": " + reason));
        }
        if (!unreachable.isEmpty()) {
            Duration backoff = config.retryBackoff();
            context.timeout(backoff.toMillis());
            throw new RetriableException("charon could not be reached on " + String.join("; ", unreachable)
                    + "; the commands not yet run are retried in " + backoff.toMillis() + " ms");
        }
    }

    private void record(CommandOutcome outcome) {
        SinkRecord record = outcome.request().record();
        results.publish(CommandResults.executed(outcome));
        outcome.failure().ifPresent(reason -> report(record, outcome.request().requestId(), new BadRecordException(reason)));
        offsets.finish(partition(record), record.kafkaOffset());
    }

    private void reject(SinkRecord record, BadRecordException e) {
        String requestId = RecordInterpreter.requestId(record);
        results.publish(CommandResults.rejected(record, requestId, interpreter.gatewayOf(record).orElse(null),
                interpreter.requestedCommand(record).orElse(null), e.getMessage(), clock.instant()));
        report(record, requestId, e);
        offsets.finish(partition(record), record.kafkaOffset());
    }

    private void report(SinkRecord record, String requestId, BadRecordException e) {
        log.warn("Command record {}-{}-{} ({}) failed: {}", record.topic(), record.kafkaPartition(),
                record.kafkaOffset(), requestId, e.getMessage());
        if (reporter == null) {
            throw new ConnectException("this worker has no errant record reporter (Kafka Connect before 2.6),"
                    + " so a failed command stops the task: " + e.getMessage(), e);
        }
        reporter.report(record, e);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        results.flush();
        return offsets.committable(currentOffsets.keySet());
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        offsets.forget(partitions);
    }

    @Override
    public void stop() {
        if (executors != null) {
            executors.values().forEach(GatewayExecutor::close);
        }
        if (results != null) {
            results.close();
        }
    }

    private static GatewayRun await(Future<GatewayRun> run) {
        try {
            return run.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while commands ran", e);
        } catch (ExecutionException e) {
            throw new ConnectException("executing commands failed unexpectedly: " + e.getCause(), e.getCause());
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
