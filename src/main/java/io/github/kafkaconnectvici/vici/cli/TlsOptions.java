package io.github.kafkaconnectvici.vici.cli;

import io.github.kafkaconnectvici.vici.session.ViciTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The tool's options for {@code tls://} URIs, after the connectors' {@code vici.ssl.*} settings.
 * Passwords are read from files, never taken on the command line, where any local user could read
 * them in the process list.
 */
final class TlsOptions {

    @Option(names = "--keystore", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "tls://: this client's private key and certificate chain (mutual TLS)")
    Path keyStore;

    @Option(names = "--keystore-type", scope = ScopeType.INHERIT, paramLabel = "TYPE",
            description = "PKCS12, JKS or PEM (a PKCS#8 key and its certificates) (default: ${DEFAULT-VALUE})")
    String keyStoreType = "PKCS12";

    @Option(names = "--keystore-password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "a file whose first line is the key store's password")
    Path keyStorePasswordFile;

    @Option(names = "--key-password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "a file whose first line is the private key's password (an encrypted PEM key)")
    Path keyPasswordFile;

    @Option(names = "--truststore", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "tls://: the CAs that may issue the gateway's certificate (default: the JDK's)")
    Path trustStore;

    @Option(names = "--truststore-type", scope = ScopeType.INHERIT, paramLabel = "TYPE",
            description = "PKCS12, JKS or PEM (certificates) (default: ${DEFAULT-VALUE})")
    String trustStoreType = "PKCS12";

    @Option(names = "--truststore-password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "a file whose first line is the trust store's password")
    Path trustStorePasswordFile;

    @Option(names = "--no-hostname-verification", scope = ScopeType.INHERIT,
            description = "tls://: accept a gateway certificate that does not name the URI's host")
    boolean noHostnameVerification;

    ViciTls tls() {
        ViciTls.Builder builder = ViciTls.builder().verifyHostname(!noHostnameVerification);
        if (keyStore != null) {
            builder.keyStore(keyStore, keyStoreType, password(keyStorePasswordFile), password(keyPasswordFile));
        }
        if (trustStore != null) {
            builder.trustStore(trustStore, trustStoreType, password(trustStorePasswordFile));
        }
        return builder.build();
    }

    private static char[] password(Path file) {
        if (file == null) {
            return null;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            return (end < 0 ? text : text.substring(0, end)).replace("\r", "").toCharArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the password file " + file + ": " + e.getMessage());
        }
    }
}
