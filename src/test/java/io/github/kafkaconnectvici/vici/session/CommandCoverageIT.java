package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kafkaconnectvici.testkit.charon.CharonDaemon;
import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.testkit.charon.TunnelConfig;
import io.github.kafkaconnectvici.vici.ViciCommand;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of the specification, run against a real charon, each with the outcome charon
 * 5.9.8 (and, in {@link CommandCoverageOnStrongswan6IT}, 6.x) gives for it: the request reaches the
 * right handler and the answer decodes.
 */
@ExtendWith(CharonRigExtension.class)
class CommandCoverageIT {

    private static final Set<ViciCommand> COVERED = EnumSet.noneOf(ViciCommand.class);

    private static ViciClient vici;
    private static byte[] keyDer;
    private static byte[] certDer;

    @BeforeAll
    static void connectWithAKeyAndCertificate(CharonPair pair, @TempDir Path dir) throws Exception {
        pair.a().restart();
        vici = ViciClient.builder().uri(pair.a().viciUri().toString()).commandTimeout(Duration.ofSeconds(15)).connect();
        Path store = dir.resolve("test.p12");
        Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-alias", "gw", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=gw.test",
                "-validity", "2", "-ext", "bc:c").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        keyDer = keyStore.getKey("gw", "changeit".toCharArray()).getEncoded();
        Certificate cert = keyStore.getCertificate("gw");
        certDer = cert.getEncoded();
    }

    @AfterAll
    static void everyCommandOfTheSpecificationWasRun() {
        vici.close();
        assertThat(EnumSet.complementOf(EnumSet.copyOf(COVERED))).as("commands no test ran").isEmpty();
    }

    private static Message ok(ViciCommand command, Message request) {
        COVERED.add(command);
        Message response = command.streamEvent().isPresent()
                ? vici.stream(command.wireName(), request, command.streamEvent().get().wireName(), m -> { })
                : vici.call(command.wireName(), request);
        assertThat(response.text("success")).as(command.wireName()).isNotEqualTo(java.util.Optional.of("no"));
        return response;
    }

    private static CommandFailedException fails(ViciCommand command, Message request) {
        COVERED.add(command);
        CommandFailedException[] failure = new CommandFailedException[1];
        assertThatThrownBy(() -> vici.call(command.wireName(), request))
                .isInstanceOfSatisfying(CommandFailedException.class, e -> failure[0] = e);
        assertThat(failure[0].errmsg()).as(command.wireName() + " errmsg").isPresent();
        return failure[0];
    }

    private static StreamedResponse listing(ViciCommand command, Message request) {
        COVERED.add(command);
        return vici.streamAll(command.wireName(), request, command.streamEvent().orElseThrow().wireName());
    }

    private static Message of(String... keyValues) {
        Message.Builder b = Message.builder();
        for (int i = 0; i < keyValues.length; i += 2) {
            b.put(keyValues[i], keyValues[i + 1]);
        }
        return b.build();
    }

    @Test
    void informationCommands() {
        assertThat(ok(ViciCommand.VERSION, Message.EMPTY).text("version")).isPresent();
        assertThat(ok(ViciCommand.STATS, Message.EMPTY).section("ikesas")).isPresent();
        assertThat(ok(ViciCommand.RELOAD_SETTINGS, Message.EMPTY).flag("success")).contains(true);
        Message algorithms = ok(ViciCommand.GET_ALGORITHMS, Message.EMPTY);
        assertThat(algorithms.section("encryption").orElseThrow().text("AES_CBC")).isPresent();
        assertThat(algorithms.section("nonce-gen").orElseThrow().text("NONCE_GEN")).contains("nonce");
    }

    /** charon names the global counters with an empty section name: the decoder must accept it. */
    @Test
    void countersIncludeTheEmptyNamedGlobalSection() {
        Message counters = ok(ViciCommand.GET_COUNTERS, Message.EMPTY).section("counters").orElseThrow();
        assertThat(counters.keys()).containsExactly("");
        assertThat(counters.section("").orElseThrow().number("ike-init-out-req")).isPresent();
        assertThat(ok(ViciCommand.RESET_COUNTERS, Message.EMPTY).flag("success")).contains(true);
    }

    @Test
    void connectionLifecycle(CharonPair pair) {
        ok(ViciCommand.LOAD_CONN, TunnelConfig.loadConn(pair.a()));
        assertThat(ok(ViciCommand.GET_CONNS, Message.EMPTY).list("conns")).contains(List.of("ab"));
        StreamedResponse conns = listing(ViciCommand.LIST_CONNS, Message.EMPTY);
        assertThat(conns.events()).singleElement().satisfies(c -> {
            Message ab = c.section("ab").orElseThrow();
            assertThat(ab.list("remote_addrs")).contains(List.of("10.99.0.2"));
            assertThat(ab.section("local-1").flatMap(l -> l.text("id"))).contains("a.test");
            assertThat(ab.section("children").flatMap(ch -> ch.section("net")).flatMap(n -> n.text("mode"))).contains("TUNNEL");
        });

        ok(ViciCommand.INSTALL, of("child", "net", "ike", "ab"));
        StreamedResponse traps = listing(ViciCommand.LIST_POLICIES, of("trap", "yes"));
        assertThat(traps.events()).singleElement().satisfies(p -> assertThat(p.section("ab/net")).isPresent());
        ok(ViciCommand.UNINSTALL, of("child", "net", "ike", "ab"));
        assertThat(listing(ViciCommand.LIST_POLICIES, of("trap", "yes")).events()).isEmpty();

        assertThat(listing(ViciCommand.LIST_SAS, Message.EMPTY).events()).isEmpty();
        fails(ViciCommand.INITIATE, of("child", "no-such-child", "timeout", "2000"));
        fails(ViciCommand.TERMINATE, of("ike", "no-such-ike", "timeout", "2000"));
        fails(ViciCommand.REKEY, of("ike", "no-such-ike"));
        fails(ViciCommand.REDIRECT, of("ike", "no-such-ike"));

        ok(ViciCommand.UNLOAD_CONN, of("name", "ab"));
        assertThat(ok(ViciCommand.GET_CONNS, Message.EMPTY).list("conns")).contains(List.of());
        assertThat(fails(ViciCommand.UNLOAD_CONN, of("name", "ab")).errmsg()).hasValueSatisfying(m -> assertThat(m).contains("ab"));
    }

    @Test
    void credentialLifecycleWithBinaryValues() {
        String keyId = ok(ViciCommand.LOAD_KEY, Message.builder().put("type", "any").put("data", keyDer).build())
                .text("id").orElseThrow();
        assertThat(ok(ViciCommand.GET_KEYS, Message.EMPTY).list("keys")).contains(List.of(keyId));

        ok(ViciCommand.LOAD_CERT, Message.builder().put("type", "X509").put("flag", "NONE").put("data", certDer).build());
        StreamedResponse certs = listing(ViciCommand.LIST_CERTS, of("type", "X509"));
        assertThat(certs.events()).anySatisfy(c -> {
            assertThat(c.bytes("data")).hasValueSatisfying(der -> assertThat(Arrays.equals(der, certDer)).isTrue());
            assertThat(c.flag("has_privkey")).contains(true);
        });

        ok(ViciCommand.LOAD_AUTHORITY, Message.builder().section("gw-ca", ca -> ca.put("cacert", certDer)).build());
        assertThat(ok(ViciCommand.GET_AUTHORITIES, Message.EMPTY).list("authorities")).contains(List.of("gw-ca"));
        assertThat(listing(ViciCommand.LIST_AUTHORITIES, Message.EMPTY).events())
                .singleElement().satisfies(a -> assertThat(a.section("gw-ca").flatMap(s -> s.text("cacert"))).contains("CN=gw.test"));
        ok(ViciCommand.UNLOAD_AUTHORITY, of("name", "gw-ca"));
        fails(ViciCommand.UNLOAD_AUTHORITY, of("name", "gw-ca"));

        ok(ViciCommand.UNLOAD_KEY, of("id", keyId));
        fails(ViciCommand.UNLOAD_KEY, of("id", keyId));
        fails(ViciCommand.LOAD_KEY, Message.builder().put("type", "rsa").put("data", new byte[] {1, 2, 3}).build());
        fails(ViciCommand.LOAD_CERT, Message.builder().put("type", "X509").put("flag", "NONE").put("data", new byte[] {1, 2, 3}).build());
        fails(ViciCommand.LOAD_TOKEN, of("handle", "0102"));

        ok(ViciCommand.LOAD_SHARED, Message.builder().put("id", "s1").put("type", "IKE").put("data", "p").list("owners", "x.test").build());
        assertThat(ok(ViciCommand.GET_SHARED, Message.EMPTY).list("keys")).contains(List.of("s1"));
        ok(ViciCommand.UNLOAD_SHARED, of("id", "s1"));
        assertThat(ok(ViciCommand.GET_SHARED, Message.EMPTY).list("keys")).contains(List.of());
        fails(ViciCommand.UNLOAD_SHARED, Message.EMPTY); // charon unloads unknown ids silently; only a missing id fails

        ok(ViciCommand.FLUSH_CERTS, Message.EMPTY);
        ok(ViciCommand.CLEAR_CREDS, Message.EMPTY);
        assertThat(listing(ViciCommand.LIST_CERTS, Message.EMPTY).events()).isEmpty();
    }

    @Test
    void poolLifecycle(CharonPair pair) {
        ok(ViciCommand.LOAD_POOL, Message.builder().section("p1", p -> p.put("addrs", "10.200.0.0/28").list("dns", "10.200.1.1")).build());
        Message pools = ok(ViciCommand.GET_POOLS, of("leases", "yes"));
        Message p1 = pools.section("p1").orElseThrow();
        // 6.x reports a subnet pool's base as its first assignable address, 5.9.8 as the network address.
        assertThat(p1.text("base")).contains(pair.a().daemon() == CharonDaemon.STRONGSWAN_5 ? "10.200.0.0" : "10.200.0.1");
        assertThat(p1.number("size")).hasValue(14);
        assertThat(p1.number("online")).hasValue(0);
        ok(ViciCommand.UNLOAD_POOL, of("name", "p1"));
        fails(ViciCommand.UNLOAD_POOL, of("name", "p1"));
        assertThat(ok(ViciCommand.GET_POOLS, Message.EMPTY).isEmpty()).isTrue();
    }
}
