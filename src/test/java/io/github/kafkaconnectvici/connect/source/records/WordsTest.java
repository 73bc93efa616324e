package io.github.kafkaconnectvici.connect.source.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kafkaconnectvici.vici.codec.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Words read exactly as text is, one String per repeated word, never another word's. */
class WordsTest {

    @Test
    void aRepeatedWordIsOneSharedStringEqualToItsText() {
        String first = Words.text(Value.of("ESTABLISHED"));
        String again = Words.text(Value.of("ESTABLISHED"));

        assertThat(first).isEqualTo("ESTABLISHED").isSameAs(again);
        assertThat(Words.text(Value.of("ESTABLISHE"))).isEqualTo("ESTABLISHE");
        assertThat(Words.text(Value.of("ESTABLISHED "))).isEqualTo("ESTABLISHED ");
    }

    @Test
    void everyValueReadsAsItsTextDoes() {
        List<Value> values = List.of(Value.of(""), Value.of("AES_GCM_16"), Value.of("gr\u00fc\u00dfe"),
                Value.of("x".repeat(Words.MAX_LENGTH)), Value.of("y".repeat(Words.MAX_LENGTH + 1)),
                Value.of(new byte[] {'a', (byte) 0xC3}), Value.of(new byte[] {(byte) 0xFF}),
                Value.of("\uFFFD"));
        for (int round = 0; round < 2; round++) { // the second round reads what the first kept
            for (Value value : values) {
                assertThat(Words.text(value)).as("%s", value).isEqualTo(ViciText.utf8(value));
            }
        }
        assertThat(Words.text(Value.of(new byte[] {(byte) 0xFF}))).isNull();
    }

    @Test
    void concurrentReadersNeverSeeAnotherWord() throws Exception {
        // Four times more words than slots, so that threads keep replacing each other's entries.
        List<byte[]> words = new ArrayList<>();
        for (int i = 0; i < 4 * Words.SLOTS; i++) {
            words.add(("WORD_" + i).getBytes(StandardCharsets.US_ASCII));
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(threads.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < 100_000; i++) {
                        byte[] word = words.get((i * 31 + seed * 7919) % words.size());
                        if (!Words.text(Value.of(word)).equals(new String(word, StandardCharsets.US_ASCII))) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isZero();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
