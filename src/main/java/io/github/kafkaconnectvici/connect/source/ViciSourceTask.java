package io.github.kafkaconnectvici.connect.source;

import io.github.kafkaconnectvici.connect.ConnectorVersion;
import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoint;
import io.github.kafkaconnectvici.connect.PluginMetricsBridge;
import io.github.kafkaconnectvici.connect.source.runtime.SourceRuntime;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;

/**
 * Follows the gateways assigned to it through a {@link SourceRuntime} (a follower per gateway) and
 * hands their records to Connect from its one bounded queue. poll() waits at most poll.timeout.ms;
 * stop() signals every follower at once and waits a few seconds at most.
 */
public class ViciSourceTask extends SourceTask {

    private SourceRuntime runtime;
    private TransactionContext transactions;

    @Override
    public String version() {
        return ConnectorVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        ViciSourceConfig config = new ViciSourceConfig(props);
        String connector = props.getOrDefault(ViciSourceConnector.CONNECTOR_NAME, "vici-source");
        int taskId = Integer.parseInt(props.getOrDefault(ViciSourceConnector.TASK_ID, "0"));
        transactions = context.transactionContext();
        List<GatewayEndpoint> gateways = config.endpoints().all();
        Map<Map<String, String>, Map<String, Object>> committed = context.offsetStorageReader()
                .offsets(gateways.stream().map(g -> SourceRuntime.partition(g.name())).toList());
        runtime = new SourceRuntime(config.settings(), connector, taskId, gateways, committed, transactions != null,
                PluginMetricsBridge.of(context));
        runtime.start();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        SourceRuntime.Batch batch = runtime.poll();
        if (batch.commitAfter() != null) {
            transactions.commitTransaction(batch.commitAfter());
        }
        return batch.records().isEmpty() ? null : batch.records(); // empty also when a snapshot is held back
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        runtime.acked(record, metadata);
    }

    @Override
    public void stop() {
        if (runtime != null) {
            runtime.stop();
        }
    }
}
