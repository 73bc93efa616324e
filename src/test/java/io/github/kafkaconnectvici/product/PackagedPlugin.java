package io.github.kafkaconnectvici.product;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code mvn package} put the Connect plugin (connect-plugin/assembly/): the plugin.path
 * directory and the component archive. Failsafe passes the names it was built with.
 */
final class PackagedPlugin {

    /** The plugin's directory name inside a plugin.path directory. */
    static final String NAME = "kafka-connect-vici";

    private PackagedPlugin() {
    }

    static String version() {
        return property("plugin.version");
    }

    /** {@code <owner>-<name>-<version>}, the archive's file name without .zip and its top directory. */
    static String componentName() {
        return property("plugin.component.name");
    }

    /** {@code target/plugin}: a directory to use as a worker's plugin.path. */
    static Path pluginPath() {
        return existing(Path.of("target", "plugin").toAbsolutePath());
    }

    static Path archive() {
        return existing(Path.of("target", "components", componentName() + ".zip").toAbsolutePath());
    }

    /** The project's jar inside the plugin directory. */
    static String jarName() {
        return NAME + "-" + version() + ".jar";
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing: the plugin is built by 'mvn package', which"
                    + " failsafe's integration tests follow (run them with 'mvn verify')");
        }
        return path;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run this test through"
                    + " failsafe ('mvn verify'), which sets it from the pom");
        }
        return value;
    }
}
