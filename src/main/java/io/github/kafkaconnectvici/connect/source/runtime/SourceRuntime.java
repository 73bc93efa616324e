package io.github.kafkaconnectvici.connect.source.runtime;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime of one source task: a {@link GatewayFollower} per assigned gateway, all run on the
 * task's few {@link FollowerThreads}, their metrics, the signal listener, and the one bounded
 * {@link RecordQueue} they all hand records to. The task
 * drives it from Connect's thread: {@link #start()}, {@link #poll()}, {@link #acked}, {@link #stop()}.
 */
public final class SourceRuntime {

    private static final Logger log = LoggerFactory.getLogger(SourceRuntime.class);

    /** A batch for Connect, and the record after which a transaction may be committed (null: none). */
    public record Batch(List<SourceRecord> records, SourceRecord commitAfter) {
    }

    private final Clock clock = Clock.systemUTC();
    private final SourceSettings settings;
    private final List<GatewayFollower> followers = new ArrayList<>();
    private final Map<String, GatewayMetrics> metrics = new HashMap<>();
    private final TransactionBoundaries boundaries;
    private final RecordQueue queue;
    private final FollowerThreads threads;
    private final Optional<PluginMetricsBridge> pluginMetrics;
    private SignalListener signals;

    /**
     * Sets up the followers, from the committed offsets of their partitions (see {@link #partition}),
     * and registers their metrics. Nothing runs until {@link #start()}.
     *
     * @param transactional whether the task defines transaction boundaries (exactly-once)
     * @throws ConnectException if the setup fails; whatever was registered is released
     */
    public SourceRuntime(SourceSettings settings, String connector, int taskId, List<GatewayEndpoint> gateways,
                         Map<Map<String, String>, Map<String, Object>> committed, boolean transactional,
                         Optional<PluginMetricsBridge> pluginMetrics) {
        this.settings = settings;
        this.queue = new RecordQueue(settings.maxQueueSize());
        this.boundaries = transactional ? new TransactionBoundaries() : null;
        this.pluginMetrics = pluginMetrics;
        SourceTopics topics = new SourceTopics(settings.topicPrefix());
        RecordMapper mapper = new RecordMapper();
        SnapshotPacing pacing = SnapshotPacing.of(settings.snapshotMaxConcurrent());
        this.threads = new FollowerThreads("vici-source-" + connector + "-" + taskId, pacing.limit());
        List<String> recordTypes = new ArrayList<>(settings.events());
        recordTypes.add(GatewayRecords.SNAPSHOT_EVENT);
        recordTypes.add(GatewayRecords.STATUS_EVENT);
        try {
            for (GatewayEndpoint gateway : gateways) {
                GatewaySequence sequence = GatewaySequence.resume(committed.get(partition(gateway.name())), clock.instant());
                GatewayMetrics m = new GatewayMetrics(connector, taskId, gateway.name(), recordTypes, queue::size, clock);
                m.register();
                pluginMetrics.ifPresent(p -> p.addAll(Map.of("gateway", gateway.name()), m.attributes()));
                metrics.put(gateway.name(), m);
                GatewayRecords records = new GatewayRecords(gateway.name(), topics, mapper, sequence);
                followers.add(new GatewayFollower(gateway, settings, queue, records, sequence, m, clock, pacing, threads,
                        "vici-source-" + connector + "-" + taskId + "-" + gateway.name()));
                log.info("task {} of '{}' follows gateway '{}' from sequence {} (committed: {})", taskId, connector,
                        gateway.name(), sequence.upcoming(), sequence.committed());
            }
        } catch (IllegalArgumentException e) {
            release();
            throw new ConnectException(e.getMessage(), e);
        }
        if (!settings.signalTopic().isEmpty()) {
            try {
                signals = new SignalListener(settings.signalTopic(), settings.signalConsumer(),
                        new SignalRouting(followers), "vici-signals-" + connector + "-" + taskId);
            } catch (ConnectException e) {
                release();
                throw e;
            }
        }
    }

    /** The source partition of a gateway, under which its offsets are committed. */
    public static Map<String, String> partition(String gateway) {
        return GatewaySequence.partition(gateway);
    }

    public void start() {
        followers.forEach(GatewayFollower::start);
        if (signals != null) {
            signals.start();
        }
    }

    /**
     * The next batch (records empty if none came within poll.timeout.ms).
     *
     * @throws ConnectException if a follower failed: the broken gateway becomes visible (task status,
     *                          restart) instead of silent
     */
    public Batch poll() throws InterruptedException {
        for (GatewayFollower follower : followers) {
            if (follower.failure() != null) {
                throw new ConnectException("the worker of gateway '" + follower.gateway() + "' failed: "
                        + follower.failure().getMessage(), follower.failure());
            }
        }
        List<QueuedRecord> batch = queue.drain(settings.maxBatchSize(), settings.pollTimeout());
        if (batch.isEmpty()) {
            return new Batch(List.of(), null);
        }
        SourceRecord commitAfter = null;
        if (boundaries != null) {
            TransactionBoundaries.Arranged arranged = boundaries.arrange(batch);
            batch = arranged.records();
            if (arranged.commitPoint() >= 0) {
                commitAfter = batch.get(arranged.commitPoint()).record();
            }
        }
        List<SourceRecord> records = new ArrayList<>(batch.size());
        for (QueuedRecord queued : batch) {
            records.add(queued.record());
        }
        return new Batch(records, commitAfter);
    }

    /** Kafka acknowledged {@code record}: feeds its gateway's acknowledgement latency. */
    public void acked(SourceRecord record, RecordMetadata metadata) {
        if (metadata == null || record.timestamp() == null) {
            return; // filtered by a transform: never sent
        }
        Object gateway = record.sourcePartition().get(GatewaySequence.PARTITION_KEY);
        GatewayMetrics m = metrics.get(gateway);
        if (m != null) {
            m.acked(record.timestamp());
        }
    }

    /** Signals every follower at once and waits a few seconds at most. */
    public void stop() {
        if (signals != null) {
            signals.stop();
        }
        followers.forEach(GatewayFollower::signalStop);
        followers.forEach(GatewayFollower::awaitStop);
        release();
    }

    private void release() {
        threads.close();
        metrics.values().forEach(GatewayMetrics::close);
        pluginMetrics.ifPresent(PluginMetricsBridge::close);
    }
}
