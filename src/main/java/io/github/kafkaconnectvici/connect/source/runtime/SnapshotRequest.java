package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.vici.codec.Message;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * An operator's request, from the signal topic, for a snapshot now: its id (echoed on the status
 * records of the snapshot) and an optional list-sas filter ({@code ike}, {@code ike-id}, {@code child}).
 *
 * @param gateway the gateway asked, or null for every gateway
 */
record SnapshotRequest(String id, String gateway, Map<String, String> filter) {

    SnapshotRequest {
        Objects.requireNonNull(id, "id");
        filter = Map.copyOf(new LinkedHashMap<>(filter));
    }

    boolean concerns(String gatewayName) {
        return gateway == null || gateway.equals(gatewayName);
    }

    /** The list-sas request message: the filter's keys as charon's list-sas takes them. */
    Message listSasRequest() {
        Message.Builder builder = Message.builder();
        for (String key : SignalParser.FILTER_KEYS) {
            if (filter.containsKey(key)) {
                builder.put(key, filter.get(key));
            }
        }
        return builder.build();
    }

    /** The filter as the status records show it (ike=ab,child=net), or null if the snapshot is whole. */
    String filterText() {
        if (filter.isEmpty()) {
            return null;
        }
        StringJoiner text = new StringJoiner(",");
        for (String key : SignalParser.FILTER_KEYS) {
            if (filter.containsKey(key)) {
                text.add(key + "=" + filter.get(key));
            }
        }
        return text.toString();
    }
}
