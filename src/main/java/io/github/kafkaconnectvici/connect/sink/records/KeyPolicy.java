package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Node;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which request keys a record may use, beside the command allow-list: a key that makes charon run
 * a program or open a file is refused unless the operator allowed it by name. The classification
 * comes from strongSwan's VICI plugin and swanctl documentation; docs/sink-connector.md has the table.
 */
public final class KeyPolicy {

    public static final List<KeyRule> RULES = KeyClassification.RULES;

    private final Set<String> allowed;

    public KeyPolicy(Collection<String> allowedKeyIds) {
        this.allowed = allowedKeyIds.stream().map(String::trim).collect(Collectors.toUnmodifiableSet());
    }

    public static Set<String> ruleIds() {
        return RULES.stream().filter(r -> r.risk().refusedByDefault()).map(KeyRule::id)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Throws {@link CommandRefusedException} naming the first refused key's path; nothing is sent then. */
    public void check(SinkCommand command, Message message) {
        List<KeyRule> refusable = RULES.stream()
                .filter(r -> r.command() == command && r.risk().refusedByDefault() && !allowed.contains(r.id()))
                .toList();
        if (!refusable.isEmpty()) {
            check(message, "", refusable);
        }
    }

    private static void check(Message section, String parent, List<KeyRule> refusable) {
        for (Map.Entry<String, Node> entry : section.entries().entrySet()) {
            String path = parent.isEmpty() ? entry.getKey() : parent + "." + entry.getKey();
            Optional<KeyRule> rule = refusable.stream().filter(r -> r.matches(entry.getKey())).findFirst();
            if (rule.isPresent()) {
                KeyRule r = rule.get();
                throw new CommandRefusedException("key '" + path + "' of " + r.command() + " " + r.risk().meaning()
                        + " (" + r.why() + ") and is refused; the operator can allow it with "
                        + SinkSettingNames.KEYS_ALLOWED + "=" + r.id());
            }
            if (entry.getValue() instanceof Message nested) {
                check(nested, path, refusable);
            }
        }
    }
}
