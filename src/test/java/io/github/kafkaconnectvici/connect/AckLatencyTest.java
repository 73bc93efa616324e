package io.github.kafkaconnectvici.connect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The acknowledgement-latency window behind the metrics of both connectors. */
class AckLatencyTest {

    @Test
    void ackLatencyPercentilesCoverTheWindowOnly() {
        AckLatency latency = new AckLatency(100);
        assertThat(latency.percentile(50)).isEqualTo(-1);
        for (int i = 1; i <= 100; i++) {
            latency.record(i);
        }
        assertThat(latency.percentile(50)).isEqualTo(50);
        assertThat(latency.percentile(99)).isEqualTo(99);
        for (int i = 0; i < 100; i++) {
            latency.record(1000);
        }
        assertThat(latency.percentile(50)).isEqualTo(1000);
        assertThat(latency.count()).isEqualTo(200);
    }

    @Test
    void ackLatencyHoldsOnlyWhatArrivedUpToTheWindow() {
        AckLatency latency = new AckLatency(4096);
        assertThat(latency.capacity()).isZero();
        for (int i = 1; i <= 10; i++) {
            latency.record(i);
        }
        assertThat(latency.capacity()).isEqualTo(64);
        assertThat(latency.percentile(50)).isEqualTo(5);
        for (int i = 11; i <= 5000; i++) {
            latency.record(i);
        }
        assertThat(latency.capacity()).isEqualTo(4096);
        assertThat(latency.percentile(0)).as("the oldest of the last 4,096").isEqualTo(5000 - 4096 + 1);
        assertThat(latency.percentile(100)).isEqualTo(5000);
    }
}
