package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.connect.source.records.Envelope;
import io.github.kafkaconnectvici.connect.source.records.InventoryMapper;
import io.github.kafkaconnectvici.connect.source.records.KeyedValue;
import io.github.kafkaconnectvici.connect.source.records.SourceTopics;
import io.github.kafkaconnectvici.connect.source.runtime.QueuedRecord.Boundary;
import io.github.kafkaconnectvici.vici.ViciCommand;
import io.github.kafkaconnectvici.vici.ViciEvent;
import io.github.kafkaconnectvici.vici.ViciException;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's inventory, on its own interval: its configured connections (list-conns), loaded
 * certificates (list-certs), virtual IP pools (get-pools with leases) and charon's stats, one
 * record per item on {@code <prefix>.conns}, {@code .certs}, {@code .pools} and {@code .stats}. A
 * consumer compares conns with sa-state to find configured-but-down tunnels, and watches not_after.
 */
final class GatewayInventory {

    static final String CONN_EVENT = "list-conn";
    static final String CERT_EVENT = "list-cert";
    static final String POOL_EVENT = "get-pools";
    static final String STATS_EVENT = "stats";
    // Above this many items, an inventory is cut short (and says so) rather than held in memory.
    static final int MAX_ITEMS = 100_000;

    /** One item, ready to be numbered: the record is made once its sequence number is known. */
    record Item(String event, String name, Message message) {
    }

    private final String gateway;
    private final SourceTopics topics;
    private static final Logger log = LoggerFactory.getLogger(GatewayInventory.class);

    private final InventoryMapper mapper = new InventoryMapper();
    private final Clock clock;
    private final Map<String, String> partition;
    private final Duration interval;
    private Instant next;

    GatewayInventory(String gateway, SourceTopics topics, Duration interval, Clock clock) {
        this.gateway = gateway;
        this.topics = topics;
        this.partition = GatewaySequence.partition(gateway);
        this.interval = interval;
        this.clock = clock;
        this.next = interval.isZero() ? null : clock.instant();
    }

    boolean due(Instant now) {
        return next != null && !now.isBefore(next);
    }

    /** When the next inventory is due, or null if inventories are off. */
    Instant next() {
        return next;
    }

    /** The whole inventory is read before any of it is queued, so that a failure leaves no half inventory. */
    void takeInto(ViciClient client, GatewayOutput out, Duration timeout) throws InterruptedException {
        String id = UUID.randomUUID().toString();
        try {
            List<Item> items = take(client, clock.instant(), timeout);
            GatewaySequence sequence = out.sequence();
            for (Item item : items) {
                long seq = sequence.next();
                out.enqueue(record(seq, sequence.offset(seq), clock.instant(), id, item), Boundary.NONE, item.event(), seq);
            }
            out.put(Statuses.inventoryCompleted(id, items.size()));
        } catch (ViciException | InventoryTooLarge e) {
            log.warn("inventory {} of gateway '{}' failed: {}", id, gateway, e.getMessage());
            out.put(Statuses.inventoryFailed(id, e.getMessage()));
        }
    }

    /** Reads the whole inventory from charon (the next one is then due an interval later). */
    List<Item> take(ViciClient client, Instant now, Duration timeout) {
        next = now.plus(interval);
        List<Item> items = new ArrayList<>();
        client.stream(ViciCommand.LIST_CONNS.wireName(), Message.EMPTY, ViciEvent.LIST_CONN.wireName(), conn -> {
            InventoryMapper.sections(conn).forEach((name, section) -> add(items, new Item(CONN_EVENT, name, section)));
        }, timeout);
        client.stream(ViciCommand.LIST_CERTS.wireName(), Message.EMPTY, ViciEvent.LIST_CERT.wireName(),
                cert -> add(items, new Item(CERT_EVENT, null, cert)), timeout);
        Message pools = client.call(ViciCommand.GET_POOLS.wireName(), Message.builder().put("leases", "yes").build(), timeout);
        InventoryMapper.sections(pools).forEach((name, section) ->
                add(items, new Item(POOL_EVENT, null, Message.builder().section(name, section).build())));
        add(items, new Item(STATS_EVENT, null, client.call(ViciCommand.STATS.wireName(), Message.EMPTY, timeout)));
        return items;
    }

    private static void add(List<Item> items, Item item) {
        if (items.size() >= MAX_ITEMS) {
            throw new InventoryTooLarge();
        }
        items.add(item);
    }

    SourceRecord record(long sequence, Map<String, ?> offset, Instant at, String inventoryId, Item item) {
        Envelope envelope = new Envelope(gateway, item.event(), at, sequence);
        KeyedValue kv = item.event().equals(CERT_EVENT)
                ? mapper.certificate(envelope, inventoryId, item.message())
                : mapper.entry(envelope, inventoryId, item.name(), item.message());
        String topic = switch (item.event()) {
            case CONN_EVENT -> topics.forEvent("conns");
            case CERT_EVENT -> topics.forEvent("certs");
            case POOL_EVENT -> topics.forEvent("pools");
            default -> topics.forEvent("stats");
        };
        return new SourceRecord(partition, offset, topic, null, kv.keySchema(), kv.key(),
                kv.valueSchema(), kv.value(), at.toEpochMilli(), RecordHeaders.of(gateway, item.event(), sequence, null));
    }

    /** More items than an inventory may hold. */
    static final class InventoryTooLarge extends RuntimeException {
        InventoryTooLarge() {
            super("the inventory has more than " + MAX_ITEMS + " items; it is not written", null, false, false);
        }
    }
}
