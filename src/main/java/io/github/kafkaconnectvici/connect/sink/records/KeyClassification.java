package io.github.kafkaconnectvici.connect.sink.records;

import java.util.List;

import static io.github.kafkaconnectvici.connect.sink.records.KeyRisk.EXECUTES;
import static io.github.kafkaconnectvici.connect.sink.records.KeyRisk.FILE;
import static io.github.kafkaconnectvici.connect.sink.records.KeyRisk.NETWORK;
import static io.github.kafkaconnectvici.connect.sink.records.KeyRisk.SECRET;
import static io.github.kafkaconnectvici.connect.sink.records.SinkCommand.INITIATE;
import static io.github.kafkaconnectvici.connect.sink.records.SinkCommand.LOAD_AUTHORITY;
import static io.github.kafkaconnectvici.connect.sink.records.SinkCommand.LOAD_CERT;
import static io.github.kafkaconnectvici.connect.sink.records.SinkCommand.LOAD_CONN;
import static io.github.kafkaconnectvici.connect.sink.records.SinkCommand.LOAD_KEY;
import static io.github.kafkaconnectvici.connect.sink.records.SinkCommand.LOAD_SHARED;
import static io.github.kafkaconnectvici.connect.sink.records.SinkCommand.LOAD_TOKEN;
import static io.github.kafkaconnectvici.connect.sink.records.SinkCommand.REDIRECT;
import static io.github.kafkaconnectvici.connect.sink.records.SinkCommand.TERMINATE;

/**
 * Every request key of the sink's commands that does more than its command's plain purpose, read
 * from strongSwan's VICI plugin (vici_config.c, vici_cred.c, vici_authority.c, vici_control.c) and
 * the swanctl.conf documentation (5.9.x and 6.0.x). Keys not listed carry configuration values only;
 * {@code certs}, {@code cacerts} and {@code pubkeys} are data that swanctl read on its own host, not
 * paths charon opens. reload-settings (no keys) re-reads strongswan.conf: the command is opt-in.
 */
final class KeyClassification {

    static final List<KeyRule> RULES = List.of(
            // Run a program.
            new KeyRule(LOAD_CONN, "updown", EXECUTES, "children.<child>.updown: the updown plugin runs it as a"
                    + " /bin/sh -c command line, as root, on every CHILD_SA up and down, peer-initiated ones too"),
            new KeyRule(LOAD_TOKEN, "module", EXECUTES, "a name no configured PKCS#11 module has goes to OpenSSL as an"
                    + " ENGINE id, and a path there is dlopen()ed: any shared object runs as root"),
            // Open a file, token or device on the gateway.
            new KeyRule(LOAD_CONN, "file", FILE, "local|remote.cert<suffix>.file, remote.cacert<suffix>.file: charon"
                    + " opens the path itself (any path, devices and FIFOs included)"),
            new KeyRule(LOAD_CONN, "handle", FILE, "cert<suffix>.handle: a certificate object read from a PKCS#11 token"),
            new KeyRule(LOAD_CONN, "slot", FILE, "cert<suffix>.slot: the PKCS#11 token slot opened"),
            new KeyRule(LOAD_CONN, "module", FILE, "cert<suffix>.module: the configured PKCS#11 module whose token is read"),
            new KeyRule(LOAD_AUTHORITY, "file", FILE, "<name>.file: charon opens the path itself"),
            new KeyRule(LOAD_AUTHORITY, "handle", FILE, "a CA certificate object read from a PKCS#11 token"),
            new KeyRule(LOAD_AUTHORITY, "slot", FILE, "the PKCS#11 token slot opened"),
            new KeyRule(LOAD_AUTHORITY, "module", FILE, "the configured PKCS#11 module whose token is read"),
            new KeyRule(LOAD_AUTHORITY, "crl_uris", FILE, "fetched with every loaded fetcher: file:// reads local files,"
                    + " http(s)/ldap reach any address"),
            new KeyRule(LOAD_AUTHORITY, "ocsp_uris", FILE, "as crl_uris: file:// reads local files, http(s) any address"),
            new KeyRule(LOAD_TOKEN, "handle", FILE, "the private key object read from a PKCS#11 token or OpenSSL engine"),
            new KeyRule(LOAD_TOKEN, "slot", FILE, "the PKCS#11 token slot opened"),
            // Secret material: never echoed.
            new KeyRule(LOAD_SHARED, "data", SECRET, "the shared secret: IKE PSK, EAP/XAuth password, NTLM hash, PPK"),
            new KeyRule(LOAD_KEY, "data", SECRET, "the private key"),
            new KeyRule(LOAD_TOKEN, "pin", SECRET, "the token's PIN (a wrong one can lock the token)"),
            new KeyRule(INITIATE, "loglevel", SECRET, "at 3 charon streams decrypted IKE payloads, at 4 the DH secret,"
                    + " SKEYSEED, every Sk_* key, the PSK and the ESP keys; capped by vici.control.log.level.max"),
            new KeyRule(TERMINATE, "loglevel", SECRET, "as for initiate, for the IKE_SA being deleted"),
            // Network: where charon sends IKE, or what it fetches.
            new KeyRule(LOAD_CONN, "remote_addrs", NETWORK, "the peers charon sends IKE to (FQDNs are resolved)"),
            new KeyRule(LOAD_CONN, "local_addrs", NETWORK, "FQDNs are resolved through DNS"),
            new KeyRule(LOAD_CONN, "remote_port", NETWORK, "the peer's IKE port"),
            new KeyRule(LOAD_CONN, "start_action", NETWORK, "start: loading alone connects to remote_addrs; trap: traffic does"),
            new KeyRule(LOAD_CONN, "ocsp", NETWORK, "5.9.14+: charon fetches OCSP responses for its own certificate"),
            new KeyRule(LOAD_CONN, "certs", NETWORK, "certificate data; the CRL and OCSP URIs inside are fetched"),
            new KeyRule(LOAD_CERT, "data", NETWORK, "certificate data; the CRL and OCSP URIs inside are fetched, and a CA"
                    + " certificate becomes a trust anchor whatever 'flag' says"),
            new KeyRule(LOAD_AUTHORITY, "cert_uri_base", NETWORK, "sent to peers, who fetch certificates from it"),
            new KeyRule(REDIRECT, "gateway", NETWORK, "peers are told to connect there"));

    private KeyClassification() {
    }
}
