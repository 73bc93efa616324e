package io.github.kafkaconnectvici.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ListValidatorsTest {

    private final ConfigDef.Validator commands = ListValidators.subsetOf(List.of("load-conn", "initiate"));
    private final ConfigDef.Validator servers = ListValidators.nonEmptyDistinct();

    @Test
    void aSubsetTakesKnownEntriesAndTheEmptyList() {
        assertThatCode(() -> commands.ensureValid("allowed", List.of("initiate", "load-conn"))).doesNotThrowAnyException();
        assertThatCode(() -> commands.ensureValid("allowed", List.of())).doesNotThrowAnyException();
    }

    @Test
    void aSubsetNamesTheUnknownEntryAndTheValidOnes() {
        assertThatThrownBy(() -> commands.ensureValid("allowed", List.of("load-conn", "list-sas")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("list-sas")
                .hasMessageContaining("allowed").hasMessageContaining("[load-conn, initiate]");
        assertThat(commands).hasToString("[load-conn, initiate]");
    }

    @Test
    void bothRefuseAnEntryListedTwice() {
        assertThatThrownBy(() -> commands.ensureValid("allowed", List.of("initiate", "initiate")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> servers.ensureValid("servers", List.of("a:9092", "a:9092")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("listed twice");
    }

    @Test
    void aNonEmptyListNeedsAnEntryAndNoBlankOne() {
        assertThatCode(() -> servers.ensureValid("servers", List.of("a:9092", "b:9092"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> servers.ensureValid("servers", List.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least one entry");
        assertThatThrownBy(() -> servers.ensureValid("servers", List.of("a:9092", " ")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("empty entry");
    }

    @Test
    void aMissingListIsAnErrorNotANullPointer() {
        assertThatThrownBy(() -> servers.ensureValid("servers", null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("servers");
        assertThatThrownBy(() -> commands.ensureValid("allowed", null)).isInstanceOf(ConfigException.class);
    }
}
