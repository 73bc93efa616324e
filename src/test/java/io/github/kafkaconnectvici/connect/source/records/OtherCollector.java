package io.github.kafkaconnectvici.connect.source.records;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/** Every non-empty {@code other} map in a record, by the struct path that holds it. */
final class OtherCollector {

    private OtherCollector() {
    }

    static Map<String, Map<String, String>> all(Struct struct) {
        Map<String, Map<String, String>> found = new LinkedHashMap<>();
        collect("", struct, found);
        return found;
    }

    @SuppressWarnings("unchecked")
    private static void collect(String path, Struct struct, Map<String, Map<String, String>> found) {
        for (Field field : struct.schema().fields()) {
            Object value = struct.get(field);
            if (value == null) {
                continue;
            }
            String at = path + "/" + field.name();
            if (field.name().equals("other")) {
                if (!((Map<String, String>) value).isEmpty()) {
                    found.put(at, (Map<String, String>) value);
                }
            } else if (field.schema().type() == Schema.Type.STRUCT) {
                collect(at, (Struct) value, found);
            } else if (field.schema().type() == Schema.Type.ARRAY && field.schema().valueSchema().type() == Schema.Type.STRUCT) {
                List<Struct> items = (List<Struct>) value;
                for (int i = 0; i < items.size(); i++) {
                    collect(at + "[" + i + "]", items.get(i), found);
                }
            }
        }
    }
}
