package io.github.kafkaconnectvici.connect.source.records;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;

/**
 * The VICI leaves a mapped record still holds, path → text, read back from its typed fields and its
 * {@code other} maps: what {@link ViciLeaves} reads from the event, if the mapping lost nothing.
 * Relies on the record layout documented in docs/source-connector.md, not on the mapper's code.
 */
final class RecordLeaves {

    private final Map<String, String> leaves = new LinkedHashMap<>();

    private RecordLeaves() {
    }

    static Map<String, String> of(String event, Struct value) {
        RecordLeaves r = new RecordLeaves();
        if (value.schema().field("other") != null) {
            r.other("", value.getMap("other"));
        }
        switch (value.schema().name().substring(RecordSchemas.NAMESPACE.length() + 1)) {
            case "IkeUpdown", "ChildUpdown" -> {
                if (value.getBoolean("up") && !r.hasPath("up")) {
                    r.leaves.put("up", "yes");
                }
                r.ikeSa("", value.getStruct("ike_sa"));
            }
            case "ListSa" -> r.ikeSa("", value.getStruct("ike_sa"));
            case "IkeUpdate" -> {
                r.typed("", RecordSchemas.IKE_UPDATE_FIELDS, value);
                r.ikeSa("", value.getStruct("ike_sa"));
            }
            case "IkeRekey" -> {
                Struct old = value.getStruct("old_ike_sa");
                Struct fresh = value.getStruct("new_ike_sa");
                if (old != null) {
                    r.ikeSa(old.getString("name") + "/old", old);
                }
                if (fresh != null) {
                    r.ikeSa(fresh.getString("name") + "/new", fresh);
                }
            }
            case "ChildRekey" -> {
                Struct sa = value.getStruct("ike_sa");
                for (String side : List.of("old", "new")) {
                    Struct child = value.getStruct(side + "_child_sa");
                    if (child != null) {
                        r.childSa(sa.getString("name") + "/child-sas/" + child.getString("section_key") + "/" + side, child);
                    }
                }
                r.ikeSa("", sa);
            }
            case "Log" -> r.typed("", RecordSchemas.LOG_FIELDS, value);
            case "GenericEvent" -> r.other("", value.getMap("values"));
            case "Alert" -> {
                if (value.getString("type_name") != null) {
                    r.leaves.put("type", value.getString("type_name"));
                }
                Struct sa = value.getStruct("ike_sa");
                if (sa != null) {
                    r.ikeSa("ike-sa/" + sa.getString("name"), sa);
                }
            }
            default -> throw new IllegalArgumentException("unknown record " + value.schema().name());
        }
        return r.leaves;
    }

    private boolean hasPath(String key) {
        return leaves.keySet().stream().anyMatch(p -> p.equals(key) || p.startsWith(key + "[") || p.startsWith(key + "/")
                || p.startsWith(key + "#"));
    }

    /** An IKE_SA at {@code at}, or under its own name when {@code at} is empty. */
    private void ikeSa(String at, Struct sa) {
        if (sa == null) {
            return;
        }
        String path = at.isEmpty() ? sa.getString("name") : at;
        typed(path + "/", IkeSaFields.FIELDS, sa);
        other(path + "/", sa.getMap("other"));
        List<Struct> children = sa.getArray("child_sas");
        if (children != null) {
            for (Struct child : children) {
                childSa(path + "/child-sas/" + child.getString("section_key"), child);
            }
            markIfEmpty(path + "/child-sas");
        }
        markIfEmpty(path);
    }

    private void childSa(String path, Struct child) {
        typed(path + "/", ChildSaFields.FIELDS, child);
        other(path + "/", child.getMap("other"));
        markIfEmpty(path);
    }

    // A section that held nothing shows as "path/" in ViciLeaves.
    private void markIfEmpty(String path) {
        if (leaves.keySet().stream().noneMatch(p -> p.startsWith(path + "/"))) {
            leaves.put(path + "/", "");
        }
    }

    private void typed(String prefix, TypedFields fields, Struct struct) {
        for (ViciField field : fields.fields()) {
            if (struct.schema().field(field.field()) == null) {
                continue;
            }
            Object value = struct.get(field.field());
            if (value == null) {
                continue;
            }
            String path = prefix + field.key();
            switch (field.type()) {
                case YES_NO -> leaves.put(path, (Boolean) value ? "yes" : "no");
                case ONE_ZERO -> leaves.put(path, (Boolean) value ? "1" : "0");
                case TEXT_LIST -> {
                    List<?> items = (List<?>) value;
                    if (items.isEmpty()) {
                        leaves.put(path + "[]", "");
                    }
                    for (int i = 0; i < items.size(); i++) {
                        leaves.put(path + "[" + i + "]", items.get(i).toString());
                    }
                }
                default -> leaves.put(path, value.toString());
            }
        }
    }

    private void other(String prefix, Map<String, String> other) {
        if (other != null) {
            other.forEach((path, text) -> leaves.put(prefix + path, text));
        }
    }
}
