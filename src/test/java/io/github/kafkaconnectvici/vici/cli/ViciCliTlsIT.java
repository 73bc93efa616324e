package io.github.kafkaconnectvici.vici.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.testkit.charon.Stunnel;
import io.github.kafkaconnectvici.testkit.charon.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The vici tool against a real charon behind stunnel4: tls:// with a client certificate, and its refusals. */
@ExtendWith(CharonRigExtension.class)
class ViciCliTlsIT {

    @TempDir
    static Path dir;
    private static TestCertificates pki;
    private static Stunnel stunnel;
    private static Path passwordFile;

    @BeforeAll
    static void start(CharonPair pair) throws IOException {
        pki = TestCertificates.create(dir);
        stunnel = Stunnel.start(pki, pair.a().socket(), dir.resolve("stunnel"));
        passwordFile = dir.resolve("store.password");
        Files.writeString(passwordFile, TestCertificates.STORE_PASSWORD + "\n");
    }

    @AfterAll
    static void stop() {
        if (stunnel != null) {
            stunnel.close();
        }
    }

    private record Run(int exitCode, List<Map<String, Object>> lines, String stderr) {
    }

    private static Run vici(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ViciCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, ViciCliIT.jsonLines(out.toString(StandardCharsets.UTF_8)), err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> trusting(String... more) {
        List<String> args = new ArrayList<>(List.of("--uri", stunnel.uri(),
                "--truststore", pki.caPem("ca").toString(), "--truststore-type", "PEM"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void versionThroughStunnelWithAPkcs12ClientCertificate() {
        Run run = vici(trusting("--keystore", pki.keyStoreP12("client").toString(),
                "--keystore-password-file", passwordFile.toString(), "version").toArray(String[]::new));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.lines()).singleElement().satisfies(l -> assertThat(l.toString()).contains("charon-systemd"));
    }

    @Test
    void withoutAClientCertificateTheGatewayRefusesAndTheToolSaysWhy() {
        Run run = vici(trusting("version").toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(ViciCli.UNREACHABLE);
        assertThat(run.lines()).singleElement().satisfies(l -> {
            assertThat(l).containsEntry("error", "connection");
            assertThat(l.toString()).contains("refused the TLS session");
        });
    }

    @Test
    void aWrongStorePasswordIsAUsageErrorThatNamesTheFileNotThePassword() throws IOException {
        Path wrong = dir.resolve("wrong.password");
        Files.writeString(wrong, "not-the-password\n");
        Run run = vici(trusting("--keystore", pki.keyStoreP12("client").toString(),
                "--keystore-password-file", wrong.toString(), "version").toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(ViciCli.USAGE);
        assertThat(run.lines()).singleElement().satisfies(l -> {
            assertThat(l).containsEntry("error", "tls-settings");
            assertThat(l.toString()).contains(pki.keyStoreP12("client").toString()).doesNotContain("not-the-password");
        });
    }
}
