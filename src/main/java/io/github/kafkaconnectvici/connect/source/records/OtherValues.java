package io.github.kafkaconnectvici.connect.source.records;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.MessageWalker;
import io.github.kafkaconnectvici.vici.codec.Node;
import io.github.kafkaconnectvici.vici.codec.Value;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * What charon said that no typed field holds, flattened to path → text so that a newer strongSwan's
 * keys (or a value that does not parse as its field's type) are kept rather than dropped.
 *
 * <p>Paths ({@link MessageWalker}) are VICI keys joined by '/', relative to the struct that holds the map; list items are
 * {@code key[i]}, an empty list {@code key[]} and an empty section {@code key/}, both with an empty
 * value. A value that is not UTF-8 text is kept base64-encoded under its path plus {@code #base64}.
 * Should two paths coincide (keys may contain '/'), the later one gets {@code #2}, {@code #3}, ...
 */
final class OtherValues implements MessageWalker.Visitor {

    static final String BASE64_SUFFIX = "#base64";

    private Map<String, String> values;

    /** The optional map schema of every {@code other} field. */
    static Schema schema() {
        return SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).optional()
                .doc("What charon sent that no typed field holds (keys unknown to this version, values that do not parse as"
                        + " their field's type): VICI path → value; paths are keys joined by '/', list items key[i];"
                        + " non-UTF-8 values are base64 under path#base64. Absent when everything was typed.")
                .build();
    }

    void add(String path, Node node) {
        MessageWalker.walk(path, null, node, "/", this);
    }

    /** Every entry of {@code section}, under {@code prefix}. */
    void addAll(String prefix, Message section) {
        MessageWalker.walk(section, prefix, "/", this);
    }

    // The walk's visitor: text, else base64; empty lists and sections leave a mark.
    @Override
    public void value(String path, String key, Value value) {
        String text = ViciText.utf8(value);
        if (text != null) {
            put(path, text);
        } else {
            put(path + BASE64_SUFFIX, Base64.getEncoder().encodeToString(value.bytes()));
        }
    }

    @Override
    public void emptyList(String path) {
        put(path + "[]", "");
    }

    @Override
    public void emptySection(String path) {
        put(path + "/", "");
    }

    private void put(String path, String text) {
        if (values == null) {
            values = new LinkedHashMap<>();
        }
        String key = path;
        for (int n = 2; values.containsKey(key); n++) {
            key = path + "#" + n;
        }
        values.put(key, text);
    }

    boolean isEmpty() {
        return values == null;
    }

    /** The map, or null when everything found a typed field. */
    Map<String, String> mapOrNull() {
        return values;
    }
}
