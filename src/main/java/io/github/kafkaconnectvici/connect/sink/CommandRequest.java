package io.github.kafkaconnectvici.connect.sink;

import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoint;
import io.github.kafkaconnectvici.vici.codec.Message;
import org.apache.kafka.connect.sink.SinkRecord;

/** A record turned into a command for one gateway. */
public record CommandRequest(SinkRecord record, String requestId, GatewayEndpoint gateway, SinkCommand command,
                             Message message) {
}
