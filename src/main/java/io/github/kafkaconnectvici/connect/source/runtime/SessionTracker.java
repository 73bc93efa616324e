package io.github.kafkaconnectvici.connect.source.runtime;

import io.github.kafkaconnectvici.connect.source.records.StatusReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;

/**
 * One gateway's IKE_SA sessions, from up to down, followed through its records: the traffic of every
 * CHILD_SA is the last count any record showed for it (a CHILD_SA's counters only grow), summed when
 * the IKE_SA goes down, across CHILD_SA and IKE_SA rekeys. A session is partial when a gap fell
 * inside it, when it was already up when first seen, or when it vanished without ike-updown down.
 * charon reports a terminated IKE_SA down before its CHILD_SAs (whose down events carry their last
 * counters), so a session ends with the last of them, or at the next status record (a heartbeat).
 * Single-threaded: the gateway's worker feeds it in sequence order.
 */
final class SessionTracker {

    /** A session's figures when it ended. */
    record Summary(SaId lastId, List<Long> uniqueIds, Instant start, Instant end, Struct lastIkeSa, long bytesIn,
            long bytesOut, long packetsIn, long packetsOut, long childSas, long childRekeys, long ikeRekeys,
            String partialReason) {
    }

    private final Map<SaId, Session> open = new HashMap<>();
    // Down IKE_SAs whose CHILD_SAs are still to report down; any status record (a heartbeat at the latest) ends them.
    private final Map<SaId, Session> ending = new LinkedHashMap<>();
    private final SnapshotListing snapshots = new SnapshotListing();

    List<Summary> follow(OriginRecord origin) {
        List<Summary> ended = new ArrayList<>(1);
        switch (origin.event()) {
            case "ike-updown" -> {
                Struct sa = origin.struct("ike_sa");
                SaId id = SaId.of(sa);
                if (id == null) {
                    break;
                }
                if (origin.up()) {
                    open.put(id, new Session(id, origin.receivedAt(), null));
                    open.get(id).saw(sa);
                } else {
                    Session session = session(id, sa, origin);
                    session.saw(sa);
                    open.remove(id);
                    session.end = origin.receivedAt();
                    // charon reports the CHILD_SAs down after their IKE_SA, with their last counters: wait for them
                    if (session.installed.isEmpty()) {
                        ended.add(session.summary(id));
                    } else {
                        ending.put(id, session);
                    }
                }
            }
            case "child-updown" -> {
                Struct sa = origin.struct("ike_sa");
                SaId id = SaId.of(sa);
                if (id == null) {
                    break;
                }
                Session closing = ending.get(id);
                if (closing != null) {
                    closing.saw(sa);
                    OriginRecord.children(sa).forEach(closing::down);
                    if (closing.installed.isEmpty()) {
                        ending.remove(id);
                        ended.add(closing.summary(id));
                    }
                } else if (origin.up() || open.containsKey(id) || !deleting(sa)) {
                    Session session = session(id, sa, origin);
                    session.saw(sa);
                    for (Struct child : OriginRecord.children(sa)) {
                        if (origin.up()) {
                            session.up(child);
                        } else {
                            session.down(child);
                        }
                    }
                }
            }
            case "child-rekey" -> {
                Struct sa = origin.struct("ike_sa");
                SaId id = SaId.of(sa);
                if (id != null) {
                    Session session = session(id, sa, origin);
                    session.saw(sa);
                    session.down(origin.struct("old_child_sa"));
                    session.up(origin.struct("new_child_sa"));
                    session.childRekeys++;
                }
            }
            case "ike-rekey" -> {
                Struct old = origin.struct("old_ike_sa");
                Struct fresh = origin.struct("new_ike_sa");
                SaId oldId = SaId.of(old);
                SaId newId = SaId.of(fresh);
                if (oldId == null || newId == null) {
                    break;
                }
                Session session = session(oldId, old, origin);
                session.saw(old);
                open.remove(oldId);
                session.uniqueIds.add(newId.uniqueId());
                session.ikeRekeys++;
                session.saw(fresh);
                open.put(newId, session);
            }
            case GatewayRecords.SNAPSHOT_EVENT -> {
                Struct sa = origin.struct("ike_sa");
                SaId id = SaId.of(sa);
                if (id != null) {
                    Session session = session(id, sa, origin);
                    session.saw(sa);
                    session.installed.clear();
                    OriginRecord.children(sa).forEach(session::up);
                    snapshots.entry(origin, id);
                }
            }
            case GatewayRecords.STATUS_EVENT -> status(origin, ended);
            default -> {
                // other events carry no session figures
            }
        }
        return ended;
    }

    int openSessions() {
        return open.size() + ending.size();
    }

    private static boolean deleting(Struct ikeSa) {
        String state = ikeSa.getString("state");
        return "DELETING".equals(state) || "DESTROYING".equals(state);
    }

    private void status(OriginRecord origin, List<Summary> ended) {
        String kind = origin.text("kind");
        ending.forEach((sa, session) -> ended.add(session.summary(sa)));
        ending.clear();
        if (StatusReport.GAP.equals(kind)) {
            for (Session session : open.values()) {
                session.partial("a gap in the events fell inside the session (" + origin.text("reason") + ")");
            }
        }
        for (SaId sa : snapshots.vanished(origin, open.keySet())) {
            Session session = open.remove(sa);
            session.partial("the IKE_SA vanished without ike-updown down (snapshot " + origin.text("snapshot_id")
                    + " no longer lists it)");
            session.end = origin.receivedAt();
            ended.add(session.summary(sa));
        }
    }

    /** The open session of {@code id}, or a partial one begun from what {@code sa} says about its start. */
    private Session session(SaId id, Struct sa, OriginRecord origin) {
        return open.computeIfAbsent(id, k -> {
            Date established = sa == null || sa.schema().field("established_at") == null
                    ? null : (Date) sa.get("established_at");
            return new Session(id, established == null ? null : established.toInstant(),
                    "the IKE_SA was up before the connector saw it come up (first seen in " + origin.event() + ")");
        });
    }

    private static final class Session {
        // A CHILD_SA's last counters by unique id; counters only grow, so the last seen is the best known.
        private final Map<Object, long[]> children = new HashMap<>();
        // CHILD_SAs up and not yet reported down or rekeyed away
        private final Set<Object> installed = new HashSet<>();
        private Instant end;
        private final List<Long> uniqueIds = new ArrayList<>();
        private final Instant start;
        private Struct lastIkeSa;
        private long childRekeys;
        private long ikeRekeys;
        private String partialReason;

        Session(SaId id, Instant start, String partialReason) {
            this.start = start;
            this.partialReason = partialReason;
            uniqueIds.add(id.uniqueId());
        }

        void saw(Struct ikeSa) {
            if (ikeSa == null) {
                return;
            }
            lastIkeSa = ikeSa;
            for (Struct child : OriginRecord.children(ikeSa)) {
                child(child);
            }
        }

        void child(Struct child) {
            if (child == null) {
                return;
            }
            long[] counters = children.computeIfAbsent(key(child), k -> new long[4]);
            counters[0] = Math.max(counters[0], count(child, "bytes_in"));
            counters[1] = Math.max(counters[1], count(child, "bytes_out"));
            counters[2] = Math.max(counters[2], count(child, "packets_in"));
            counters[3] = Math.max(counters[3], count(child, "packets_out"));
        }

        void up(Struct child) {
            if (child != null) {
                child(child);
                installed.add(key(child));
            }
        }

        void down(Struct child) {
            if (child != null) {
                child(child);
                installed.remove(key(child));
            }
        }

        private static Object key(Struct child) {
            Long uniqueId = child.getInt64("uniqueid");
            return uniqueId != null ? uniqueId : child.getString("section_key");
        }

        void partial(String reason) {
            if (partialReason == null) {
                partialReason = reason;
            }
        }

        Summary summary(SaId lastId) {
            long[] sum = new long[4];
            for (long[] counters : children.values()) {
                for (int i = 0; i < 4; i++) {
                    sum[i] = saturatedAdd(sum[i], counters[i]);
                }
            }
            return new Summary(lastId, List.copyOf(uniqueIds), start, end, lastIkeSa, sum[0], sum[1], sum[2], sum[3],
                    children.size(), childRekeys, ikeRekeys, partialReason);
        }

        private static long count(Struct child, String field) {
            Long value = child.getInt64(field);
            return value == null || value < 0 ? 0 : value;
        }

        private static long saturatedAdd(long a, long b) {
            long sum = a + b;
            return sum < 0 ? Long.MAX_VALUE : sum;
        }
    }
}
