package io.github.kafkaconnectvici.connect.source.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.github.kafkaconnectvici.connect.source.records.StructSlots;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * One gateway's live IKE_SAs as its records tell them, for the compacted current-state topic: every
 * SA event and snapshot entry gives the SA's new state (CHILD_SAs merged in, since child events list
 * only the affected one); going down, being rekeyed away, or missing from a completed snapshot gives
 * a tombstone. Single-threaded: the gateway's worker feeds it in sequence order.
 */
final class SaStateTracker {

    /** A state to write for {@code id}; {@code ikeSa} null means a tombstone. */
    record Change(SaId id, Struct ikeSa, String source, String snapshotId) {
    }

    private final Map<SaId, Struct> live = new LinkedHashMap<>();
    private final SnapshotListing snapshots = new SnapshotListing();

    List<Change> follow(OriginRecord origin) {
        List<Change> changes = new ArrayList<>(2);
        switch (origin.event()) {
            case "ike-updown" -> {
                Struct sa = origin.struct("ike_sa");
                SaId id = SaId.of(sa);
                if (id != null) {
                    changes.add(origin.up() ? put(id, sa, origin.event(), null) : remove(id, origin.event()));
                }
            }
            case "child-updown" -> {
                Struct sa = origin.struct("ike_sa");
                SaId id = SaId.of(sa);
                // charon reports the CHILD_SAs of a terminated IKE_SA down after the IKE_SA: it stays gone
                if (id != null && (origin.up() || live.containsKey(id))) {
                    Struct merged = ChildSaMerge.apply(live.getOrDefault(id, sa), OriginRecord.children(sa),
                            origin.up() ? List.of() : OriginRecord.children(sa), origin.up());
                    changes.add(put(id, merged, origin.event(), null));
                }
            }
            case "child-rekey" -> {
                Struct sa = origin.struct("ike_sa");
                SaId id = SaId.of(sa);
                Struct fresh = origin.struct("new_child_sa");
                Struct old = origin.struct("old_child_sa");
                if (id != null) {
                    Struct merged = ChildSaMerge.apply(live.getOrDefault(id, sa),
                            fresh == null ? List.of() : List.of(fresh), old == null ? List.of() : List.of(old), true);
                    changes.add(put(id, merged, origin.event(), null));
                }
            }
            case "ike-rekey" -> {
                SaId oldId = SaId.of(origin.struct("old_ike_sa"));
                Struct fresh = origin.struct("new_ike_sa");
                SaId newId = SaId.of(fresh);
                if (newId != null) {
                    // charon migrates the CHILD_SAs to the new IKE_SA but ike-rekey does not list them
                    Struct before = oldId == null ? null : live.get(oldId);
                    Struct state = fresh.getArray("child_sas") == null && before != null
                            ? ChildSaMerge.apply(fresh, OriginRecord.children(before), List.of(), true) : fresh;
                    changes.add(put(newId, state, origin.event(), null));
                }
                if (oldId != null && !oldId.equals(newId)) {
                    changes.add(0, remove(oldId, origin.event()));
                }
            }
            case GatewayRecords.SNAPSHOT_EVENT -> {
                Struct sa = origin.struct("ike_sa");
                SaId id = SaId.of(sa);
                if (id != null) {
                    snapshots.entry(origin, id);
                    changes.add(put(id, sa, origin.event(), origin.text("snapshot_id")));
                }
            }
            case GatewayRecords.STATUS_EVENT -> snapshotStatus(origin, changes);
            default -> {
                // other events do not change which SAs are up
            }
        }
        return changes;
    }

    /** The SAs believed up, for tests and metrics. */
    Set<SaId> live() {
        return Set.copyOf(live.keySet());
    }

    private void snapshotStatus(OriginRecord origin, List<Change> changes) {
        for (SaId gone : snapshots.vanished(origin, live.keySet())) {
            changes.add(remove(gone, GatewayRecords.SNAPSHOT_EVENT));
        }
    }

    private Change put(SaId id, Struct ikeSa, String source, String snapshot) {
        live.put(id, ikeSa);
        return new Change(id, ikeSa, source, snapshot);
    }

    private Change remove(SaId id, String source) {
        live.remove(id);
        return new Change(id, null, source, null);
    }

    /** Copies of IkeSa structs with their CHILD_SAs replaced, added or removed by unique id. */
    static final class ChildSaMerge {

        private ChildSaMerge() {
        }

        /**
         * {@code base} with each of {@code upserts} in place of the CHILD_SA of the same unique id (or
         * appended), and every CHILD_SA of {@code removals} left out, unless {@code keepUpserts} puts it back.
         */
        static Struct apply(Struct base, List<Struct> upserts, List<Struct> removals, boolean keepUpserts) {
            Map<Object, Struct> children = new LinkedHashMap<>();
            for (Struct child : OriginRecord.children(base)) {
                children.put(childKey(child), child);
            }
            for (Struct child : removals) {
                children.remove(childKey(child));
            }
            if (keepUpserts) {
                // child-rekey's CHILD_SAs are optional structs; child_sas holds required ones
                Schema element = base.schema().field("child_sas").schema().valueSchema();
                for (Struct child : upserts) {
                    children.put(childKey(child), copy(child, element));
                }
            }
            return withChildren(base, children.values());
        }

        // A put validates every Struct of a list: the list goes in empty, its CHILD_SAs each validated already.
        private static Struct withChildren(Struct struct, Collection<Struct> children) {
            Struct copy = new Struct(struct.schema());
            List<Struct> childSas = new ArrayList<>(children.size());
            for (Field field : struct.schema().fields()) {
                StructSlots.put(copy, field.name(), field.name().equals("child_sas") ? childSas : struct.get(field));
            }
            childSas.addAll(children);
            return copy;
        }

        static Struct copy(Struct struct, Schema schema) {
            if (struct.schema().equals(schema)) {
                return struct;
            }
            Struct copy = new Struct(schema);
            for (Field field : schema.fields()) {
                StructSlots.put(copy, field.name(), struct.get(field.name()));
            }
            return copy;
        }

        private static Object childKey(Struct child) {
            Long uniqueId = child.getInt64("uniqueid");
            return uniqueId != null ? uniqueId : child.getString("section_key");
        }
    }
}
