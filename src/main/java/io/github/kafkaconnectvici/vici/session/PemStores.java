package io.github.kafkaconnectvici.vici.session;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PEM files as in-memory key stores, since the JDK reads no PEM keys itself: certificates
 * ({@code CERTIFICATE} blocks) and one PKCS#8 private key ({@code PRIVATE KEY} or
 * {@code ENCRYPTED PRIVATE KEY}, as {@code openssl pkcs8 -topk8} writes them).
 */
final class PemStores {

    /** The password of the one in-memory entry; protects nothing, as the store never leaves memory. */
    static final char[] ENTRY_PASSWORD = "in-memory".toCharArray();

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "DSA");

    private PemStores() {
    }

    static KeyStore trustStore(Path file) throws IOException, GeneralSecurityException {
        List<Certificate> certificates = certificates(blocks(file), file);
        KeyStore store = emptyStore();
        for (int i = 0; i < certificates.size(); i++) {
            store.setCertificateEntry("ca-" + i, certificates.get(i));
        }
        return store;
    }

    static KeyStore keyStore(Path file, char[] keyPassword) throws IOException, GeneralSecurityException {
        List<Block> blocks = blocks(file);
        List<Certificate> chain = certificates(blocks, file);
        List<Block> keys = blocks.stream().filter(b -> b.label().endsWith("PRIVATE KEY")).toList();
        if (keys.size() != 1) {
            throw new IllegalArgumentException("a PEM key store holds exactly one PKCS#8 private key (BEGIN PRIVATE KEY"
                    + " or BEGIN ENCRYPTED PRIVATE KEY); found " + keys.size()
                    + (blocks.stream().anyMatch(b -> b.label().equals("RSA PRIVATE KEY") || b.label().equals("EC PRIVATE KEY"))
                    ? " (convert a traditional key with: openssl pkcs8 -topk8)" : ""));
        }
        PrivateKey key = privateKey(keys.get(0), keyPassword);
        KeyStore store = emptyStore();
        store.setKeyEntry("client", key, ENTRY_PASSWORD, chain.toArray(Certificate[]::new));
        return store;
    }

    private record Block(String label, byte[] der) {
    }

    private static List<Block> blocks(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a " + m.group(1) + " block is not valid base64");
            }
        }
        return blocks;
    }

    private static List<Certificate> certificates(List<Block> blocks, Path file) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> certificates = new ArrayList<>();
        for (Block block : blocks) {
            if (block.label().equals("CERTIFICATE")) {
                certificates.add(factory.generateCertificate(new ByteArrayInputStream(block.der())));
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no BEGIN CERTIFICATE block in " + file);
        }
        return certificates;
    }

    private static PrivateKey privateKey(Block block, char[] password) throws IOException, GeneralSecurityException {
        byte[] pkcs8 = block.der();
        if (block.label().equals("ENCRYPTED PRIVATE KEY")) {
            if (password == null || password.length == 0) {
                throw new IllegalArgumentException("the private key is encrypted and no key password is set");
            }
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(pkcs8);
            // For PBES2 (openssl's default) the algorithm name is in the parameters, e.g. PBEWithHmacSHA256AndAES_256.
            String algorithm = info.getAlgParameters() != null && info.getAlgName().matches("PBES2|1\\.2\\.840\\.113549\\.1\\.5\\.13")
                    ? info.getAlgParameters().toString() : info.getAlgName();
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password)), info.getAlgParameters());
            try {
                pkcs8 = info.getKeySpec(cipher).getEncoded();
            } catch (InvalidKeySpecException e) {
                throw new IllegalArgumentException("the private key cannot be decrypted: is the key password right?");
            }
        } else if (!block.label().equals("PRIVATE KEY")) {
            throw new IllegalArgumentException("a " + block.label() + " block is not PKCS#8; convert it with: openssl pkcs8 -topk8");
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("the private key is not an RSA, EC, EdDSA or DSA key the JDK can read");
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }
}
