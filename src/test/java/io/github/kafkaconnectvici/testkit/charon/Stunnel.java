package io.github.kafkaconnectvici.testkit.charon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * Debian's stunnel4 as the TLS terminator in front of a charon's vici socket, configured from the shipped
 * sample config/stunnel-vici.conf: TLS 1.2+, a client certificate required and verified against the test CA.
 * Two services forward to the same socket: {@link #uri()} with a certificate for 127.0.0.1, and
 * {@link #wrongNameUri()} with one for another name. Both listen on 127.0.0.1 of the host namespace,
 * the only address the JVM shares with the rig (its namespaces have no route to the host).
 */
public final class Stunnel implements AutoCloseable {

    static final Path STUNNEL = Path.of("/usr/bin/stunnel4");
    static final Path SAMPLE = Path.of("config", "stunnel-vici.conf");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final int port;
    private final int wrongNamePort;
    private final Process process;

    private Stunnel(Path dir, int port, int wrongNamePort, Process process) {
        this.dir = dir;
        this.port = port;
        this.wrongNamePort = wrongNamePort;
        this.process = process;
    }

    /** Starts stunnel forwarding to {@code socket}, with its configuration and log in {@code dir}. */
    public static Stunnel start(TestCertificates pki, Path socket, Path dir) {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(STUNNEL)) {
            missing.add(STUNNEL + " (Debian package stunnel4; .ci/install installs it)");
        }
        CharonRig.decide(missing, System.getenv("CI") != null);
        int port = freePort();
        int wrongNamePort = freePort();
        Path conf = dir.resolve("stunnel.conf");
        try {
            Files.createDirectories(dir);
            Files.writeString(conf, config(pki, socket, dir, port, wrongNamePort));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process;
        try {
            process = new ProcessBuilder(STUNNEL.toString(), conf.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + STUNNEL + ": " + e.getMessage(), e);
        }
        Stunnel stunnel = new Stunnel(dir, port, wrongNamePort, process);
        try {
            Awaitility.await("stunnel listening on 127.0.0.1:" + port + " and :" + wrongNamePort)
                    .atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(20))
                    .failFast("stunnel exited; see " + dir.resolve("stunnel.log"), () -> !process.isAlive())
                    .until(() -> listening(port) && listening(wrongNamePort));
        } catch (RuntimeException e) {
            stunnel.close();
            throw e;
        }
        return stunnel;
    }

    /**
     * config/stunnel-vici.conf, the sample the docs tell operators to install, with the test's paths
     * and ports: so that every setting the sample ships is one this stunnel accepts and these tests
     * exercise. It keeps root (the rig's sockets are root's), logs to a file and adds a second
     * service, a copy of the first with the wrong-name certificate.
     */
    static String config(TestCertificates pki, Path socket, Path dir, int port, int wrongNamePort) {
        String sample;
        try {
            sample = Files.readString(SAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample stunnel configuration " + SAMPLE, e);
        }
        StringBuilder global = new StringBuilder();
        StringBuilder service = new StringBuilder();
        boolean inService = false;
        for (String line : sample.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("[")) {
                inService = true;
                continue;
            }
            if (trimmed.isEmpty() || trimmed.startsWith(";")) {
                continue;
            }
            String key = trimmed.substring(0, trimmed.indexOf('=')).trim();
            if (!inService) {
                switch (key) {
                    case "setuid", "setgid", "syslog", "debug" -> { }
                    default -> global.append(trimmed).append('\n');
                }
            } else {
                service.append(switch (key) {
                    case "accept" -> "accept = 127.0.0.1:%PORT%";
                    case "connect" -> "connect = " + socket;
                    case "cert" -> "cert = %CERT%";
                    case "key" -> "key = %KEY%";
                    case "CAfile" -> "CAfile = " + pki.caPem("ca");
                    default -> trimmed;
                }).append('\n');
            }
        }
        if (!service.toString().contains("requireCert = yes") || !service.toString().contains("verifyChain = yes")) {
            throw new IllegalStateException(SAMPLE + " no longer requires and verifies client certificates");
        }
        return global + "syslog = no\noutput = " + dir.resolve("stunnel.log") + "\ndebug = info\n"
                + "[vici]\n" + service.toString().replace("%PORT%", String.valueOf(port))
                        .replace("%CERT%", pki.certPem("server").toString()).replace("%KEY%", pki.keyPem("server").toString())
                + "[vici-wrong-name]\n" + service.toString().replace("%PORT%", String.valueOf(wrongNamePort))
                        .replace("%CERT%", pki.certPem("server-wrong-name").toString())
                        .replace("%KEY%", pki.keyPem("server-wrong-name").toString());
    }

    /** {@code tls://127.0.0.1:port}: the service whose certificate names 127.0.0.1. */
    public String uri() {
        return "tls://127.0.0.1:" + port;
    }

    /** The service whose certificate names only elsewhere.test. */
    public String wrongNameUri() {
        return "tls://127.0.0.1:" + wrongNamePort;
    }

    public Path log() {
        return dir.resolve("stunnel.log");
    }

    /** The log's text: what stunnel saw of each connection (accepted, refused, forwarded bytes). */
    public String logText() {
        try {
            return Files.exists(log()) ? Files.readString(log()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many client connections stunnel has accepted so far, by its log (readiness probes included). */
    public long acceptedConnections() {
        return logText().lines().filter(line -> line.contains("accepted connection from")).count();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
