package io.github.kafkaconnectvici.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.storage.StringConverter;
import org.junit.jupiter.api.Test;

/** result.value.converter is a Type.CLASS setting: a typo or a class that is no Converter fails validation. */
class ResultConverterSettingTest {

    private static Map<String, String> with(String converter) {
        Map<String, String> props = new HashMap<>();
        props.put(ViciSinkConfig.RESULT_BOOTSTRAP_SERVERS, "localhost:9092");
        props.put(ViciSinkConfig.RESULT_VALUE_CONVERTER, converter);
        return props;
    }

    private static ConfigValue validated(String converter) {
        return ViciSinkConfig.CONFIG_DEF.validateAll(with(converter)).get(ViciSinkConfig.RESULT_VALUE_CONVERTER);
    }

    @Test
    void theSettingIsAClassDefaultingToJsonConverter() {
        ConfigDef.ConfigKey key = ViciSinkConfig.CONFIG_DEF.configKeys().get(ViciSinkConfig.RESULT_VALUE_CONVERTER);
        assertThat(key.type()).isEqualTo(ConfigDef.Type.CLASS);
        Map<String, String> props = with(ViciSinkConfig.JSON_CONVERTER);
        props.remove(ViciSinkConfig.RESULT_VALUE_CONVERTER);
        assertThat(new ViciSinkConfig(props).resultConverterClass()).isEqualTo(ViciSinkConfig.JSON_CONVERTER);
    }

    @Test
    void aConverterClassIsAccepted() {
        assertThat(validated(StringConverter.class.getName()).errorMessages()).isEmpty();
        assertThat(new ViciSinkConfig(with(" " + StringConverter.class.getName() + " ")).resultConverterClass())
                .isEqualTo(StringConverter.class.getName());
    }

    @Test
    void aMisspelledClassFailsValidationNamingIt() {
        String typo = "org.apache.kafka.connect.json.JsonConvertor";
        assertThat(validated(typo).errorMessages()).singleElement().asString().contains(typo);
        assertThatThrownBy(() -> new ViciSinkConfig(with(typo))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ViciSinkConfig.RESULT_VALUE_CONVERTER);
    }

    @Test
    void aClassThatIsNoConverterFailsValidation() {
        assertThat(validated(String.class.getName()).errorMessages()).singleElement().asString()
                .contains("java.lang.String").contains("not a org.apache.kafka.connect.storage.Converter");
    }

    @Test
    void anAbstractConverterFailsValidation() {
        assertThat(validated("org.apache.kafka.connect.storage.Converter").errorMessages()).singleElement()
                .asString().contains("cannot be instantiated");
    }
}
