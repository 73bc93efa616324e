package io.github.kafkaconnectvici.connect.sink.runtime;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetTrackerTest {

    private final TopicPartition p0 = new TopicPartition("vici.cmd.load-conn", 0);
    private final TopicPartition p1 = new TopicPartition("vici.cmd.load-conn", 1);
    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void commitsUpToTheFirstUnfinishedRecord() {
        for (long offset = 10; offset < 14; offset++) {
            assertThat(tracker.begin(p0, offset)).isTrue();
        }
        tracker.finish(p0, 10);
        tracker.finish(p0, 12);
        assertThat(tracker.committable(List.of(p0))).containsEntry(p0, new OffsetAndMetadata(11));
        tracker.finish(p0, 11);
        tracker.finish(p0, 13);
        assertThat(tracker.committable(List.of(p0))).containsEntry(p0, new OffsetAndMetadata(14));
    }

    @Test
    void aRedeliveredFinishedRecordIsSkippedAndAnUnfinishedOneRunsAgain() {
        tracker.begin(p0, 0);
        tracker.begin(p0, 1);
        tracker.finish(p0, 0);
        assertThat(tracker.begin(p0, 0)).isFalse();
        assertThat(tracker.begin(p0, 1)).isTrue();
        assertThat(tracker.begin(p0, 2)).isTrue();
    }

    @Test
    void gapsInOffsetsDoNotHoldCommitsBack() {
        tracker.begin(p0, 5);
        tracker.begin(p0, 9);
        tracker.finish(p0, 5);
        tracker.finish(p0, 9);
        assertThat(tracker.committable(List.of(p0))).containsEntry(p0, new OffsetAndMetadata(10));
    }

    @Test
    void partitionsWithoutRecordsOrRevokedAreNotCommitted() {
        tracker.begin(p0, 0);
        tracker.finish(p0, 0);
        assertThat(tracker.committable(List.of(p0, p1))).containsOnlyKeys(p0);
        tracker.forget(List.of(p0));
        assertThat(tracker.committable(List.of(p0, p1))).isEmpty();
        assertThat(tracker.begin(p0, 0)).isTrue();
    }
}
