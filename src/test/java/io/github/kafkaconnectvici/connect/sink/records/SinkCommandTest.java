package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.vici.ViciCommand;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink's command policy is drawn from the library's command list, not a second copy of it. */
class SinkCommandTest {

    @Test
    void everySinkCommandIsTheLibraryCommandOfTheSameName() {
        for (SinkCommand command : SinkCommand.values()) {
            assertThat(ViciCommand.byName(command.wireName())).contains(command.command());
            assertThat(SinkCommand.byName(command.wireName())).contains(command);
            assertThat(command.name()).isEqualTo(command.command().name());
        }
    }

    @Test
    void onlyInitiateAndTerminateStreamControlLog() {
        assertThat(Arrays.stream(SinkCommand.values()).filter(SinkCommand::streamsControlLog))
                .containsExactlyInAnyOrder(SinkCommand.INITIATE, SinkCommand.TERMINATE);
    }

    @Test
    void noCommandThatOnlyReadsOrListsIsExecuted() {
        // A command topic changes a gateway; list-* streams and get-*/version/stats replies belong to the source.
        assertThat(SinkCommand.wireNames())
                .noneMatch(name -> name.startsWith("list-") || name.startsWith("get-"))
                .doesNotContain("version", "stats");
        assertThat(Arrays.stream(SinkCommand.values()).map(SinkCommand::command))
                .noneMatch(c -> c.streamEvent().filter(e -> e.isStreamOnly() && !e.wireName().equals("control-log"))
                        .isPresent());
    }

    @Test
    void namesNotInTheSinksPolicyAreUnknownToIt() {
        assertThat(ViciCommand.byName("list-sas")).isPresent();
        assertThat(SinkCommand.byName("list-sas")).isEmpty();
        assertThat(SinkCommand.byName("load-conn")).contains(SinkCommand.LOAD_CONN);
    }
}
