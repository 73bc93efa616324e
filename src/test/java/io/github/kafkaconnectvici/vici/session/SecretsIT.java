package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.testkit.charon.CharonRigExtension;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.ViciProtocolException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PSKs, private keys and PINs sent to a real charon never come back in an exception message, a
 * toString or a log line, on success or failure. Logs are captured at debug level into
 * target/it-client.log (see the failsafe configuration).
 */
@ExtendWith(CharonRigExtension.class)
class SecretsIT {

    private static final String PSK = "psk-MARKER-7f3a9c";
    private static final String PIN = "pin-MARKER-1b2d";
    private static final String KEY_MARKER = "key-MARKER-55e1";

    @Test
    void secretsStayOutOfExceptionsStringsAndLogs(CharonPair pair) throws Exception {
        pair.a().restart();
        List<String> seen = new ArrayList<>();
        try (ViciClient vici = ViciClient.builder().uri(pair.a().viciUri().toString()).commandTimeout(Duration.ofSeconds(10)).connect()) {
            Message goodShared = Message.builder().put("id", "s").put("type", "IKE").put("data", PSK).list("owners", "x").build();
            Message badShared = Message.builder().put("id", "s").put("type", "NO-SUCH-TYPE").put("data", PSK).build();
            byte[] garbageKey = ("-----BEGIN PRIVATE KEY-----\n" + KEY_MARKER + "\n-----END PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII);
            Message badKey = Message.builder().put("type", "rsa").put("data", garbageKey).build();
            Message token = Message.builder().put("handle", "0102").put("pin", PIN).build();
            byte[] oversized = new byte[60_000];
            Arrays.fill(oversized, (byte) 'x');
            Message.Builder tooLarge = Message.builder().put("data", PSK);
            for (int i = 0; i < 10; i++) {
                tooLarge.put("pad" + i, oversized);
            }

            assertThat(vici.call("load-shared", goodShared).flag("success")).contains(true);
            seen.add(goodShared.toString());
            Map<String, Message> failing = new LinkedHashMap<>();
            failing.put("load-shared", badShared);
            failing.put("load-key", badKey);
            failing.put("load-token", token);
            failing.put("load-conn", tooLarge.build());
            for (Map.Entry<String, Message> command : failing.entrySet()) {
                Message request = command.getValue();
                Throwable failure = catchThrowable(() -> vici.call(command.getKey(), request));
                assertThat(failure).isInstanceOfAny(CommandFailedException.class, ViciProtocolException.class);
                seen.add(failure.toString());
                seen.add(String.valueOf(failure.getCause()));
                if (failure instanceof CommandFailedException failed) {
                    seen.add(failed.response().toString());
                }
                seen.add(request.toString());
            }
        }

        Path log = Path.of("target", "it-client.log");
        String logged = Files.exists(log) ? Files.readString(log) : "";
        assertThat(logged).as("debug logging is captured, so the search below means something")
                .contains("VICI command 'load-shared'");
        seen.add(logged);
        for (String text : seen) {
            assertThat(text).doesNotContain(PSK).doesNotContain(PIN).doesNotContain(KEY_MARKER);
        }
    }
}
