package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.codec.Message;
import java.util.List;

/** A streamed command's events, in order, and the response that completed the stream. */
public record StreamedResponse(List<Message> events, Message response) {

    public StreamedResponse {
        events = List.copyOf(events);
    }
}
