package io.github.kafkaconnectvici.vici.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.PacketType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command connection pool: stale connections, concurrent callers, closing under a caller. */
class ConnectionPoolTest {

    @TempDir
    Path dir;

    @Test
    void idleConnectionClosedByCharonIsReplacedWithoutAnError() throws Exception {
        // Connection 1 answers one command, then hangs up (a charon restart); later ones behave.
        FakeCharon.Script script = conn -> {
            if (conn.index() == 1) {
                conn.expect(PacketType.CMD_REQUEST);
                conn.write(FakeCharon.response("conn", "1"));
                conn.close();
            } else {
                conn.serve(p -> FakeCharon.response("conn", "" + conn.index()));
            }
        };
        try (FakeCharon fake = FakeCharon.start(dir, script);
                ViciClient client = ViciClient.builder().uri(fake.uri()).connect()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertThat(client.call("version").text("conn")).hasValue("1");
                FakeCharon.eventually().until(() -> !fake.connection(1).isOpen());

                assertThat(client.call("version").text("conn")).hasValue("2");
                assertThat(fake.connectionCount()).isEqualTo(2);
            });
        }
    }

    @Test
    void concurrentCallersEachGetTheirOwnResponseOnAtMostMaxConnections() throws Exception {
        int threads = 8;
        int callsPerThread = 50;
        FakeCharon.Script echo = conn -> conn.serve(p -> FakeCharon.response("id", p.message().text("id").orElseThrow()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (FakeCharon fake = FakeCharon.start(dir, echo);
                ViciClient client = ViciClient.builder().uri(fake.uri()).maxConnections(3).connect()) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<String>>> mismatches = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    mismatches.add(pool.submit(() -> {
                        start.await();
                        List<String> wrong = new ArrayList<>();
                        for (int i = 0; i < callsPerThread; i++) {
                            String id = thread + "-" + i;
                            String answered = client.call("echo", FakeCharon.message("id", id)).text("id").orElseThrow();
                            if (!id.equals(answered)) {
                                wrong.add(id + " answered as " + answered);
                            }
                        }
                        return wrong;
                    }));
                }
                start.countDown();
                for (Future<List<String>> f : mismatches) {
                    assertThat(f.get()).isEmpty();
                }
                assertThat(fake.received()).hasSize(threads * callsPerThread);
                assertThat(fake.maxOpenConnections()).isBetween(1, 3);
                assertThat(fake.connectionCount()).isBetween(1, 3);
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closingTheClientPromptlyFailsACommandWaitingForCharon() throws Exception {
        FakeCharon.Script silent = conn -> conn.awaitClientClose();
        try (FakeCharon fake = FakeCharon.start(dir, silent)) {
            ViciClient client = ViciClient.builder().uri(fake.uri()).commandTimeout(Duration.ofSeconds(60)).connect();
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                CompletableFuture<Message> running = CompletableFuture.supplyAsync(() -> client.call("initiate"));
                FakeCharon.eventually().until(() -> fake.received().size() == 1);

                long start = System.nanoTime();
                client.close();
                ExecutionException failed = catchThrowableOfType(ExecutionException.class,
                        () -> running.get(5, TimeUnit.SECONDS));
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

                assertThat(failed).isNotNull();
                assertThat(failed.getCause()).isInstanceOf(ViciConnectionException.class)
                        .isNotInstanceOf(ViciTimeoutException.class)
                        .hasMessageContaining("was closed")
                        .hasMessageContaining("'initiate'");
                assertThat(tookMillis).isLessThan(2000);
                FakeCharon.eventually().until(() -> fake.connection(1).clientClosed());
                assertThat(catchThrowable(() -> client.call("version")))
                        .isInstanceOf(ViciConnectionException.class).hasMessageContaining("closed");
            });
        }
    }
}
