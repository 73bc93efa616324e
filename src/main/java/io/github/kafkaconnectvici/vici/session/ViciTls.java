package io.github.kafkaconnectvici.vici.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS settings of {@code tls://} endpoints: the client's own key and certificate (mutual TLS), the
 * CAs that may issue the gateway's certificate, and whether the certificate must name the host.
 * Stores are files of type PKCS12, JKS or PEM (as Kafka's {@code ssl.*} settings: a PEM key store
 * holds a PKCS#8 private key, encrypted or not, and its certificate chain; a PEM trust store holds
 * certificates). Loaded once, when built; errors name the file and the problem, never a password.
 */
public final class ViciTls {

    /** The types a key or trust store may have. */
    public static final Set<String> STORE_TYPES = Set.of("PKCS12", "JKS", "PEM");

    private final SSLContext context;
    private final boolean verifyHostname;

    private ViciTls(SSLContext context, boolean verifyHostname) {
        this.context = context;
        this.verifyHostname = verifyHostname;
    }

    /** No client certificate, the JDK's default trusted CAs, host names verified; built once. */
    public static ViciTls defaults() {
        return Defaults.INSTANCE;
    }

    // Loading the JDK's CA certificates takes milliseconds: not once per connection.
    private static final class Defaults {
        static final ViciTls INSTANCE = builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    SSLContext context() {
        return context;
    }

    /** "HTTPS" (RFC 2818 host name checks) or null for none, as {@link javax.net.ssl.SSLParameters} takes it. */
    String endpointIdentificationAlgorithm() {
        return verifyHostname ? "HTTPS" : null;
    }

    public boolean verifiesHostname() {
        return verifyHostname;
    }

    @Override
    public String toString() {
        return "ViciTls(" + (verifyHostname ? "hostname verified" : "hostname NOT verified") + ")";
    }

    /** Thrown when a key or trust store cannot be loaded; the message names the file, never a password. */
    public static final class TlsSettingsException extends IllegalArgumentException {

        private final boolean keyStore;

        TlsSettingsException(String message, Throwable cause, boolean keyStore) {
            super(message, cause);
            this.keyStore = keyStore;
        }

        /** Whether the key store (rather than the trust store or the TLS setup itself) is at fault. */
        public boolean keyStore() {
            return keyStore;
        }
    }

    public static final class Builder {

        private Path keyStore;
        private String keyStoreType = "PKCS12";
        private char[] keyStorePassword;
        private char[] keyPassword;
        private Path trustStore;
        private String trustStoreType = "PKCS12";
        private char[] trustStorePassword;
        private boolean verifyHostname = true;

        private Builder() {
        }

        /**
         * The client's private key and certificate chain. {@code keyPassword} decrypts the key (an
         * encrypted PEM key, or a PKCS12/JKS entry whose password differs from the store's); null if none.
         */
        public Builder keyStore(Path location, String type, char[] password, char[] keyPassword) {
            this.keyStore = Objects.requireNonNull(location, "location");
            this.keyStoreType = storeType(type, "key store");
            this.keyStorePassword = password;
            this.keyPassword = keyPassword;
            return this;
        }

        /** The CAs the gateway's certificate must chain to; without one, the JDK's default CAs. */
        public Builder trustStore(Path location, String type, char[] password) {
            this.trustStore = Objects.requireNonNull(location, "location");
            this.trustStoreType = storeType(type, "trust store");
            this.trustStorePassword = password;
            return this;
        }

        /** Whether the gateway's certificate must name the URI's host (on by default). */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /** Loads the stores and builds the TLS context. */
        public ViciTls build() {
            try {
                KeyManagerFactory keys = null;
                if (keyStore != null) {
                    KeyStore store = load(keyStore, keyStoreType, keyStorePassword, keyPassword, "key store");
                    keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                    char[] entryPassword = "PEM".equals(keyStoreType) ? PemStores.ENTRY_PASSWORD
                            : keyPassword != null ? keyPassword : keyStorePassword;
                    try {
                        keys.init(store, entryPassword);
                    } catch (GeneralSecurityException e) {
                        throw new TlsSettingsException("cannot read the private key in the TLS key store " + keyStore
                                + " (" + keyStoreType + "): " + e.getMessage() + " (is the key password right?)", e, true);
                    }
                }
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(trustStore == null ? null
                        : load(trustStore, trustStoreType, trustStorePassword, null, "trust store"));
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
                return new ViciTls(context, verifyHostname);
            } catch (GeneralSecurityException e) {
                throw new TlsSettingsException("cannot set up TLS: " + e.getMessage(), e, false);
            }
        }

        private static KeyStore load(Path file, String type, char[] password, char[] keyPassword, String what) {
            if (!Files.isReadable(file)) {
                throw new TlsSettingsException("the TLS " + what + " " + file + " does not exist or is not readable", null,
                        "key store".equals(what));
            }
            try {
                if ("PEM".equals(type)) {
                    return "key store".equals(what) ? PemStores.keyStore(file, keyPassword) : PemStores.trustStore(file);
                }
                KeyStore store = KeyStore.getInstance(type);
                try (InputStream in = Files.newInputStream(file)) {
                    store.load(in, password);
                }
                return store;
            } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                throw new TlsSettingsException("cannot load the TLS " + what + " " + file + " (" + type + "): "
                        + e.getMessage(), e, "key store".equals(what));
            }
        }

        private static String storeType(String type, String what) {
            String upper = type == null ? "PKCS12" : type.trim().toUpperCase(Locale.ROOT);
            if (!STORE_TYPES.contains(upper)) {
                throw new TlsSettingsException("unsupported " + what + " type '" + type + "': use PKCS12, JKS or PEM", null,
                        "key store".equals(what));
            }
            return upper;
        }
    }
}
