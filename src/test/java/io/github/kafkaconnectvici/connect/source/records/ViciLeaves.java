package io.github.kafkaconnectvici.connect.source.records;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Node;
import io.github.kafkaconnectvici.vici.codec.Value;
import io.github.kafkaconnectvici.vici.codec.ValueList;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every leaf of a VICI tree as path → text, written independently of the mapper, in the notation of
 * the records' {@code other} maps: keys joined by '/', list items key[i], empty lists key[] and
 * empty sections key/ (both ""), non-UTF-8 values base64 under path#base64.
 */
final class ViciLeaves {

    private ViciLeaves() {
    }

    static Map<String, String> of(Message message) {
        Map<String, String> leaves = new LinkedHashMap<>();
        section("", message, leaves);
        return leaves;
    }

    static void node(String path, Node node, Map<String, String> leaves) {
        if (node instanceof Value value) {
            String text = strictUtf8(value.bytes());
            if (text == null) {
                leaves.put(path + "#base64", Base64.getEncoder().encodeToString(value.bytes()));
            } else {
                leaves.put(path, text);
            }
        } else if (node instanceof ValueList list) {
            List<Value> items = list.items();
            if (items.isEmpty()) {
                leaves.put(path + "[]", "");
            }
            for (int i = 0; i < items.size(); i++) {
                node(path + "[" + i + "]", items.get(i), leaves);
            }
        } else {
            Message section = (Message) node;
            if (section.isEmpty()) {
                leaves.put(path + "/", "");
            }
            section(path + "/", section, leaves);
        }
    }

    private static void section(String prefix, Message section, Map<String, String> leaves) {
        section.entries().forEach((key, node) -> node(prefix + key, node, leaves));
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
