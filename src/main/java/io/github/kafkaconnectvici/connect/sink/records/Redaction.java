package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Node;
import io.github.kafkaconnectvici.vici.codec.Value;
import io.github.kafkaconnectvici.vici.codec.ValueList;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Flattens a reply into the result's {@code reply} map ({@code a.b} for sections, {@code k[0]} for
 * list items) with every value under a secret-bearing key replaced. charon's replies to the sink's
 * commands carry no secrets today; redacting by key keeps it so if a future one echoes a request.
 */
public final class Redaction {

    public static final String REDACTED = "<redacted>";

    /**
     * Keys whose values are secrets somewhere in VICI: load-shared/load-key {@code data}, swanctl's
     * {@code secret}, load-token's {@code pin}, and the obvious others.
     */
    static final Set<String> SECRET_KEYS = Set.of("data", "secret", "pin", "psk", "password", "passphrase",
            "private-key", "private_key", "privkey", "key");

    private Redaction() {
    }

    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_KEYS.contains(k) || k.startsWith("secret");
    }

    public static Map<String, String> flatten(Message reply) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten(reply, "", flat);
        return flat;
    }

    private static void flatten(Message section, String prefix, Map<String, String> into) {
        for (Map.Entry<String, Node> entry : section.entries().entrySet()) {
            String key = entry.getKey();
            String path = prefix + key;
            boolean secret = isSecretKey(key);
            Node node = entry.getValue();
            if (node instanceof Message nested) {
                if (secret) {
                    into.put(path, REDACTED);
                } else {
                    flatten(nested, path + ".", into);
                }
            } else if (node instanceof ValueList list) {
                for (int i = 0; i < list.items().size(); i++) {
                    into.put(path + "[" + i + "]", secret ? REDACTED : list.items().get(i).text());
                }
            } else {
                into.put(path, secret ? REDACTED : ((Value) node).text());
            }
        }
    }
}
