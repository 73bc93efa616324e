package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.connect.sink.ViciSinkConfig;
import io.github.kafkaconnectvici.vici.codec.Message;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyPolicyTest {

    static Message connWithChildKey(String key, String value) {
        return Message.builder().section("ab", conn -> conn.put("version", 2)
                .section("children", children -> children.section("net", child -> child
                        .list("local_ts", "10.98.1.0/24").put(key, value)))).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"updown", "UPDOWN", "UpDown"})
    void anUpdownAtAnyDepthIsRefusedByDefaultNamingItsPathAndTheSetting(String key) {
        Message message = connWithChildKey(key, "/bin/sh -c 'id > /tmp/owned'");

        assertThatThrownBy(() -> new KeyPolicy(List.of()).check(SinkCommand.LOAD_CONN, message))
                .isInstanceOf(CommandRefusedException.class)
                .hasMessageContaining("'ab.children.net." + key + "'")
                .hasMessageContaining("run a program")
                .hasMessageContaining("vici.keys.allowed=load-conn:updown")
                .hasMessageNotContaining("/tmp/owned");
    }

    @Test
    void anUpdownAllowedByNameIsAccepted() {
        Message message = connWithChildKey("updown", "/usr/local/sbin/tunnel-hook");
        assertThatCode(() -> new KeyPolicy(List.of("load-conn:updown")).check(SinkCommand.LOAD_CONN, message))
                .doesNotThrowAnyException();
    }

    @Test
    void aConnectionWithoutRefusedKeysPasses() {
        assertThatCode(() -> new KeyPolicy(List.of()).check(SinkCommand.LOAD_CONN,
                connWithChildKey("esp_proposals", "aes128-sha256"))).doesNotThrowAnyException();
    }

    @Test
    void filesAndTokensInCertificateSectionsAreRefused() {
        Message certFile = Message.builder().section("ab", conn -> conn.section("local", local -> local
                .section("cert-1", cert -> cert.put("file", "/etc/shadow")))).build();
        assertThatThrownBy(() -> new KeyPolicy(List.of()).check(SinkCommand.LOAD_CONN, certFile))
                .isInstanceOf(CommandRefusedException.class).hasMessageContaining("'ab.local.cert-1.file'")
                .hasMessageContaining("open a file");
    }

    @Test
    void loadTokensModuleIsRefusedEvenWithItsOtherTokenKeysAllowed() {
        Message token = Message.builder().put("handle", "0a0b").put("module", "/tmp/evil.so").put("pin", "1234").build();
        assertThatThrownBy(() -> new KeyPolicy(List.of("load-token:handle")).check(SinkCommand.LOAD_TOKEN, token))
                .isInstanceOf(CommandRefusedException.class).hasMessageContaining("'module'")
                .hasMessageNotContaining("1234").hasMessageNotContaining("evil");
    }

    @Test
    void aKeyIsRefusedOnlyForTheCommandItWasClassifiedFor() {
        // initiate has no 'file' key; charon rejects unknown keys itself.
        assertThatCode(() -> new KeyPolicy(List.of()).check(SinkCommand.INITIATE,
                Message.builder().put("child", "net").build())).doesNotThrowAnyException();
    }

    @Test
    void everyRefusableRuleIsOfARefusedRiskAndSecretsAreListedToo() {
        assertThat(KeyPolicy.ruleIds()).contains("load-conn:updown", "load-token:module", "load-conn:file",
                "load-authority:crl_uris").doesNotContain("load-shared:data", "load-conn:remote_addrs");
        assertThat(KeyPolicy.RULES).anySatisfy(r -> assertThat(r.id()).isEqualTo("load-shared:data"));
    }

    @Test
    void theSettingNamesOnlyRefusableKeys() {
        Map<String, String> props = new HashMap<>(Map.of(ViciSinkConfig.RESULT_BOOTSTRAP_SERVERS, "localhost:9092",
                ViciSinkConfig.VALIDATE_GATEWAYS, "false"));
        props.put(ViciSinkConfig.KEYS_ALLOWED, "load-conn:updown");
        assertThat(new ViciSinkConfig(props).keysAllowed()).containsExactly("load-conn:updown");
        props.put(ViciSinkConfig.KEYS_ALLOWED, "load-conn:up-down");
        assertThatThrownBy(() -> new ViciSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("load-conn:up-down").hasMessageContaining("not a refusable key");
    }
}
