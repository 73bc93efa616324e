package io.github.kafkaconnectvici.connect.source.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kafkaconnectvici.vici.codec.Message;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Signals as Debezium writes them; everything else refused with a reason that names the problem. */
class SignalParserTest {

    private static SnapshotRequest parse(String json) throws SignalParser.InvalidSignal {
        return SignalParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFilteredSnapshotForOneGateway() throws Exception {
        SnapshotRequest request = parse("{\"id\":\"req-1\",\"type\":\"execute-snapshot\","
                + "\"data\":{\"gateway\":\"a\",\"child\":\"net\",\"ike\":\"ab\",\"ike-id\":\"42\"}}");

        assertThat(request.id()).isEqualTo("req-1");
        assertThat(request.gateway()).isEqualTo("a");
        assertThat(request.concerns("a")).isTrue();
        assertThat(request.concerns("b")).isFalse();
        assertThat(request.filterText()).isEqualTo("ike=ab,ike-id=42,child=net");
        Message listSas = request.listSasRequest();
        assertThat(listSas.text("ike")).contains("ab");
        assertThat(listSas.text("ike-id")).contains("42");
        assertThat(listSas.text("child")).contains("net");
    }

    @Test
    void withoutDataOrGatewayEveryGatewayListsEverything() throws Exception {
        for (String json : new String[] {"{\"id\":\"r\",\"type\":\"execute-snapshot\"}",
                "{\"type\":\"execute-snapshot\",\"id\":\"r\",\"data\":{\"gateway\":\"*\"}}"}) {
            SnapshotRequest request = parse(json);
            assertThat(request.gateway()).isNull();
            assertThat(request.concerns("any")).isTrue();
            assertThat(request.filterText()).isNull();
            assertThat(request.listSasRequest().keys()).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json|not valid JSON|",
        "[1]|a JSON object|",
        "{\"type\":\"execute-snapshot\"}|'id' is required|",
        "{\"id\":\"has space\",\"type\":\"execute-snapshot\"}|'id' is required|",
        "{\"id\":\"r\"}|'type' must be execute-snapshot|r",
        "{\"id\":\"r\",\"type\":\"stop-snapshot\"}|not 'stop-snapshot'|r",
        "{\"id\":\"r\",\"type\":\"execute-snapshot\",\"data\":{\"ike-id\":\"abc\"}}|data.ike-id 'abc' is not an IKE_SA unique id|r",
        "{\"id\":\"r\",\"type\":\"execute-snapshot\",\"data\":{\"ike-id\":\"4294967296\"}}|above 4294967295|r",
        "{\"id\":\"r\",\"type\":\"execute-snapshot\",\"data\":{\"child-id\":\"1\"}}|unknown filter 'child-id'|r",
        "{\"id\":\"r\",\"type\":\"execute-snapshot\",\"data\":{\"ike\":\"a b\"}}|data.ike 'a b' is not a name|r",
        "{\"id\":\"r\",\"type\":\"execute-snapshot\",\"data\":{\"ike\":{\"x\":1}}}|data.ike must be a string|r",
        "{\"id\":\"r\",\"type\":\"execute-snapshot\",\"extra\":1}|unknown field 'extra'|r",
        "{\"id\":\"r\",\"type\":\"execute-snapshot\"} {}|nothing may follow|r",
    })
    void refused(String json, String problem, String id) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(SignalParser.InvalidSignal.class)
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((SignalParser.InvalidSignal) e).id()).isEqualTo(id));
    }

    @Test
    void anOversizedOrEmptySignalIsRefusedUnread() {
        byte[] big = ("{\"id\":\"r\",\"type\":\"execute-snapshot\",\"data\":{\"ike\":\"" + "a".repeat(5000) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SignalParser.parse(big)).hasMessageContaining("at most 4096");
        assertThatThrownBy(() -> SignalParser.parse(null)).hasMessageContaining("no value");
    }

    @Test
    void anInboxHoldsAtMostSixteenPendingRequestsAndReportsTheRest() {
        SignalInbox inbox = new SignalInbox();
        for (int i = 0; i < SignalInbox.CAPACITY + 1; i++) {
            inbox.request(new SnapshotRequest("r" + i, null, Map.of()));
        }
        int requests = 0;
        SignalInbox.Item last = null;
        for (SignalInbox.Item item = inbox.poll(); item != null; item = inbox.poll()) {
            requests += item.request() == null ? 0 : 1;
            last = item;
        }
        assertThat(requests).isEqualTo(SignalInbox.CAPACITY);
        assertThat(last.rejectedId()).isEqualTo("r16");
        assertThat(last.reason()).contains("already pending");
    }
}
