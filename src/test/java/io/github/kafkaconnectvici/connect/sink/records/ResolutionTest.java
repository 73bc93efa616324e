package io.github.kafkaconnectvici.connect.sink.records;

import io.github.kafkaconnectvici.connect.gateway.GatewayEndpoints;
import io.github.kafkaconnectvici.connect.sink.ViciSinkConfig;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;

import static io.github.kafkaconnectvici.connect.sink.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResolutionTest {

    private final CommandResolver commands = new CommandResolver("vici.cmd.",
            EnumSet.of(SinkCommand.LOAD_CONN, SinkCommand.INITIATE, SinkCommand.LOAD_SHARED));
    private final GatewayEndpoints two = GatewayEndpoints.parse("gw-a=unix:///tmp/a.vici,gw-b=tcp://127.0.0.1:4502");
    private final GatewayEndpoints one = GatewayEndpoints.parse("unix:///tmp/only.vici");

    @Test
    void commandComesFromTheTopicAfterThePrefix() {
        assertThat(commands.resolve(record("vici.cmd.load-conn", 0, Map.of(), Map.of()))).isEqualTo(SinkCommand.LOAD_CONN);
    }

    @Test
    void theHeaderWinsOverTheTopic() {
        SinkRecord record = record("vici.cmd.load-conn", 0, Map.of(), Map.of(Headers.COMMAND, "initiate"));
        assertThat(commands.resolve(record)).isEqualTo(SinkCommand.INITIATE);
        assertThat(commands.resolve(record("provisioning", 0, Map.of(), Map.of(Headers.COMMAND, "load-shared"))))
                .isEqualTo(SinkCommand.LOAD_SHARED);
    }

    @Test
    void unknownDisallowedAndUnnamedCommandsAreBadRecords() {
        assertThatThrownBy(() -> commands.resolve(record("vici.cmd.list-sas", 0, Map.of(), Map.of())))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("unknown command 'list-sas'");
        assertThatThrownBy(() -> commands.resolve(record("vici.cmd.clear-creds", 0, Map.of(), Map.of())))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("'clear-creds' is not allowed").hasMessageContaining(ViciSinkConfig.COMMANDS_ALLOWED);
        assertThatThrownBy(() -> commands.resolve(record("other", 0, Map.of(), Map.of())))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("no 'vici.command' header").hasMessageContaining("vici.cmd.<command>");
        assertThatThrownBy(() -> commands.resolve(record("vici.cmd.", 0, Map.of(), Map.of())))
                .isInstanceOf(BadRecordException.class);
    }

    @Test
    void theRequestedNameIsKnownEvenWhenNotAllowed() {
        assertThat(commands.requested(record("vici.cmd.clear-creds", 0, Map.of(), Map.of()))).contains("clear-creds");
        assertThat(commands.requested(record("other", 0, Map.of(), Map.of()))).isEmpty();
    }

    @Test
    void theOnlyGatewayNeedsNoHeader() {
        assertThat(new GatewayResolver(one.names()).resolve(record("t", 0, Map.of(), Map.of()))).isEqualTo("only");
        assertThat(new GatewayResolver(one.names()).resolve(record("t", 0, Map.of(), Map.of(Headers.ENDPOINT, "only"))))
                .isEqualTo("only");
    }

    @Test
    void severalGatewaysNeedTheHeaderAndItMustNameOne() {
        GatewayResolver resolver = new GatewayResolver(two.names());
        assertThat(resolver.resolve(record("t", 0, Map.of(), Map.of(Headers.ENDPOINT, "gw-b")))).isEqualTo("gw-b");
        assertThatThrownBy(() -> resolver.resolve(record("t", 0, Map.of(), Map.of())))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("2 gateways: gw-a, gw-b");
        assertThatThrownBy(() -> resolver.resolve(record("t", 0, Map.of(), Map.of(Headers.ENDPOINT, "gw-c"))))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("unknown gateway 'gw-c'");
        assertThatThrownBy(() -> new GatewayResolver(one.names()).resolve(record("t", 0, Map.of(), Map.of(Headers.ENDPOINT, "gw-a"))))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("unknown gateway 'gw-a'");
    }

    @Test
    void requestIdComesFromTheHeaderElseTopicPartitionOffset() {
        assertThat(RecordInterpreter.requestId(record("vici.cmd.initiate", 42, Map.of(), Map.of(Headers.REQUEST_ID, "r-1"))))
                .isEqualTo("r-1");
        assertThat(RecordInterpreter.requestId(record("vici.cmd.initiate", 42, Map.of(), Map.of())))
                .isEqualTo("vici.cmd.initiate-0-42");
    }

    @Test
    void headersMayBeBytes() {
        SinkRecord record = record("t", 0, Map.of(), Map.of());
        record.headers().addBytes(Headers.COMMAND, "initiate".getBytes());
        assertThat(commands.resolve(record)).isEqualTo(SinkCommand.INITIATE);
    }
}
