package io.github.kafkaconnectvici.connect.source.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Node;
import io.github.kafkaconnectvici.vici.codec.Value;
import io.github.kafkaconnectvici.vici.codec.ValueList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.connect.data.Struct;

/**
 * Whatever tree charon (or a newer or broken one) sends, mapping never throws, yields a valid
 * record, and every leaf value stays reachable: as a typed field or in an {@code other} map.
 */
class RecordMapperProperties {

    private static final List<String> EVENTS = List.of("ike-updown", "child-updown", "ike-rekey", "child-rekey",
            "ike-update", "log", "control-log", "list-sa", "ike-state-established", "alert");

    /** Keys the mapper treats specially, so that random trees often hit the typed paths. */
    private static final List<String> KNOWN_KEYS = Stream.of(
                    IkeSaFields.FIELDS.fields().stream().map(ViciField::key),
                    ChildSaFields.FIELDS.fields().stream().map(ViciField::key),
                    RecordSchemas.LOG_FIELDS.fields().stream().map(ViciField::key),
                    Stream.of("up", "old", "new", "child-sas", "ab", "net", "net-1", "(unnamed)"))
            .flatMap(s -> s).distinct().toList();

    private final RecordMapper mapper = new RecordMapper();

    @Property(tries = 2000)
    void mappingNeverThrowsAndLosesNoLeaf(@ForAll("events") String event, @ForAll("trees") Message tree) {
        Envelope envelope = new Envelope("gw", event, Instant.parse("2026-11-25T04:01:53.135Z"), 1);

        KeyedValue record = event.equals("list-sa")
                ? mapper.snapshotEntry(envelope, new SnapshotPosition("s", 0, true, 1L), tree)
                : mapper.event(envelope, tree);

        ((Struct) record.key()).validate();
        Struct value = (Struct) record.value();
        value.validate();
        assertThat(RecordLeaves.of(event, value)).isEqualTo(ViciLeaves.of(tree));

        // The trees must reach the typed fields often enough for the property to mean something.
        Statistics.label("a typed SA field set").collect(hasTypedSaField(value));
        Statistics.label("a typed SA field set").coverage(c -> c.check(true).percentage(p -> p > 5));
    }

    private static boolean hasTypedSaField(Struct value) {
        for (String field : List.of("ike_sa", "old_ike_sa", "new_ike_sa")) {
            if (value.schema().field(field) != null && value.get(field) instanceof Struct sa
                    && IkeSaFields.FIELDS.fields().stream().anyMatch(f -> sa.get(f.field()) != null)) {
                return true;
            }
        }
        return false;
    }

    @Provide
    Arbitrary<String> events() {
        return Arbitraries.of(EVENTS);
    }

    @Provide
    Arbitrary<Message> trees() {
        return Arbitraries.oneOf(section(4), saShaped());
    }

    /** {up?, name = {SA keys..., child-sas = {...}?, old/new?}}: the shape of charon's SA events, with random content. */
    private Arbitrary<Message> saShaped() {
        Arbitrary<Message> sa = section(2);
        return Arbitraries.entries(Arbitraries.of("ab", "(unnamed)", "x"), sa).list().ofMinSize(1).ofMaxSize(2)
                .flatMap(sas -> Arbitraries.of("yes", "no", "").injectNull(0.5).map(up -> {
                    Message.Builder event = Message.builder();
                    if (up != null) {
                        event.put("up", up);
                    }
                    sas.forEach(e -> {
                        if (!e.getKey().equals("up") && !event.build().contains(e.getKey())) {
                            event.put(e.getKey(), e.getValue());
                        }
                    });
                    return event.build();
                }));
    }

    private Arbitrary<Message> section(int depth) {
        Arbitrary<Node> node = depth == 0
                ? Arbitraries.frequencyOf(Tuple.of(6, value()), Tuple.of(2, list()))
                : Arbitraries.frequencyOf(Tuple.of(6, value()), Tuple.of(2, list()),
                        Tuple.of(3, Arbitraries.lazy(() -> section(depth - 1)).map(m -> (Node) m)));
        return Arbitraries.entries(key(), node).list().ofMaxSize(depth == 4 ? 4 : 7).map(entries -> {
            Message.Builder builder = Message.builder();
            List<String> seen = new ArrayList<>();
            entries.forEach(e -> {
                if (!seen.contains(e.getKey())) {
                    seen.add(e.getKey());
                    builder.put(e.getKey(), e.getValue());
                }
            });
            return builder.build();
        });
    }

    // Random keys avoid '/', '[' and '#', the path notation's own characters: with them, two leaves
    // could share a path, which the mapper survives (#2 suffixes) but this comparison cannot follow.
    private Arbitrary<String> key() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(KNOWN_KEYS)),
                Tuple.of(1, Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz-_.0123456789 ()")
                        .ofMinLength(1).ofMaxLength(12)));
    }

    private Arbitrary<Node> value() {
        Arbitrary<String> text = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("yes", "no", "1", "0", "-1", "007", "+5", "", "4500", "2147483648",
                        "9223372036854775807", "18446744073709551615", "-9223372036854775808", "ESTABLISHED", "\uFFFD")),
                Tuple.of(3, Arbitraries.longs().map(n -> Long.toString(n))),
                Tuple.of(2, Arbitraries.strings().ofMaxLength(16)));
        Arbitrary<Node> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(b -> (Node) Value.of(b));
        return Arbitraries.frequencyOf(Tuple.of(6, text.map(t -> (Node) Value.of(t))), Tuple.of(1, bytes));
    }

    private Arbitrary<Node> list() {
        return value().map(v -> (Value) v).list().ofMaxSize(3).map(ValueList::new);
    }
}
