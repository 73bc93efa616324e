package io.github.kafkaconnectvici.connect;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Validators of {@code Type.LIST} settings that work on every supported worker (Kafka 3.9 on):
 * {@code ConfigDef.ValidList.in(boolean, String...)} and {@code anyNonDuplicateValues(boolean, boolean)}
 * exist only from Kafka 4.2, and a connector calling them fails with NoSuchMethodError on older workers.
 */
public final class ListValidators {

    private ListValidators() {
    }

    /** Each entry one of {@code valid}, none twice; an empty list is allowed. */
    public static ConfigDef.Validator subsetOf(Collection<String> valid) {
        Set<String> allowed = new LinkedHashSet<>(valid);
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                for (String entry : distinct(name, value)) {
                    if (!allowed.contains(entry)) {
                        throw new ConfigException(name, entry, "not one of " + allowed);
                    }
                }
            }

            @Override
            public String toString() {
                return allowed.toString();
            }
        };
    }

    /** At least one entry, none empty, none twice. */
    public static ConfigDef.Validator nonEmptyDistinct() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                List<String> entries = distinct(name, value);
                if (entries.isEmpty()) {
                    throw new ConfigException(name, value, "at least one entry is required");
                }
                if (entries.stream().anyMatch(String::isBlank)) {
                    throw new ConfigException(name, value, "empty entry");
                }
            }

            @Override
            public String toString() {
                return "non-empty list, no duplicates";
            }
        };
    }

    /** The list's entries, trimmed; a null list or a repeated entry is an error naming the setting. */
    private static List<String> distinct(String name, Object value) {
        if (!(value instanceof List<?> list)) {
            throw new ConfigException(name, value, "a comma-separated list is required");
        }
        List<String> entries = list.stream().map(entry -> String.valueOf(entry).trim()).toList();
        Set<String> seen = new HashSet<>();
        for (String entry : entries) {
            if (!seen.add(entry)) {
                throw new ConfigException(name, entry, "listed twice");
            }
        }
        return entries;
    }
}
