package io.github.kafkaconnectvici.connect;

/** The version both connectors and their tasks report: the jar's Implementation-Version. */
public final class ConnectorVersion {

    private static final String VERSION = resolve();

    private ConnectorVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String resolve() {
        String version = ConnectorVersion.class.getPackage().getImplementationVersion();
        // Unpackaged classes (tests, IDE) carry no manifest.
        return version == null ? "0.0.0-dev" : version;
    }
}
