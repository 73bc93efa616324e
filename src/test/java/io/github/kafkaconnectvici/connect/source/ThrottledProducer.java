package io.github.kafkaconnectvici.connect.source;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * A broker-side request quota on one producer until closed: every response to that client id
 * carries a throttle as long as the broker's {@code quota.window.size.seconds} (the longest a
 * request quota throttles), and the client sends nothing on that connection meanwhile. A source
 * task's producer then delivers a batch or so per window, its buffer fills, and {@code send}
 * (Connect sets {@code max.block.ms} unbounded) blocks the task's thread: the worker stops calling
 * poll. Closing removes the quota; the current throttle runs out within one window.
 *
 * <p>Why a request quota: the other real ways fall short here. A bandwidth quota
 * ({@code producer_byte_rate}) throttles without bound and counts the bytes sent before it was set
 * (QuotaUtils.throttleTime), so under load it announces throttles of many minutes that outlast its
 * removal. Raising a topic's {@code min.insync.replicas} above its replication factor was tried and
 * refused nothing on Kafka 4.3 (the broker caps the effective minimum at the replica count).
 */
final class ThrottledProducer implements AutoCloseable {

    /** The broker setting that bounds each throttle (default 1 s); the cluster must be started with it. */
    static final String WINDOW_SETTING = "quota.window.size.seconds";
    // Percent of one request handler thread: far below what any producer under load takes.
    private static final double REQUEST_PERCENTAGE = 0.001;

    private final Admin admin;
    private final ClientQuotaEntity client;

    private ThrottledProducer(EmbeddedKafkaCluster kafka, String clientId) {
        this.admin = kafka.createAdminClient();
        this.client = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId));
    }

    static ThrottledProducer throttle(EmbeddedKafkaCluster kafka, String clientId) {
        ThrottledProducer throttled = new ThrottledProducer(kafka, clientId);
        throttled.alter(REQUEST_PERCENTAGE);
        return throttled;
    }

    /** The client id Connect gives the producer of a source task. */
    static String producerOf(String connector, int task) {
        return "connector-producer-" + connector + "-" + task;
    }

    @Override
    public void close() {
        try {
            alter(null);
        } finally {
            admin.close();
        }
    }

    private void alter(Double requestPercentage) {
        ClientQuotaAlteration.Op op = new ClientQuotaAlteration.Op("request_percentage", requestPercentage);
        try {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(client, List.of(op)))).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not set the request quota of " + client, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
