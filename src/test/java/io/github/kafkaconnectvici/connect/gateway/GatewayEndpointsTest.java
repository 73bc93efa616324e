package io.github.kafkaconnectvici.connect.gateway;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayEndpointsTest {

    @Test
    void namedAndUnnamedEntries() {
        GatewayEndpoints endpoints = GatewayEndpoints.parse("gw-a=unix:///run/a/charon.vici, tcp://10.0.0.1:4502,unix:///var/run/charon.vici");

        assertThat(endpoints.all()).extracting(GatewayEndpoint::name)
                .containsExactly("gw-a", "10.0.0.1_4502", "charon");
        assertThat(endpoints.byName("gw-a").uri().toString()).isEqualTo("unix:///run/a/charon.vici");
        assertThat(GatewayEndpoints.parse(GatewayEndpoints.format(endpoints.all())).all())
                .isEqualTo(endpoints.all());
    }

    @Test
    void duplicateNamesAreRejectedWithTheName() {
        assertThatThrownBy(() -> GatewayEndpoints.parse("unix:///a/charon.vici,unix:///b/charon.vici"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'charon' is used twice");
    }

    @Test
    void badUrisAndNamesSaySo() {
        assertThatThrownBy(() -> GatewayEndpoints.parse("gw=http://x:1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("scheme must be unix, tcp or tls");
        assertThatThrownBy(() -> GatewayEndpoints.parse("gw=tcp://host"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("host and a port");
        assertThatThrownBy(() -> GatewayEndpoints.parse("bad name=tcp://h:1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'bad name'");
        assertThatThrownBy(() -> GatewayEndpoints.parse(List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least one");
    }

    @Test
    void groupsSpreadRoundRobinAndNeverEmpty() {
        GatewayEndpoints endpoints = GatewayEndpoints.parse("a=tcp://h:1,b=tcp://h:2,c=tcp://h:3");

        assertThat(endpoints.groups(2)).extracting(g -> g.stream().map(GatewayEndpoint::name).toList())
                .containsExactly(List.of("a", "c"), List.of("b"));
        assertThat(endpoints.groups(10)).hasSize(3);
        assertThat(endpoints.groups(1)).singleElement().asList().hasSize(3);
    }
}
