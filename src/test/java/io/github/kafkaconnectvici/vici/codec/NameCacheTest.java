package io.github.kafkaconnectvici.vici.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The decoder's shared cache of ASCII names: same names, fewer strings, never a wrong one. */
class NameCacheTest {

    @Test
    void aRepeatedNameDecodesToOneSharedString() {
        Message first = MessageDecoder.decode(MessageEncoder.encode(Message.builder().put("uniqueid", "1").build()));
        Message second = MessageDecoder.decode(MessageEncoder.encode(Message.builder().put("uniqueid", "2").build()));

        String a = first.keys().iterator().next();
        String b = second.keys().iterator().next();
        assertThat(a).isEqualTo("uniqueid").isSameAs(b);
    }

    @Test
    void namesSharingASlotEachDecodeToThemselves() {
        String one = "uniqueid";
        String other = collidingWith(one);

        for (int i = 0; i < 3; i++) {
            assertThat(decodeName(one)).isEqualTo(one);
            assertThat(decodeName(other)).isEqualTo(other);
        }
    }

    @Test
    void twoNamesSharingAFirstSlotAreBothKept() {
        // as two of charon's names in every CHILD_SA may: both stay cached
        String one = "packets-out";
        String other = collidingWith(one);
        assertThat(slot(other)).isEqualTo(slot(one));

        String a = decodeName(one);
        String b = decodeName(other);
        for (int i = 0; i < 3; i++) {
            assertThat(decodeName(one)).isEqualTo(one).isSameAs(a);
            assertThat(decodeName(other)).isEqualTo(other).isSameAs(b);
        }
    }

    @Test
    void emptyLongAndNonAsciiNamesDecodeAsBefore() {
        String empty = "";
        String longName = "n".repeat(MessageDecoder.NameCache.MAX_LENGTH + 1);
        String utf8 = "gr\u00fc\u00dfe";

        assertThat(decodeName(empty)).isEmpty();
        assertThat(decodeName(longName)).isEqualTo(longName);
        assertThat(decodeName(longName)).isNotSameAs(decodeName(longName));
        assertThat(decodeName(utf8)).isEqualTo(utf8);
        byte[] invalid = {3, 2, 'a', (byte) 0xC3, 0, 0};
        assertThatThrownBy(() -> MessageDecoder.decode(invalid))
                .isInstanceOfSatisfying(ViciProtocolException.class,
                        e -> assertThat(e.malformation()).isEqualTo(Malformation.INVALID_NAME));
    }

    @Test
    void aNonAsciiByteIsFoundWhereverItIs() {
        // Names are checked eight bytes at a time, then byte by byte: every position of both, and both lengths
        for (int length : new int[] {7, 8, 15, 16, 17, 40}) {
            for (int at = 0; at < length - 1; at++) {
                String name = "a".repeat(at) + "\u00e4" + "b".repeat(length - at - 2);
                assertThat(decodeName(name)).as("UTF-8 at %d of %d", at, length).isEqualTo(name);

                byte[] invalid = ("a".repeat(length)).getBytes(StandardCharsets.US_ASCII);
                invalid[at] = (byte) 0xFF;
                assertThatThrownBy(() -> MessageDecoder.decodeName(invalid, 0, invalid.length, 0))
                        .as("0xFF at %d of %d", at, length)
                        .isInstanceOfSatisfying(ViciProtocolException.class,
                                e -> assertThat(e.malformation()).isEqualTo(Malformation.INVALID_NAME));
            }
        }
    }

    @Test
    void namesAreDecodedFromTheirOwnRangeOfALargerArray() {
        byte[] buf = "xxuniqueid-of-a-long-namexx".getBytes(StandardCharsets.US_ASCII);
        assertThat(MessageDecoder.decodeName(buf, 2, 23, 0)).isEqualTo("uniqueid-of-a-long-name");
        assertThat(MessageDecoder.decodeName(buf, 2, 8, 0)).isEqualTo("uniqueid");
        assertThat(MessageDecoder.decodeName(buf, 2, 8, 0)).isSameAs(MessageDecoder.decodeName(buf, 2, 8, 0));
    }

    @Test
    void concurrentDecodersNeverSeeAnotherName() throws Exception {
        // Four times more names than slots, so that threads keep replacing each other's entries.
        List<byte[]> names = new ArrayList<>();
        for (int i = 0; i < 4 * MessageDecoder.NameCache.SLOTS; i++) {
            names.add(("name-" + i).getBytes(StandardCharsets.US_ASCII));
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(threads.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < 200_000; i++) {
                        byte[] name = names.get((i * 31 + seed * 7919) % names.size());
                        String decoded = MessageDecoder.decodeName(name, 0, name.length, 0);
                        if (!decoded.equals(new String(name, StandardCharsets.US_ASCII))) {
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

    private static String decodeName(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return MessageDecoder.decodeName(bytes, 0, bytes.length, 0);
    }

    private static int slot(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        return MessageDecoder.NameCache.slot(MessageDecoder.NameCache.hash(bytes, 0, bytes.length));
    }

    private static String collidingWith(String name) {
        for (int i = 0; ; i++) {
            String candidate = "k" + i;
            if (slot(candidate) == slot(name)) {
                return candidate;
            }
        }
    }
}
