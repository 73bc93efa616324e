package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.vici.codec.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    @Test
    void flattensSectionsAndListsInOrder() {
        Message reply = Message.builder()
                .put("success", "yes")
                .put("matches", 2)
                .section("counters", c -> c.put("ike-init", 3))
                .list("keys", "k1", "k2")
                .build();
        assertThat(Redaction.flatten(reply)).containsExactly(
                java.util.Map.entry("success", "yes"),
                java.util.Map.entry("matches", "2"),
                java.util.Map.entry("counters.ike-init", "3"),
                java.util.Map.entry("keys[0]", "k1"),
                java.util.Map.entry("keys[1]", "k2"));
    }

    @Test
    void valuesUnderSecretKeysAreRedactedAtAnyDepth() {
        Message reply = Message.builder()
                .put("data", "psk-MARKER")
                .put("PIN", "1234")
                .list("secret", "a", "b")
                .section("nested", n -> n.put("password", "pw").put("private-key", "k").put("id", "keep"))
                .section("secrets", n -> n.put("anything", "hidden"))
                .build();
        var flat = Redaction.flatten(reply);
        assertThat(flat).containsEntry("data", Redaction.REDACTED).containsEntry("PIN", Redaction.REDACTED)
                .containsEntry("secret[0]", Redaction.REDACTED).containsEntry("secret[1]", Redaction.REDACTED)
                .containsEntry("nested.password", Redaction.REDACTED)
                .containsEntry("nested.private-key", Redaction.REDACTED)
                .containsEntry("nested.id", "keep")
                .containsEntry("secrets", Redaction.REDACTED);
        assertThat(flat.values()).noneMatch(v -> v.contains("psk-MARKER") || v.equals("1234") || v.equals("pw")
                || v.equals("hidden"));
    }
}
