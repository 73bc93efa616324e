package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.vici.codec.Message;
import org.apache.kafka.connect.sink.SinkRecord;

/** A record turned into a command for one gateway, named by {@code gateway}. */
public record CommandRequest(SinkRecord record, String requestId, String gateway, SinkCommand command,
                             Message message) {
}
