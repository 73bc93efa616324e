package io.github.kafkaconnectvici.connect.sink;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Looks for a secret in every encoding it could leak in: as text, as charon's hex dump (upper-case
 * pairs split over rows of 16 bytes, with the ASCII column beside them), colon-separated or plain
 * hex in either case, and base64. Checks each row-sized piece, since a dump never shows the secret whole.
 */
final class SecretScan {

    private SecretScan() {
    }

    static void assertNoTrace(String text, byte[] secret) {
        String upper = text.toUpperCase();
        assertThat(text).doesNotContain(new String(secret, StandardCharsets.ISO_8859_1));
        assertThat(text).doesNotContain(Base64.getEncoder().encodeToString(secret))
                .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(secret));
        for (int start = 0; start + 6 <= secret.length; start += 6) {
            assertThat(upper).as("hex of bytes %d-%d", start, start + 5)
                    .doesNotContain(HexFormat.ofDelimiter(" ").withUpperCase().formatHex(secret, start, start + 6))
                    .doesNotContain(HexFormat.ofDelimiter(":").withUpperCase().formatHex(secret, start, start + 6))
                    .doesNotContain(HexFormat.of().withUpperCase().formatHex(secret, start, start + 6));
            assertThat(text).as("ASCII column of bytes %d-%d", start, start + 5)
                    .doesNotContain(new String(secret, start, 6, StandardCharsets.ISO_8859_1));
        }
    }
}
