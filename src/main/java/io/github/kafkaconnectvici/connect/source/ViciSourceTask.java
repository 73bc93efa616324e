package io.github.kafkaconnectvici.connect.source;

import io.github.kafkaconnectvici.connect.ConnectorVersion;
import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoint;
import io.github.kafkaconnectvici.connect.PluginMetricsBridge;
import io.github.kafkaconnectvici.connect.source.records.RecordMapper;
import io.github.kafkaconnectvici.connect.source.records.SourceTopics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the gateways assigned to it, one {@link GatewayWorker} thread each, and hands their
 * records to Connect from one bounded {@link RecordQueue}. poll() waits at most poll.timeout.ms;
 * stop() signals every worker at once and waits a few seconds at most.
 */
public class ViciSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(ViciSourceTask.class);

    private final Clock clock = Clock.systemUTC();
    private final List<GatewayWorker> workers = new ArrayList<>();
    private final Map<String, GatewayMetrics> metrics = new HashMap<>();
    private final TransactionBoundaries boundaries = new TransactionBoundaries();
    private ViciSourceConfig config;
    private RecordQueue queue;
    private TransactionContext transactions;
    private SignalListener signals;
    private Optional<PluginMetricsBridge> pluginMetrics = Optional.empty();

    @Override
    public String version() {
        return ConnectorVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new ViciSourceConfig(props);
        String connector = props.getOrDefault(ViciSourceConnector.CONNECTOR_NAME, "vici-source");
        int taskId = Integer.parseInt(props.getOrDefault(ViciSourceConnector.TASK_ID, "0"));
        queue = new RecordQueue(config.maxQueueSize());
        transactions = context.transactionContext();
        SourceTopics topics = new SourceTopics(config.topicPrefix());
        RecordMapper mapper = new RecordMapper();
        List<GatewayEndpoint> gateways = config.endpoints().all();
        SnapshotPacing pacing = config.snapshotPacing();
        Map<Map<String, String>, Map<String, Object>> committed = context.offsetStorageReader()
                .offsets(gateways.stream().map(g -> GatewaySequence.partition(g.name())).toList());
        List<String> recordTypes = new ArrayList<>(GatewayWorker.subscribedEvents(config));
        recordTypes.add(GatewayRecords.SNAPSHOT_EVENT);
        recordTypes.add(GatewayRecords.STATUS_EVENT);
        pluginMetrics = PluginMetricsBridge.of(context);
        try {
            for (GatewayEndpoint gateway : gateways) {
                GatewaySequence sequence = GatewaySequence.resume(committed.get(GatewaySequence.partition(gateway.name())),
                        clock.instant());
                GatewayMetrics m = new GatewayMetrics(connector, taskId, gateway.name(), recordTypes, queue::size, clock);
                m.register();
                pluginMetrics.ifPresent(p -> p.addAll(Map.of("gateway", gateway.name()), m.attributes()));
                metrics.put(gateway.name(), m);
                GatewayRecords records = new GatewayRecords(gateway.name(), topics, mapper, sequence);
                workers.add(new GatewayWorker(gateway, config, queue, records, sequence, m, clock, pacing,
                        "vici-source-" + connector + "-" + taskId + "-" + gateway.name()));
                log.info("task {} of '{}' follows gateway '{}' from sequence {} (committed: {})", taskId, connector,
                        gateway.name(), sequence.upcoming(), sequence.committed());
            }
        } catch (IllegalArgumentException e) {
            metrics.values().forEach(GatewayMetrics::close);
            pluginMetrics.ifPresent(PluginMetricsBridge::close);
            throw new ConnectException(e.getMessage(), e);
        }
        if (!config.signalTopic().isEmpty()) {
            try {
                signals = new SignalListener(config.signalTopic(), config.signalConsumerProps(), new SignalRouting(workers),
                        "vici-signals-" + connector + "-" + taskId);
            } catch (ConnectException e) {
                metrics.values().forEach(GatewayMetrics::close);
                pluginMetrics.ifPresent(PluginMetricsBridge::close);
                throw e;
            }
        }
        workers.forEach(GatewayWorker::start);
        if (signals != null) {
            signals.start();
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        for (GatewayWorker worker : workers) {
            if (worker.failure() != null) {
                // Failing the task makes the broken gateway visible (task status, restart) instead of silent.
                throw new ConnectException("the worker of gateway '" + worker.gateway() + "' failed: "
                        + worker.failure().getMessage(), worker.failure());
            }
        }
        List<QueuedRecord> batch = queue.drain(config.maxBatchSize(), config.pollTimeout());
        if (batch.isEmpty()) {
            return null;
        }
        if (transactions != null) {
            TransactionBoundaries.Arranged arranged = boundaries.arrange(batch);
            batch = arranged.records();
            if (arranged.commitPoint() >= 0) {
                transactions.commitTransaction(batch.get(arranged.commitPoint()).record());
            }
            if (batch.isEmpty()) {
                return null; // every record belongs to a snapshot held back
            }
        }
        List<SourceRecord> records = new ArrayList<>(batch.size());
        for (QueuedRecord queued : batch) {
            records.add(queued.record());
        }
        return records;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        if (metadata == null || record.timestamp() == null) {
            return; // filtered by a transform: never sent
        }
        Object gateway = record.sourcePartition().get(GatewaySequence.PARTITION_KEY);
        GatewayMetrics m = metrics.get(gateway);
        if (m != null) {
            m.acked(record.timestamp());
        }
    }

    @Override
    public void stop() {
        if (signals != null) {
            signals.stop();
        }
        workers.forEach(GatewayWorker::signalStop);
        workers.forEach(GatewayWorker::awaitStop);
        metrics.values().forEach(GatewayMetrics::close);
        pluginMetrics.ifPresent(PluginMetricsBridge::close);
    }
}
