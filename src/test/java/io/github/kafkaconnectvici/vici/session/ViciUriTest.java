package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** charon's URI notation, and the errors that say which part is wrong. */
class ViciUriTest {

    @Test
    void unixSocketPath() {
        ViciUri uri = ViciUri.parse("unix:///var/run/charon.vici");

        assertThat(uri.isUnix()).isTrue();
        assertThat(uri).hasToString("unix:///var/run/charon.vici").isEqualTo(ViciUri.DEFAULT);
    }

    @Test
    void tcpHostAndPort() {
        assertThat(ViciUri.parse("tcp://127.0.0.1:4502").isUnix()).isFalse();
        assertThat(ViciUri.parse("tcp://[::1]:4502").isUnix()).isFalse();
        assertThat(ViciUri.parse("tcp://gw.example.org:4502")).hasToString("tcp://gw.example.org:4502");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "tcp://127.0.0.1          | a host and a port",
        "tcp:///var/run/x.vici    | a host and a port",
        "unix://host/charon.vici  | names a socket path",
        "unix:charon.vici         | names a socket path",
        "unix://                  | not a VICI URI",
        "http://127.0.0.1:4502    | the scheme must be unix, tcp or tls",
        "/var/run/charon.vici     | the scheme must be unix, tcp or tls",
        "unix:///a b              | not a VICI URI",
    })
    void rejectsWithAMessageSayingWhatIsWrong(String text, String says) {
        assertThatIllegalArgumentException().isThrownBy(() -> ViciUri.parse(text))
                .withMessageContaining(says)
                .withMessageContaining(text.strip());
    }

    @Test
    void missingSocketFailsToConnectNamingTheUri(@TempDir Path dir) {
        String uri = "unix://" + dir.resolve("no-such.vici");

        assertThatThrownBy(() -> ViciClient.connect(uri))
                .isInstanceOf(ViciConnectionException.class)
                .hasMessageContaining(uri)
                .hasMessageContaining("is charon running");
    }

    @Test
    void refusedTcpPortFailsToConnectNamingTheUri() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String uri = "tcp://127.0.0.1:" + port;

        assertThatThrownBy(() -> ViciClient.connect(uri))
                .isInstanceOf(ViciConnectionException.class)
                .hasMessageContaining(uri);
    }
}
