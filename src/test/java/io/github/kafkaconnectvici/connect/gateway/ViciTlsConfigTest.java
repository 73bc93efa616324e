package io.github.kafkaconnectvici.connect.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kafkaconnectvici.connect.sink.ViciSinkConfig;
import io.github.kafkaconnectvici.connect.source.ViciSourceConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The vici.ssl.* settings: the same in both connectors, passwords as PASSWORD, stores read only for tls://. */
class ViciTlsConfigTest {

    private static final List<String> NAMES = List.of(ViciTlsConfig.KEYSTORE_LOCATION, ViciTlsConfig.KEYSTORE_PASSWORD,
            ViciTlsConfig.KEYSTORE_TYPE, ViciTlsConfig.KEY_PASSWORD, ViciTlsConfig.TRUSTSTORE_LOCATION,
            ViciTlsConfig.TRUSTSTORE_PASSWORD, ViciTlsConfig.TRUSTSTORE_TYPE,
            ViciTlsConfig.ENDPOINT_IDENTIFICATION_ALGORITHM);

    @Test
    void bothConnectorsDefineEverySettingWithPasswordsAsPasswords() {
        for (ConfigDef def : List.of(ViciSourceConfig.CONFIG_DEF, ViciSinkConfig.CONFIG_DEF)) {
            assertThat(def.names()).containsAll(NAMES);
            assertThat(List.of(ViciTlsConfig.KEYSTORE_PASSWORD, ViciTlsConfig.KEY_PASSWORD, ViciTlsConfig.TRUSTSTORE_PASSWORD))
                    .allSatisfy(name -> assertThat(def.configKeys().get(name).type).isEqualTo(ConfigDef.Type.PASSWORD));
            assertThat(def.configKeys().get(ViciTlsConfig.ENDPOINT_IDENTIFICATION_ALGORITHM).defaultValue).isEqualTo("https");
        }
    }

    @Test
    void aBadStoreTypeOrIdentificationAlgorithmIsRejected() {
        Map<String, String> props = sink("A=tls://127.0.0.1:4502");
        props.put(ViciTlsConfig.KEYSTORE_TYPE, "BKS");
        assertThatThrownBy(() -> new ViciSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ViciTlsConfig.KEYSTORE_TYPE);

        Map<String, String> other = sink("A=tls://127.0.0.1:4502");
        other.put(ViciTlsConfig.ENDPOINT_IDENTIFICATION_ALGORITHM, "ldaps");
        assertThatThrownBy(() -> new ViciSinkConfig(other)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ViciTlsConfig.ENDPOINT_IDENTIFICATION_ALGORITHM);
    }

    @Test
    void storesAreReadOnlyForTlsEndpointsAndAMissingOneNamesItsSetting() {
        Map<String, String> unix = sink("A=unix:///run/a.vici");
        unix.put(ViciTlsConfig.KEYSTORE_LOCATION, "/no/such/keystore.p12");
        assertThat(new ViciSinkConfig(unix).endpoints().all()).singleElement()
                .satisfies(e -> assertThat(e.tls()).isNull());

        Map<String, String> tls = sink("A=unix:///run/a.vici,B=tls://127.0.0.1:4502");
        tls.put(ViciTlsConfig.KEYSTORE_LOCATION, "/no/such/keystore.p12");
        tls.put(ViciTlsConfig.KEYSTORE_PASSWORD, "secret-pw-9");
        assertThatThrownBy(() -> new ViciSinkConfig(tls).endpoints()).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ViciTlsConfig.KEYSTORE_LOCATION).hasMessageContaining("does not exist")
                .hasMessageNotContaining("secret-pw-9");
    }

    @Test
    void withoutStoresTlsEndpointsGetTheJdkDefaultsAndOthersNone() {
        GatewayEndpoints endpoints = new ViciSourceConfig(Map.of(ViciSourceConfig.ENDPOINTS,
                "a=unix:///run/a.vici,b=tls://gw-b.example.org:4502")).endpoints();
        assertThat(endpoints.byName("a").tls()).isNull();
        assertThat(endpoints.byName("b").tls()).isNotNull().satisfies(t -> assertThat(t.verifiesHostname()).isTrue());
        assertThat(endpoints.byName("b")).hasToString("b=tls://gw-b.example.org:4502");
    }

    private static Map<String, String> sink(String endpoints) {
        Map<String, String> props = new HashMap<>();
        props.put(ViciSinkConfig.ENDPOINTS, endpoints);
        props.put(ViciSinkConfig.RESULT_BOOTSTRAP_SERVERS, "localhost:9092");
        return props;
    }
}
