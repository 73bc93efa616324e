package io.github.kafkaconnectvici.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.kafkaconnectvici.testkit.kafka.FleetFrames;
import io.github.kafkaconnectvici.testkit.kafka.FleetSimulator;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task's threads do not grow with the gateways it follows: one task following 20, then 200
 * gateways of a {@link FleetSimulator} (in this JVM, one thread of its own), each subscribed and
 * snapshotted. The thread count of the JVM while the task follows them all is compared with the one
 * before. A thread per gateway (the follower, and the subscription's reader) would add 400.
 */
class FleetThreadsTest {

    /** "At most a few dozen threads per task" (issue 17). */
    private static final int MAX_TASK_THREADS = 36;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void aTaskFollowingTenTimesTheGatewaysHoldsNoMoreThreads() throws Exception {
        try (FleetSimulator fleet = FleetSimulator.start(dir, 200, 2, FleetFrames.listSaFrame(), FleetFrames.replay())) {
            int before = threads();

            int with20 = threadsWhileFollowing(fleet, 20) - before;
            int with200 = threadsWhileFollowing(fleet, 200) - before;

            assertThat(with200).as("threads added by a task following 200 gateways").isLessThanOrEqualTo(MAX_TASK_THREADS);
            assertThat(with200).as("threads for 200 gateways against %d for 20", with20).isLessThanOrEqualTo(with20 + 4);
        }
    }

    /** Starts a task on the first {@code n} gateways, waits until it follows them all, counts, stops it. */
    private static int threadsWhileFollowing(FleetSimulator fleet, int n) throws Exception {
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            endpoints.add("gw-" + i + "=" + fleet.uri(i));
        }
        Map<String, String> props = new HashMap<>();
        props.put(ViciSourceConfig.ENDPOINTS, String.join(",", endpoints));
        props.put(ViciSourceConfig.TOPIC_PREFIX, "fleet");
        props.put(ViciSourceConfig.VALIDATE_GATEWAYS, "false");
        ViciSourceTask task = new ViciSourceTask();
        task.initialize(new EmptyTaskContext());
        task.start(props);
        try {
            Set<String> snapshotted = new HashSet<>();
            await().atMost(WAIT).until(() -> {
                List<SourceRecord> records = task.poll();
                for (SourceRecord record : records == null ? List.<SourceRecord>of() : records) {
                    if (record.topic().equals("fleet.status") && record.value() instanceof Struct value
                            && "SNAPSHOT_COMPLETED".equals(value.getString("kind"))) {
                        snapshotted.add(value.getString("gateway"));
                    }
                }
                return snapshotted.size() == n && subscribed(fleet, n);
            });
            return threads();
        } finally {
            task.stop();
        }
    }

    private static boolean subscribed(FleetSimulator fleet, int n) {
        for (int i = 0; i < n; i++) {
            if (fleet.subscribers(i) != 1) {
                return false;
            }
        }
        return true;
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
