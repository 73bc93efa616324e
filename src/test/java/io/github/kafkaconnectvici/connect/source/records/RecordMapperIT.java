package io.github.kafkaconnectvici.connect.source.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import io.github.kafkaconnectvici.testkit.charon.CharonNode;
import io.github.kafkaconnectvici.testkit.charon.CharonDaemon;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.testkit.charon.SwanctlRaw;
import io.github.kafkaconnectvici.testkit.charon.TunnelConfig;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Node;
import io.github.kafkaconnectvici.vici.codec.ValueList;
import io.github.kafkaconnectvici.vici.session.Delivery;
import io.github.kafkaconnectvici.vici.session.Event;
import io.github.kafkaconnectvici.vici.session.EventSubscription;
import io.github.kafkaconnectvici.vici.session.StreamedResponse;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real events and snapshots from two charon 5.9.8 daemons (6.x in {@link RecordMapperOnStrongswan6IT}),
 * mapped to records: the typed fields hold what swanctl (the reference client) of the same daemon
 * reports, and nothing charon sends ends up in other.
 */
@ExtendWith(CharonRigExtension.class)
class RecordMapperIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    /** Values charon derives from the clock when it answers; two reads may be a second or two apart. */
    private static final Set<String> CLOCK_VALUES =
            Set.of("established", "rekey-time", "reauth-time", "life-time", "install-time", "use-in", "use-out");
    /** What identifies and describes an SA and does not change between an event and a later listing. */
    private static final Set<String> STABLE_IKE_KEYS = Set.of("uniqueid", "version", "local-host", "local-port", "local-id",
            "remote-host", "remote-port", "remote-id", "initiator", "initiator-spi", "responder-spi", "nat-remote", "nat-any",
            "encr-alg", "encr-keysize", "integ-alg", "prf-alg", "dh-group");
    private static final Set<String> STABLE_CHILD_KEYS = Set.of("name", "uniqueid", "reqid", "mode", "protocol", "encap",
            "spi-in", "spi-out", "encr-alg", "encr-keysize", "local-ts", "remote-ts");

    private final CharonPair pair;
    private final RecordMapper mapper = new RecordMapper();
    private final AvroData avroData = new AvroData(new AvroDataConfig(Map.of()));
    private long sequence;

    RecordMapperIT(CharonPair pair) {
        this.pair = pair;
    }

    @BeforeEach
    void freshDaemonsConfiguredFromJava() {
        pair.a().restart();
        pair.b().restart();
        for (CharonNode node : List.of(pair.a(), pair.b())) {
            try (ViciClient vici = connect(node)) {
                assertThat(vici.call("load-conn", TunnelConfig.loadConn(node)).flag("success")).contains(true);
                assertThat(vici.call("load-shared", TunnelConfig.loadShared(node)).flag("success")).contains(true);
            }
        }
    }

    static ViciClient connect(CharonNode node) {
        return ViciClient.builder().uri(node.viciUri().toString()).commandTimeout(Duration.ofSeconds(20)).connect();
    }

    @Test
    void lifecycleEventsMapToWhatSwanctlReports() {
        try (ViciClient a = connect(pair.a()); ViciClient b = connect(pair.b());
             EventSubscription onA = a.subscribe("ike-updown", "child-updown", "ike-rekey", "child-rekey", "log");
             EventSubscription onB = b.subscribe("ike-update", "ike-updown")) {
            Recorder fromA = new Recorder(onA);
            a.call("initiate", Message.builder().put("child", TunnelConfig.CHILD).put("ike", TunnelConfig.CONNECTION)
                    .put("timeout", 10_000).build());

            // up
            Struct ikeUp = record(fromA.await("ike-updown", e -> e.message().contains("up")));
            Struct childUp = record(fromA.await("child-updown", e -> e.message().contains("up")));
            Message listed = swanctlSa(pair.a());
            assertThat(ikeUp.getBoolean("up")).isTrue();
            assertThat(ikeUp.getStruct("ike_sa").getString("state")).isEqualTo("ESTABLISHED");
            assertTypedAsListed(ikeUp.getStruct("ike_sa"), listed, STABLE_IKE_KEYS);
            assertThat(childUp.getBoolean("up")).isTrue();
            Struct upChild = onlyChild(childUp.getStruct("ike_sa"));
            assertThat(upChild.getString("state")).isEqualTo("INSTALLED");
            assertThat(upChild.getString("section_key")).isEqualTo(onlyKey(listed.section("child-sas").orElseThrow()));
            assertChildTypedAsListed(upChild, onlyChild(listed), STABLE_CHILD_KEYS);

            // the responder's address update, as the ports float to 4500
            Recorder fromB = new Recorder(onB);
            Struct update = record(fromB.await("ike-update", e -> true));
            assertThat(update.getString("local_host")).isEqualTo(pair.b().address());
            assertThat(update.getInt32("local_port")).isEqualTo(4500);
            assertThat(update.getString("remote_host")).isEqualTo(pair.a().address());
            assertThat(update.getStruct("ike_sa").getString("initiator_spi"))
                    .isEqualTo(ikeUp.getStruct("ike_sa").getString("initiator_spi"));

            // a log line about the SA
            Struct log = record(fromA.await("log", e -> e.message().text("ikesa-name").isPresent()));
            assertThat(log.getString("ike_sa")).isEqualTo(TunnelConfig.CONNECTION);
            assertThat(log.getInt64("ike_sa_unique_id")).isEqualTo(ikeUp.getStruct("ike_sa").getInt64("uniqueid"));
            assertThat(log.getInt32("level")).isBetween(-1, 4);
            assertThat(log.getInt32("thread")).isNotNull();
            assertThat(log.getString("group")).isNotBlank();
            assertThat(log.getString("message")).isNotBlank();

            // IKE rekey
            pair.a().swanctl("--rekey", "--ike", TunnelConfig.CONNECTION);
            Struct ikeRekey = record(fromA.await("ike-rekey", e -> true));
            Message afterIkeRekey = awaitListed(pair.a(), sa -> !sa.text("uniqueid").equals(listed.text("uniqueid")));
            assertThat(ikeRekey.getStruct("old_ike_sa").getInt64("uniqueid")).isEqualTo(ikeUp.getStruct("ike_sa").getInt64("uniqueid"));
            assertTypedAsListed(ikeRekey.getStruct("new_ike_sa"), afterIkeRekey, STABLE_IKE_KEYS);

            // CHILD rekey
            pair.a().swanctl("--rekey", "--child", TunnelConfig.CHILD);
            Struct childRekey = record(fromA.await("child-rekey", e -> true));
            Message afterChildRekey = awaitListed(pair.a(), sa -> sa.section("child-sas")
                    .map(c -> c.size() == 1 && !onlyChildOf(c).text("uniqueid").equals(onlyChild(afterIkeRekey).text("uniqueid")))
                    .orElse(false));
            // 6.x raises child-rekey while the old CHILD_SA is still REKEYING; 5.9.8 once it is REKEYED.
            assertThat(childRekey.getStruct("old_child_sa").getString("state"))
                    .isEqualTo(pair.a().daemon() == CharonDaemon.STRONGSWAN_5 ? "REKEYED" : "REKEYING");
            assertThat(childRekey.getStruct("old_child_sa").getInt64("uniqueid")).isEqualTo(upChild.getInt64("uniqueid"));
            assertThat(childRekey.getStruct("new_child_sa").getString("section_key")).isEqualTo(TunnelConfig.CHILD);
            assertChildTypedAsListed(childRekey.getStruct("new_child_sa"), onlyChild(afterChildRekey), STABLE_CHILD_KEYS);
            assertTypedAsListed(childRekey.getStruct("ike_sa"), afterChildRekey, STABLE_IKE_KEYS);

            // down
            pair.a().swanctl("--terminate", "--child", TunnelConfig.CHILD);
            Struct childDown = record(fromA.await("child-updown", e -> !e.message().contains("up")));
            assertThat(childDown.getBoolean("up")).isFalse();
            assertThat(onlyChild(childDown.getStruct("ike_sa")).getInt64("uniqueid"))
                    .isEqualTo(childRekey.getStruct("new_child_sa").getInt64("uniqueid"));
            pair.a().swanctl("--terminate", "--ike", TunnelConfig.CONNECTION);
            Struct ikeDown = record(fromA.await("ike-updown", e -> !e.message().contains("up")));
            assertThat(ikeDown.getBoolean("up")).isFalse();
            assertThat(ikeDown.getStruct("ike_sa").getInt64("uniqueid")).isEqualTo(ikeRekey.getStruct("new_ike_sa").getInt64("uniqueid"));
        }
    }

    @Test
    void snapshotEntriesEqualSwanctlListSasRaw() {
        pair.a().swanctl("--initiate", "--child", TunnelConfig.CHILD, "--timeout", "10");
        Struct sa = snapshotEntryEqualToSwanctl();
        assertThat(sa).isNotNull();
        assertThat(sa.getArray("child_sas")).hasSize(1);
    }

    /** Node A's one IKE_SA from list-sas, mapped: every typed field equals swanctl --list-sas --raw. */
    Struct snapshotEntryEqualToSwanctl() {
        return snapshotEntryEqualToSwanctl(Message.EMPTY);
    }

    /**
     * As {@link #snapshotEntryEqualToSwanctl()}, list-sas given {@code filter} and swanctl the same
     * filter as options ({@code child-id = 3} as {@code --child-id 3}); null when both list no IKE_SA.
     */
    Struct snapshotEntryEqualToSwanctl(Message filter) {
        List<String> swanctlArgs = new ArrayList<>(List.of("--list-sas", "--raw"));
        filter.keys().forEach(key -> swanctlArgs.addAll(List.of("--" + key, filter.text(key).orElseThrow())));
        try (ViciClient a = connect(pair.a())) {
            StreamedResponse snapshot = a.streamAll("list-sas", filter, "list-sa");
            Instant received = Instant.now();
            List<Message> swanctl = SwanctlRaw.parse(pair.a().swanctl(swanctlArgs.toArray(String[]::new))).stream()
                    .filter(d -> d.label().equals("list-sa event")).map(SwanctlRaw.Dump::message).toList();
            assertThat(snapshot.events()).hasSizeLessThanOrEqualTo(1).hasSameSizeAs(swanctl);
            if (swanctl.isEmpty()) {
                return null;
            }

            KeyedValue record = mapper.snapshotEntry(new Envelope("gw-a", "list-sa", received, ++sequence),
                    new SnapshotPosition("it-1", 0, true, 1L), snapshot.events().get(0));
            Struct value = checked(record);

            Message listed = swanctl.get(0).section(TunnelConfig.CONNECTION).orElseThrow();
            Struct sa = value.getStruct("ike_sa");
            assertThat(sa.getString("name")).isEqualTo(TunnelConfig.CONNECTION);
            assertTypedAsListed(sa, listed, allKeysBut(listed, "child-sas"));
            Message children = listed.section("child-sas").orElse(Message.EMPTY);
            List<Struct> mappedChildren = sa.getArray("child_sas") == null ? List.of() : sa.getArray("child_sas");
            assertThat(mappedChildren).extracting(c -> c.getString("section_key")).containsExactlyElementsOf(children.keys());
            for (Struct child : mappedChildren) {
                Message listedChild = children.section(child.getString("section_key")).orElseThrow();
                assertChildTypedAsListed(child, listedChild, listedChild.keys());
                assertThat(((Date) child.get("installed_at")).toInstant())
                        .isCloseTo(received.minusSeconds(Long.parseLong(listedChild.text("install-time").orElseThrow())), within(3, java.time.temporal.ChronoUnit.SECONDS));
            }
            Struct key = (Struct) record.key();
            assertThat(key.getString("ike_sa")).isEqualTo(TunnelConfig.CONNECTION);
            assertThat(key.getInt64("ike_sa_unique_id")).isEqualTo(sa.getInt64("uniqueid"));
            assertThat(value.getInt64("total")).isEqualTo(1L);
            return sa;
        }
    }

    /** Maps a real event, checks it is valid, converts to Avro, and that charon (5.9.8 or 6.x) left nothing untyped. */
    Struct record(Event event) {
        return checked(mapper.event(new Envelope("gw", event.name(), event.receivedAt(), ++sequence), event.message()));
    }

    private Struct checked(KeyedValue record) {
        ((Struct) record.key()).validate();
        Struct value = (Struct) record.value();
        value.validate();
        assertThat(OtherCollector.all(value)).as("untyped keys in a %s record", value.getString("event")).isEmpty();
        assertThat(avroData.fromConnectData(record.valueSchema(), value)).isNotNull();
        assertThat(avroData.fromConnectData(record.keySchema(), record.key())).isNotNull();
        return value;
    }

    private static void assertTypedAsListed(Struct sa, Message listed, Set<String> keys) {
        assertTyped(IkeSaFields.FIELDS, sa, listed, keys, "IKE_SA ");
    }

    private static void assertChildTypedAsListed(Struct child, Message listed, Set<String> keys) {
        assertTyped(ChildSaFields.FIELDS, child, listed, keys, "CHILD_SA ");
    }

    /** Every key swanctl lists (of those asked for) has a typed field holding the same value. */
    private static void assertTyped(TypedFields fields, Struct struct, Message listed, Set<String> keys, String what) {
        for (String key : keys) {
            Node node = listed.node(key).orElse(null);
            ViciField field = fields.fields().stream().filter(f -> f.key().equals(key)).findFirst().orElse(null);
            assertThat(field).as(what + key + " has a typed field").isNotNull();
            Object typed = struct.get(field.field());
            if (node == null) {
                assertThat(typed).as(what + key + " (swanctl lists none)").isNull();
            } else if (node instanceof ValueList list) {
                assertThat(typed).as(what + key).isEqualTo(list.texts());
            } else if (CLOCK_VALUES.contains(key)) {
                assertThat((Long) typed).as(what + key).isCloseTo(listed.number(key).orElseThrow(), within(3L));
            } else {
                String text = listed.text(key).orElseThrow();
                String rendered = switch (field.type()) {
                    case YES_NO -> (Boolean) typed ? "yes" : "no";
                    case ONE_ZERO -> (Boolean) typed ? "1" : "0";
                    default -> String.valueOf(typed);
                };
                assertThat(rendered).as(what + key).isEqualTo(text);
            }
        }
    }

    private static Set<String> allKeysBut(Message section, String except) {
        Set<String> keys = new java.util.LinkedHashSet<>(section.keys());
        keys.remove(except);
        return keys;
    }

    private static Message swanctlSa(CharonNode node) {
        List<Message> events = SwanctlRaw.parse(node.swanctl("--list-sas", "--raw")).stream()
                .filter(d -> d.label().equals("list-sa event")).map(SwanctlRaw.Dump::message).toList();
        assertThat(events).hasSize(1);
        return events.get(0).section(TunnelConfig.CONNECTION).orElseThrow();
    }

    static Message awaitListed(CharonNode node, Predicate<Message> ready) {
        return await().atMost(WAIT).until(() -> swanctlSa(node), ready);
    }

    private static Message onlyChild(Message sa) {
        return onlyChildOf(sa.section("child-sas").orElseThrow());
    }

    static Message onlyChildOf(Message children) {
        return children.section(onlyKey(children)).orElseThrow();
    }

    private static String onlyKey(Message section) {
        assertThat(section.keys()).hasSize(1);
        return section.keys().iterator().next();
    }

    private static Struct onlyChild(Struct sa) {
        List<Struct> children = sa.getArray("child_sas");
        assertThat(children).hasSize(1);
        return children.get(0);
    }

    /** Polls a subscription and keeps everything it delivered, in order. */
    static final class Recorder {

        private final EventSubscription subscription;
        private final List<Event> seen = new ArrayList<>();

        Recorder(EventSubscription subscription) {
            this.subscription = subscription;
        }

        Event await(String name, Predicate<Event> matching) {
            return org.awaitility.Awaitility.await().atMost(WAIT).until(() -> {
                for (Delivery d = subscription.poll(); d != null; d = subscription.poll()) {
                    if (d instanceof Event e) {
                        seen.add(e);
                    }
                }
                return seen.stream().filter(e -> e.name().equals(name) && matching.test(e)).findFirst().orElse(null);
            }, found -> found != null);
        }
    }
}
