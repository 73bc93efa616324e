package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.testkit.charon.Stunnel;
import io.github.kafkaconnectvici.testkit.charon.TestCertificates;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tls://} through Debian's stunnel4 in front of a real charon's socket, with mutual TLS: a
 * client with a certificate from the gateway's CA gets answers; one without a certificate, with one
 * from another CA, or reaching a gateway whose certificate names another host, is refused with an
 * error that says why, gets no data, and never shows a password.
 */
@ExtendWith(CharonRigExtension.class)
class ViciTlsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static TestCertificates pki;
    private static Stunnel stunnel;

    private final CharonPair pair;

    ViciTlsIT(CharonPair pair) {
        this.pair = pair;
    }

    @BeforeAll
    static void issueCertificates() {
        pki = TestCertificates.create(dir);
    }

    @AfterAll
    static void stopStunnel() {
        if (stunnel != null) {
            stunnel.close();
        }
    }

    private Stunnel stunnel() {
        if (stunnel == null) {
            stunnel = Stunnel.start(pki, pair.a().socket(), dir.resolve("stunnel"));
        }
        return stunnel;
    }

    private ViciClient connect(String uri, ViciTls tls) {
        return ViciClient.builder().uri(uri).tls(tls).connectTimeout(TIMEOUT).commandTimeout(TIMEOUT).connect();
    }

    private static ViciTls.Builder trustingTheCa() {
        return ViciTls.builder().trustStore(pki.trustStoreP12("ca"), "PKCS12", TestCertificates.STORE_PASSWORD.toCharArray());
    }

    @Test
    void pkcs12ClientCommandsStreamsAndEventsWorkThroughStunnel() throws Exception {
        ViciTls tls = trustingTheCa()
                .keyStore(pki.keyStoreP12("client"), "PKCS12", TestCertificates.STORE_PASSWORD.toCharArray(), null)
                .build();
        long accepted = stunnel().acceptedConnections();
        try (ViciClient vici = connect(stunnel().uri(), tls)) {
            assertThat(vici.call("version").text("daemon")).contains("charon-systemd");
            assertThat(vici.call("version").text("daemon")).as("a second command on the pooled connection")
                    .contains("charon-systemd");
            assertThat(stunnel().acceptedConnections() - accepted)
                    .as("connect() and both commands used one TLS connection").isEqualTo(1);
            pair.loadDefaultConfig();
            List<Message> conns = new ArrayList<>();
            vici.stream("list-conns", Message.EMPTY, "list-conn", conns::add);
            assertThat(conns).as("events of a streamed command, read over TLS").singleElement()
                    .satisfies(conn -> assertThat(conn.keys()).containsExactly("ab"));

            try (EventSubscription updown = vici.subscription("ike-updown").registrationTimeout(TIMEOUT).open()) {
                vici.call("initiate", Message.builder().put("child", "net").put("ike", "ab").put("timeout", 10_000).build());
                Delivery delivery = updown.poll(TIMEOUT);
                assertThat(delivery).as("the IKE_SA's up event, read over TLS").isInstanceOfSatisfying(Event.class,
                        event -> assertThat(event.message().flag("up")).contains(true));
            } finally {
                vici.call("terminate", Message.builder().put("ike", "ab").put("timeout", 10_000).build());
            }
        }
    }

    @Test
    void pemClientWithAnEncryptedKeyAndPemTrustWorks() {
        ViciTls tls = ViciTls.builder()
                .trustStore(pki.caPem("ca"), "PEM", null)
                .keyStore(pki.encryptedKeyStorePem("client"), "PEM", null, TestCertificates.KEY_PASSWORD.toCharArray())
                .build();
        try (ViciClient vici = connect(stunnel().uri(), tls)) {
            assertThat(vici.call("version").text("daemon")).contains("charon-systemd");
        }
    }

    @Test
    void clientWithoutACertificateIsRefused() {
        ViciTls tls = trustingTheCa().build();
        assertRefused(stunnel().uri(), tls, "refused the TLS session before answering");
    }

    @Test
    void clientWithACertificateFromAnotherCaIsRefused() {
        ViciTls tls = trustingTheCa()
                .keyStore(pki.keyStorePem("client-other-ca"), "PEM", null, null)
                .build();
        assertRefused(stunnel().uri(), tls, "refused the TLS session before answering");
    }

    @Test
    void gatewayWhoseCertificateNamesAnotherHostIsRefused() {
        ViciTls tls = trustingTheCa()
                .keyStore(pki.keyStoreP12("client"), "PKCS12", TestCertificates.STORE_PASSWORD.toCharArray(), null)
                .build();
        assertRefused(stunnel().wrongNameUri(), tls, "does not name the host");
    }

    @Test
    void gatewayWhoseCertificateComesFromAnUntrustedCaIsRefused() {
        ViciTls tls = ViciTls.builder()
                .trustStore(pki.trustStoreP12("other-ca"), "PKCS12", TestCertificates.STORE_PASSWORD.toCharArray())
                .keyStore(pki.keyStoreP12("client"), "PKCS12", TestCertificates.STORE_PASSWORD.toCharArray(), null)
                .build();
        assertRefused(stunnel().uri(), tls, "not issued by a CA in the trust store");
    }

    @Test
    void withoutHostnameVerificationTheWrongNameIsAccepted() {
        ViciTls tls = trustingTheCa()
                .keyStore(pki.keyStoreP12("client"), "PKCS12", TestCertificates.STORE_PASSWORD.toCharArray(), null)
                .verifyHostname(false)
                .build();
        try (ViciClient vici = connect(stunnel().wrongNameUri(), tls)) {
            assertThat(vici.call("version").text("daemon")).contains("charon-systemd");
        }
    }

    /** No reply reaches the client: connecting or the first command fails, with the reason and no password. */
    private void assertRefused(String uri, ViciTls tls, String reason) {
        List<Message> answers = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (ViciClient vici = connect(uri, tls)) {
                answers.add(vici.call("version"));
            }
        }).isInstanceOf(ViciConnectionException.class)
                .hasMessageContaining(uri)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain(TestCertificates.STORE_PASSWORD, TestCertificates.KEY_PASSWORD));
        assertThat(answers).as("no reply got through").isEmpty();
    }
}
