package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.vici.codec.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandBoundsTest {

    private final CommandBounds bounds = new CommandBounds(1, 600_000);

    private static Message initiate(String key, String value) {
        return Message.builder().put("child", "net").put(key, value).build();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "timeout  | 10000000000000      | must be -1 (do not wait) or 1 to 600000 ms",
        "timeout  | 0                   | wait without end",
        "timeout  | -2                  | must be -1",
        "timeout  | 99999999999999999999| out of range",
        "timeout  | soon                | not a decimal integer",
        "loglevel | 4                   | above the 1 this connector allows",
        "loglevel | 2                   | above the 1 this connector allows",
        "loglevel | 9                   | from -1 to 4",
        "ike-id   | 4294967296          | from 1 to 4294967295",
        "child-id | 0                   | from 1 to 4294967295",
    })
    void outOfBoundsNumbersAreRefusedSayingWhy(String key, String value, String says) {
        assertThatThrownBy(() -> bounds.check(SinkCommand.INITIATE, initiate(key, value)))
                .isInstanceOf(CommandRefusedException.class)
                .hasMessageContaining("'" + key + "' of initiate").hasMessageContaining(says);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"timeout,-1", "timeout,1", "timeout,600000", "loglevel,-1", "loglevel,1", "ike-id,4294967295"})
    void numbersInBoundsPass(String key, String value) {
        assertThatCode(() -> bounds.check(SinkCommand.INITIATE, initiate(key, value))).doesNotThrowAnyException();
    }

    @Test
    void aNumberGivenAsASectionIsRefused() {
        Message message = Message.builder().section("timeout", s -> s.put("a", "1")).build();
        assertThatThrownBy(() -> bounds.check(SinkCommand.TERMINATE, message))
                .isInstanceOf(CommandRefusedException.class).hasMessageContaining("single number");
    }

    @Test
    void aCapBelowCharonsDefaultIsSentExplicitly() {
        Message message = Message.builder().put("child", "net").build();
        assertThat(new CommandBounds(0, 1000).withDefaultLogLevel(SinkCommand.INITIATE, message).text("loglevel"))
                .contains("0");
        assertThat(bounds.withDefaultLogLevel(SinkCommand.INITIATE, message)).isSameAs(message);
    }

    @Test
    void swanctlSectionsAreLeftToCharon() {
        Message conn = Message.builder().section("ab", c -> c.put("timeout", "0")).build();
        assertThatCode(() -> bounds.check(SinkCommand.LOAD_CONN, conn)).doesNotThrowAnyException();
    }
}
