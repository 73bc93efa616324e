package io.github.kafkaconnectvici.testkit.charon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A throw-away PKI made with the {@code openssl} CLI (and the JDK's keytool for PKCS12 trust stores,
 * which Java reads only with its own trust attribute): a CA, a second unrelated CA, a gateway
 * certificate for 127.0.0.1, one for another name, and client certificates from each CA, as PEM
 * (the client key also encrypted) and PKCS12. Every key is P-256; certificates live two days.
 */
public final class TestCertificates {

    /** The password of every PKCS12 store and of the encrypted PEM key; a test asserts it never shows up. */
    public static final String STORE_PASSWORD = "store-secret-4711";
    public static final String KEY_PASSWORD = "key-secret-0815";

    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Issues everything into {@code dir}. */
    public static TestCertificates create(Path dir) {
        TestCertificates pki = new TestCertificates(dir);
        pki.ca("ca");
        pki.ca("other-ca");
        pki.leaf("server", "ca", "serverAuth", "IP:127.0.0.1");
        pki.leaf("server-wrong-name", "ca", "serverAuth", "DNS:elsewhere.test");
        pki.leaf("client", "ca", "clientAuth", null);
        pki.leaf("client-other-ca", "other-ca", "clientAuth", null);
        pki.leaf("broker", "ca", "serverAuth", "DNS:localhost,IP:127.0.0.1"); // a Kafka broker's (EdgeProfileIT)
        for (String client : List.of("client", "client-other-ca", "broker")) {
            pki.pkcs12(client);
            pki.pemKeyStore(client);
        }
        pki.encryptedPemKeyStore("client");
        pki.trustStore("ca");
        pki.trustStore("other-ca");
        return pki;
    }

    public Path dir() {
        return dir;
    }

    /** A CA's certificate, PEM. */
    public Path caPem(String ca) {
        return dir.resolve(ca + ".pem");
    }

    /** A CA's certificate in a PKCS12 trust store. */
    public Path trustStoreP12(String ca) {
        return dir.resolve(ca + "-trust.p12");
    }

    public Path certPem(String name) {
        return dir.resolve(name + ".pem");
    }

    public Path keyPem(String name) {
        return dir.resolve(name + ".key");
    }

    /** Key and certificate chain of a client (or the broker) in one PKCS12 store. */
    public Path keyStoreP12(String name) {
        return dir.resolve(name + ".p12");
    }

    /** Key (unencrypted PKCS#8) and certificate in one PEM file, as Kafka's PEM key stores. */
    public Path keyStorePem(String name) {
        return dir.resolve(name + "-keystore.pem");
    }

    /** As {@link #keyStorePem}, the key encrypted with {@link #KEY_PASSWORD}. */
    public Path encryptedKeyStorePem(String name) {
        return dir.resolve(name + "-keystore-encrypted.pem");
    }

    private void ca(String name) {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", keyPem(name).toString(), "-out", caPem(name).toString(), "-days", "2",
                "-subj", "/CN=" + name + " (test)",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    private void leaf(String name, String ca, String usage, String subjectAltName) {
        Path csr = dir.resolve(name + ".csr");
        Path ext = dir.resolve(name + ".ext");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", keyPem(name).toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
        write(ext, "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=" + usage + "\n"
                + (subjectAltName == null ? "" : "subjectAltName=" + subjectAltName + "\n"));
        openssl("x509", "-req", "-in", csr.toString(), "-CA", caPem(ca).toString(), "-CAkey", keyPem(ca).toString(),
                "-set_serial", String.valueOf(System.nanoTime()), "-days", "2", "-extfile", ext.toString(),
                "-out", certPem(name).toString());
    }

    private void pkcs12(String name) {
        openssl("pkcs12", "-export", "-in", certPem(name).toString(), "-inkey", keyPem(name).toString(),
                "-name", name, "-out", keyStoreP12(name).toString(), "-passout", "pass:" + STORE_PASSWORD);
    }

    private void pemKeyStore(String name) {
        write(keyStorePem(name), read(keyPem(name)) + read(certPem(name)));
    }

    private void encryptedPemKeyStore(String name) {
        Path encrypted = dir.resolve(name + "-encrypted.key");
        openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", keyPem(name).toString(), "-out", encrypted.toString(),
                "-passout", "pass:" + KEY_PASSWORD);
        write(encryptedKeyStorePem(name), read(encrypted) + read(certPem(name)));
    }

    private void trustStore(String ca) {
        run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-storetype", "PKCS12", "-keystore", trustStoreP12(ca).toString(), "-storepass", STORE_PASSWORD,
                "-alias", ca, "-file", caPem(ca).toString()));
    }

    private void openssl(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) {
        Exec.check(OPENSSL_TIMEOUT, Map.of(), command);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
