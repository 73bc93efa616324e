package io.github.kafkaconnectvici.testkit.charon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills {@code @NAME@} placeholders in the rig's configuration templates under {@code /charon-rig/}. */
final class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z_]+)@");

    private Templates() {
    }

    static String render(String resource, Map<String, String> values) {
        return fill(resource, load(resource), values);
    }

    /** Every placeholder must have a value and every value a placeholder: a typo fails here, not in charon. */
    static String fill(String name, String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        Set<String> unused = new HashSet<>(values.keySet());
        while (matcher.find()) {
            String key = matcher.group(1);
            String value = values.get(key);
            if (value == null) {
                throw new IllegalStateException("template " + name + " has no value for @" + key + "@");
            }
            unused.remove(key);
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        if (!unused.isEmpty()) {
            throw new IllegalStateException("template " + name + " has no placeholder for " + unused);
        }
        return out.toString();
    }

    private static String load(String resource) {
        String path = "/charon-rig/" + resource;
        try (InputStream in = Templates.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test resource " + path, e);
        }
    }
}
