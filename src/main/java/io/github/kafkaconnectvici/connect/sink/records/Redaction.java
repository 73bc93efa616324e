package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.MessageWalker;
import io.github.kafkaconnectvici.vici.codec.Value;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Flattens a reply into the result's {@code reply} map ({@link MessageWalker}: {@code a.b} for sections,
 * {@code k[0]} for list items, values as text, no marks for empty lists and sections) with every value under a
 * secret-bearing key replaced. charon's replies to the sink's
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
        MessageWalker.walk(reply, "", ".", new MessageWalker.Visitor() {
            @Override
            public void value(String path, String key, Value value) {
                flat.put(path, isSecretKey(key) ? REDACTED : value.text());
            }

            @Override
            public boolean descend(String path, String key) {
                return !isSecretKey(key);
            }

            @Override
            public void notDescended(String path, Message section) {
                flat.put(path, REDACTED); // a secret section: not even its keys
            }
        });
        return flat;
    }
}
