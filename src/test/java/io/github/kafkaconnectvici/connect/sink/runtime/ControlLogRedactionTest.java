package io.github.kafkaconnectvici.connect.sink.runtime;

import io.github.kafkaconnectvici.connect.sink.ViciSinkConfig;
import io.github.kafkaconnectvici.vici.codec.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** charon's dumps as strongSwan's mem_printf_hook prints them (utils/memory.c): header, then 16 bytes a row. */
class ControlLogRedactionTest {

    static final String PSK = "secret-psk-123456789";

    /** A dump in charon's exact format: "=> N bytes @ 0x..", rows "%4d: <47 chars of hex>  <ascii>". */
    static String dump(String label, byte[] bytes) {
        StringBuilder out = new StringBuilder(label + " => " + bytes.length + " bytes @ 0x55e4c8a3f2b0");
        for (int row = 0; row < bytes.length; row += 16) {
            StringBuilder hex = new StringBuilder();
            StringBuilder ascii = new StringBuilder();
            for (int i = row; i < Math.min(row + 16, bytes.length); i++) {
                hex.append(hex.length() == 0 ? "" : " ").append(String.format("%02X", bytes[i]));
                ascii.append(bytes[i] >= 0x20 && bytes[i] < 0x7f ? (char) bytes[i] : '.');
            }
            out.append(String.format("\n%4d: %-47s  %s", row, hex, ascii));
        }
        return out.toString();
    }

    @Test
    void aPskDumpKeepsItsLabelAndSizeAndLosesItsBytes() {
        String line = "[IKE] " + dump("secret", PSK.getBytes(StandardCharsets.US_ASCII));
        assertThat(line).contains("73 65 63 72").contains("secret-psk-12345"); // the fixture is a real dump

        String redacted = ControlLogRedaction.redact(line);

        assertThat(redacted).isEqualTo("[IKE] secret => 20 bytes " + ControlLogRedaction.REDACTED);
        assertNoTraceOf(redacted, PSK.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void ikeKeyDumpsAreRedacted() {
        byte[] key = HexFormat.of().parseHex("7e3b0c11d2a45f6e8899aabbccddeeff00112233445566778899aabbccddeeff");
        for (String label : new String[] {"Sk_ei secret", "Sk_d secret", "SKEYSEED", "key exchange secret"}) {
            String redacted = ControlLogRedaction.redact("[IKE] " + dump(label, key));
            assertThat(redacted).startsWith("[IKE] " + label + " => 32 bytes ");
            assertNoTraceOf(redacted, key);
        }
    }

    @Test
    void colonAndPlainHexChunksAndPinsAreRedacted() {
        assertThat(ControlLogRedaction.redact("[CFG] key: 73:65:63:72:65:74:2d:70:73:6b"))
                .isEqualTo("[CFG] key: " + ControlLogRedaction.REDACTED);
        assertThat(ControlLogRedaction.redact("[CFG] loaded shared PIN for 'token': 123456"))
                .isEqualTo("[CFG] loaded shared PIN for 'token': " + ControlLogRedaction.REDACTED);
        assertThat(ControlLogRedaction.redact("[IKE] PPK 00112233445566778899aabbccddeeff00112233"))
                .doesNotContain("00112233445566778899aabbccddeeff");
    }

    @Test
    void strayDumpRowsAreDropped() {
        assertThat(ControlLogRedaction.redact("  16: 36 37 38 39                                      6789")).isEmpty();
    }

    @Test
    void ordinaryControlLinesAreLeftAlone() {
        for (String line : new String[] {"[IKE] initiating IKE_SA ab[1] to 10.99.0.2",
            "[IKE] authentication of 'a.test' (myself) with pre-shared key",
            "[IKE] IKE_SA ab[1] established between 10.99.0.1[a.test]...10.99.0.2[b.test]",
            "[IKE] CHILD_SA net{1} established with SPIs c1a2b3c4_i c5d6e7f8_o and TS 10.98.1.0/24 === 10.98.2.0/24",
            "[ENC] generating IKE_AUTH request 1 [ IDi N(INIT_CONTACT) IDr AUTH SA TSi TSr ]"}) {
            assertThat(ControlLogRedaction.redact(line)).isEqualTo(line);
        }
    }

    @Test
    void aControlLogKeepsItsBoundsAndSaysWhatItCut() {
        ControlLog log = new ControlLog(3, 1000);
        for (int i = 0; i < 10; i++) {
            log.add(Message.builder().put("group", "IKE").put("msg", "line " + i).build());
        }
        assertThat(log.lines()).hasSize(4).startsWith("[IKE] line 0", "[IKE] line 1", "[IKE] line 2");
        assertThat(log.lines().get(3)).contains("7 more line(s)").contains(ViciSinkConfig.CONTROL_LOG_MAX_LINES);

        ControlLog small = new ControlLog(100, 20);
        small.add("0123456789");
        small.add("0123456789A");
        small.add("x");
        assertThat(small.lines()).hasSize(2).first().isEqualTo("0123456789");
        assertThat(small.lines().get(1)).contains("2 more line(s), 12 bytes");
    }

    /** Neither the bytes as text, nor as hex (spaced, colon or plain, any case), nor as base64. */
    static void assertNoTraceOf(String text, byte[] secret) {
        String hex = HexFormat.of().formatHex(secret);
        String upper = text.toUpperCase();
        assertThat(upper).doesNotContain(hex.toUpperCase())
                .doesNotContain(HexFormat.ofDelimiter(" ").formatHex(secret, 0, 4).toUpperCase())
                .doesNotContain(HexFormat.ofDelimiter(":").formatHex(secret, 0, 4).toUpperCase());
        assertThat(text).doesNotContain(Base64.getEncoder().encodeToString(secret))
                .doesNotContain(new String(secret, 0, Math.min(8, secret.length), StandardCharsets.ISO_8859_1));
    }
}
