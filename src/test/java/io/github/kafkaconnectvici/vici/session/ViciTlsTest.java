package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kafkaconnectvici.testkit.charon.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading key and trust stores: every supported form loads, every failure names the file and no password. */
class ViciTlsTest {

    @TempDir
    static Path dir;
    private static TestCertificates pki;

    @BeforeAll
    static void issue() {
        pki = TestCertificates.create(dir);
    }

    private static char[] storePassword() {
        return TestCertificates.STORE_PASSWORD.toCharArray();
    }

    @Test
    void pkcs12AndPemStoresLoadWithHostnameVerificationOnByDefault() {
        ViciTls p12 = ViciTls.builder().keyStore(pki.keyStoreP12("client"), "pkcs12", storePassword(), null)
                .trustStore(pki.trustStoreP12("ca"), "PKCS12", storePassword()).build();
        ViciTls pem = ViciTls.builder().keyStore(pki.keyStorePem("client"), "PEM", null, null)
                .trustStore(pki.caPem("ca"), "PEM", null).build();
        ViciTls encrypted = ViciTls.builder()
                .keyStore(pki.encryptedKeyStorePem("client"), "PEM", null, TestCertificates.KEY_PASSWORD.toCharArray())
                .verifyHostname(false).build();

        assertThat(p12.verifiesHostname()).isTrue();
        assertThat(p12.endpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(pem.verifiesHostname()).isTrue();
        assertThat(encrypted.verifiesHostname()).isFalse();
        assertThat(encrypted.endpointIdentificationAlgorithm()).isNull();
        assertThat(ViciTls.defaults().verifiesHostname()).isTrue();
    }

    @Test
    void aWrongStorePasswordNamesTheFileAndNotThePassword() {
        assertThatThrownBy(() -> ViciTls.builder()
                .keyStore(pki.keyStoreP12("client"), "PKCS12", "wrong-pw-1234".toCharArray(), null).build())
                .isInstanceOf(ViciTls.TlsSettingsException.class)
                .hasMessageContaining(pki.keyStoreP12("client").toString())
                .hasMessageNotContaining("wrong-pw-1234")
                .satisfies(e -> assertThat(((ViciTls.TlsSettingsException) e).keyStore()).isTrue());
    }

    @Test
    void anEncryptedPemKeyWithoutOrWithAWrongPasswordIsReportedAsSuch() {
        Path store = pki.encryptedKeyStorePem("client");
        assertThatThrownBy(() -> ViciTls.builder().keyStore(store, "PEM", null, null).build())
                .hasMessageContaining(store.toString()).hasMessageContaining("encrypted and no key password is set");
        assertThatThrownBy(() -> ViciTls.builder().keyStore(store, "PEM", null, "wrong-key-pw".toCharArray()).build())
                .hasMessageContaining("cannot be decrypted").hasMessageNotContaining("wrong-key-pw");
    }

    @Test
    void aMissingFileATraditionalKeyAndAnUnknownTypeAreClearErrors() throws Exception {
        Path missing = dir.resolve("no-such.p12");
        assertThatThrownBy(() -> ViciTls.builder().trustStore(missing, "PKCS12", null).build())
                .isInstanceOf(ViciTls.TlsSettingsException.class)
                .hasMessageContaining("trust store " + missing).hasMessageContaining("does not exist")
                .satisfies(e -> assertThat(((ViciTls.TlsSettingsException) e).keyStore()).isFalse());

        Path traditional = dir.resolve("traditional.pem");
        Files.writeString(traditional, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"
                + Files.readString(pki.certPem("client")));
        assertThatThrownBy(() -> ViciTls.builder().keyStore(traditional, "PEM", null, null).build())
                .hasMessageContaining("openssl pkcs8 -topk8");

        assertThatThrownBy(() -> ViciTls.builder().keyStore(pki.keyStoreP12("client"), "BKS", storePassword(), null))
                .hasMessageContaining("unsupported key store type 'BKS'");
    }

    @Test
    void tlsUrisNeedAHostAndAPort() {
        ViciUri uri = ViciUri.parse("tls://gw1.example.org:4502");
        assertThat(uri.isTls()).isTrue();
        assertThat(uri.isUnix()).isFalse();
        assertThat(uri.host()).isEqualTo("gw1.example.org");
        assertThat(uri.port()).isEqualTo(4502);
        assertThat(ViciUri.parse("tls://[::1]:4502").host()).isEqualTo("::1");
        assertThatThrownBy(() -> ViciUri.parse("tls://gw1.example.org")).hasMessageContaining("tls://host:port");
    }
}
