package io.github.kafkaconnectvici.connect.sink;

import java.lang.reflect.Modifier;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.storage.Converter;

/**
 * Validator of a {@code Type.CLASS} converter setting: ConfigDef has already loaded the class (a typo fails
 * there, naming the setting); this checks that it is a Converter the task can instantiate.
 */
final class ConverterClass implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return; // ConfigDef has reported the unparsable or missing value already
        }
        if (!(value instanceof Class<?> type)) {
            throw new ConfigException(name, value, "a Converter class name is required");
        }
        if (!Converter.class.isAssignableFrom(type)) {
            throw new ConfigException(name, type.getName(), "not a " + Converter.class.getName());
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new ConfigException(name, type.getName(), "an abstract class cannot be instantiated");
        }
        try {
            type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new ConfigException(name, type.getName(), "has no public no-argument constructor");
        }
    }

    @Override
    public String toString() {
        return "a " + Converter.class.getSimpleName() + " class";
    }
}
