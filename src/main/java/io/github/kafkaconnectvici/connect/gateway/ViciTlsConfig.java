package io.github.kafkaconnectvici.connect.gateway;

import io.github.kafkaconnectvici.vici.session.ViciTls;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Both connectors' {@code vici.ssl.*} settings for {@code tls://} endpoints, named as Kafka names
 * its own {@code ssl.*} client settings. Passwords are {@code PASSWORD} settings, so config providers
 * can supply them and Connect masks them. The stores are read only when an endpoint is {@code tls://}.
 */
public final class ViciTlsConfig {

    public static final String PREFIX = "vici.ssl.";
    public static final String KEYSTORE_LOCATION = PREFIX + "keystore.location";
    public static final String KEYSTORE_PASSWORD = PREFIX + "keystore.password";
    public static final String KEYSTORE_TYPE = PREFIX + "keystore.type";
    public static final String KEY_PASSWORD = PREFIX + "key.password";
    public static final String TRUSTSTORE_LOCATION = PREFIX + "truststore.location";
    public static final String TRUSTSTORE_PASSWORD = PREFIX + "truststore.password";
    public static final String TRUSTSTORE_TYPE = PREFIX + "truststore.type";
    public static final String ENDPOINT_IDENTIFICATION_ALGORITHM = PREFIX + "endpoint.identification.algorithm";

    private static final String GROUP = "TLS";
    private static final String STORE_TYPES = "PKCS12, JKS or PEM";
    private static final ConfigDef.Validator STORE_TYPE = ConfigDef.CaseInsensitiveValidString.in("PKCS12", "JKS", "PEM");
    private static final ConfigDef.Validator IDENTIFICATION = ConfigDef.CaseInsensitiveValidString.in("https", "");

    private ViciTlsConfig() {
    }

    /** Adds the settings to {@code def}, in their own group. */
    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        return def
                .define(KEYSTORE_LOCATION, Type.STRING, null, Importance.HIGH,
                        "The client's private key and certificate chain for tls:// endpoints (mutual TLS): a file of"
                                + " type " + KEYSTORE_TYPE + ". Without it the client sends no certificate, and a gateway"
                                + " that requires one (as config/stunnel-vici.conf does) refuses it.",
                        GROUP, ++order, Width.LONG, "Key store")
                .define(KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                        "The key store's password (PKCS12, JKS); not needed for PEM.", GROUP, ++order, Width.MEDIUM,
                        "Key store password")
                .define(KEYSTORE_TYPE, Type.STRING, "PKCS12", STORE_TYPE, Importance.MEDIUM,
                        "The key store's format: " + STORE_TYPES + ". A PEM key store holds a PKCS#8 private key"
                                + " (BEGIN PRIVATE KEY, or BEGIN ENCRYPTED PRIVATE KEY with " + KEY_PASSWORD + ") and"
                                + " its certificate chain.", GROUP, ++order, Width.SHORT, "Key store type")
                .define(KEY_PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                        "The private key's password: for an encrypted PEM key, or a PKCS12/JKS entry whose password"
                                + " differs from the store's.", GROUP, ++order, Width.MEDIUM, "Key password")
                .define(TRUSTSTORE_LOCATION, Type.STRING, null, Importance.HIGH,
                        "The CAs that may issue the gateways' certificates, a file of type " + TRUSTSTORE_TYPE
                                + ". Without it the JDK's default CAs are trusted.", GROUP, ++order, Width.LONG,
                        "Trust store")
                .define(TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                        "The trust store's password (PKCS12, JKS); not needed for PEM.", GROUP, ++order, Width.MEDIUM,
                        "Trust store password")
                .define(TRUSTSTORE_TYPE, Type.STRING, "PKCS12", STORE_TYPE, Importance.MEDIUM,
                        "The trust store's format: " + STORE_TYPES + " (PEM: one or more BEGIN CERTIFICATE blocks).",
                        GROUP, ++order, Width.SHORT, "Trust store type")
                .define(ENDPOINT_IDENTIFICATION_ALGORITHM, Type.STRING, "https", IDENTIFICATION, Importance.LOW,
                        "'https' (the default): a gateway's certificate must name the host of its tls:// URI (a DNS"
                                + " name or an IP address in subjectAltName). Empty turns the check off, which lets"
                                + " any certificate of a trusted CA impersonate any gateway.",
                        GROUP, ++order, Width.SHORT, "Verify host names");
    }

    /**
     * {@code endpoints} with the TLS settings of {@code config} on every tls:// one.
     *
     * @throws ConfigException naming the key or trust store setting when a store cannot be loaded
     */
    public static GatewayEndpoints apply(GatewayEndpoints endpoints, AbstractConfig config) {
        if (!endpoints.anyTls()) {
            return endpoints;
        }
        try {
            return endpoints.withTls(tls(config));
        } catch (ViciTls.TlsSettingsException e) {
            String setting = e.keyStore() ? KEYSTORE_LOCATION : TRUSTSTORE_LOCATION;
            throw new ConfigException(setting, config.getString(setting), e.getMessage());
        }
    }

    /**
     * For a connector's validate(): {@code endpoints} with TLS, or null after adding the store's
     * problem to the key or trust store setting's value.
     */
    public static GatewayEndpoints applyForValidation(GatewayEndpoints endpoints, Map<String, String> props,
                                                      Map<String, ConfigValue> values) {
        try {
            return apply(endpoints, new AbstractConfig(define(new ConfigDef()), props, false));
        } catch (ConfigException e) {
            ConfigValue value = values.get(e.getMessage().contains(KEYSTORE_LOCATION) ? KEYSTORE_LOCATION : TRUSTSTORE_LOCATION);
            value.addErrorMessage(e.getMessage());
            return null;
        }
    }

    static ViciTls tls(AbstractConfig config) {
        ViciTls.Builder builder = ViciTls.builder().verifyHostname(
                "https".equals(config.getString(ENDPOINT_IDENTIFICATION_ALGORITHM).trim().toLowerCase(Locale.ROOT)));
        String keyStore = config.getString(KEYSTORE_LOCATION);
        if (keyStore != null && !keyStore.isBlank()) {
            builder.keyStore(Path.of(keyStore), config.getString(KEYSTORE_TYPE), chars(config.getPassword(KEYSTORE_PASSWORD)),
                    chars(config.getPassword(KEY_PASSWORD)));
        }
        String trustStore = config.getString(TRUSTSTORE_LOCATION);
        if (trustStore != null && !trustStore.isBlank()) {
            builder.trustStore(Path.of(trustStore), config.getString(TRUSTSTORE_TYPE),
                    chars(config.getPassword(TRUSTSTORE_PASSWORD)));
        }
        return builder.build();
    }

    private static char[] chars(Password password) {
        return password == null || password.value() == null ? null : password.value().toCharArray();
    }
}
