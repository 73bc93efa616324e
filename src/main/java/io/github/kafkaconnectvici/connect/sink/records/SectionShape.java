package io.github.kafkaconnectvici.connect.sink.records;

import org.apache.kafka.connect.data.Struct;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record shape of load-conn, load-authority and load-pool, whose message is one section named
 * after the object ({@code ab { ... }}): a value with exactly the fields {@code name} (text) and
 * {@code config} (a map or struct) stands for {@code <name> { <config> }}, so that a schema can
 * describe it with fixed field names. Any other value is taken as the message itself (the verbatim
 * VICI form, handy in schemaless JSON: {@code {"ab": {...}}}).
 */
final class SectionShape {

    static final String NAME = "name";
    static final String CONFIG = "config";

    private SectionShape() {
    }

    /** The value to convert: {@code {name: config}} for the named shape, the value itself otherwise. */
    static Object unwrap(Object value) {
        Object name;
        Object config;
        if (value instanceof Struct struct) {
            if (struct.schema().fields().size() != 2 || struct.schema().field(NAME) == null
                    || struct.schema().field(CONFIG) == null) {
                return value;
            }
            name = struct.get(NAME);
            config = struct.get(CONFIG);
        } else if (value instanceof Map<?, ?> map && map.size() == 2 && map.containsKey(NAME) && map.containsKey(CONFIG)) {
            name = map.get(NAME);
            config = map.get(CONFIG);
        } else {
            return value;
        }
        if (!(name instanceof String text) || text.isBlank()) {
            throw new MalformedRecordException("'" + NAME + "' must be a non-empty string naming the section");
        }
        if (!(config instanceof Struct) && !(config instanceof Map)) {
            throw new MalformedRecordException("'" + CONFIG + "' must be a struct or a map (a JSON object), not "
                    + (config == null ? "null" : RecordConverter.typeName(config)));
        }
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put(text, config);
        return wrapped;
    }
}
