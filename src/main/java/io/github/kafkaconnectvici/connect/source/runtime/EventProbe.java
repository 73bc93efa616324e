package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoint;
import io.github.kafkaconnectvici.connect.gateway.ViciClients;
import io.github.kafkaconnectvici.vici.ViciException;
import io.github.kafkaconnectvici.vici.session.UnknownEventException;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * For validate(): which configured events a reachable gateway answers EVENT_UNKNOWN to. Each name
 * is registered (and unregistered) on its own, so every unknown one is named, not just the first.
 */
public final class EventProbe {

    private EventProbe() {
    }

    /** A message naming the gateway and the events it does not know; empty if it knows them all. */
    public static Optional<String> unknownEvents(GatewayEndpoint endpoint, List<String> events, Duration timeout) {
        List<String> unknown = new ArrayList<>();
        try (ViciClient client = ViciClients.connect(endpoint, timeout, timeout, 1)) {
            for (String event : events) {
                try {
                    client.subscription(event).registrationTimeout(timeout).open().close();
                } catch (UnknownEventException e) {
                    unknown.add(event);
                }
            }
        } catch (ViciException e) {
            return Optional.empty(); // reachability is GatewayProbe's to report
        }
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("gateway '" + endpoint.name() + "' (" + endpoint.uri() + ") answers EVENT_UNKNOWN to "
                + unknown + ": this strongSwan version does not raise " + (unknown.size() == 1 ? "it" : "them"));
    }
}
