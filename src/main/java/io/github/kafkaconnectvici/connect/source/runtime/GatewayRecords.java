package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.connect.source.records.Envelope;
import io.github.kafkaconnectvici.connect.source.records.KeyedValue;
import io.github.kafkaconnectvici.connect.source.records.RecordMapper;
import io.github.kafkaconnectvici.connect.source.records.SnapshotPosition;
import io.github.kafkaconnectvici.connect.source.records.SourceTopics;
import io.github.kafkaconnectvici.connect.source.records.StatusReport;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

/** One gateway's Kafka records: the mapped key and value, its topic, source partition and offset. */
final class GatewayRecords {

    static final String SNAPSHOT_EVENT = "list-sa";
    static final String STATUS_EVENT = "status";

    private final String gateway;
    private final SourceTopics topics;
    private final RecordMapper mapper;
    private final GatewaySequence sequence;
    private final Map<String, String> partition;
    private final RecordHeaders.Maker headers;

    /** Records whose offsets carry {@code sequence}'s watermark at the moment each is made. */
    GatewayRecords(String gateway, SourceTopics topics, RecordMapper mapper, GatewaySequence sequence) {
        this.gateway = gateway;
        this.topics = topics;
        this.mapper = mapper;
        this.sequence = sequence;
        this.partition = GatewaySequence.partition(gateway);
        this.headers = new RecordHeaders.Maker(gateway);
    }

    SourceRecord event(long sequence, String event, Instant receivedAt, Message message) {
        KeyedValue kv = mapper.event(new Envelope(gateway, event, receivedAt, sequence), message);
        return record(topics.forEvent(event), sequence, receivedAt, kv, headers.of(event, sequence, null));
    }

    SourceRecord snapshotEntry(long sequence, Instant receivedAt, SnapshotPosition position, Message listSa) {
        KeyedValue kv = mapper.snapshotEntry(new Envelope(gateway, SNAPSHOT_EVENT, receivedAt, sequence), position, listSa);
        return record(topics.snapshots(), sequence, receivedAt, kv,
                headers.of(SNAPSHOT_EVENT, sequence, position.snapshotId()));
    }

    SourceRecord status(long sequence, Instant at, StatusReport report) {
        KeyedValue kv = mapper.status(new Envelope(gateway, STATUS_EVENT, at, sequence), report);
        return record(topics.status(), sequence, at, kv,
                headers.of(STATUS_EVENT, sequence, report.snapshotId()));
    }

    private SourceRecord record(String topic, long sequence, Instant at, KeyedValue kv, Headers headers) {
        return new SourceRecord(partition, this.sequence.offset(sequence), topic, null,
                kv.keySchema(), kv.key(), kv.valueSchema(), kv.value(), at.toEpochMilli(), headers);
    }
}
