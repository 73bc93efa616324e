package io.github.kafkaconnectvici.benchmarks;

import io.github.kafkaconnectvici.vici.codec.FrameReader;
import io.github.kafkaconnectvici.vici.codec.PacketCodec;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The client's receive path over a {@code list-sas} snapshot: {@link FrameReader} splitting a stream
 * of {@value #FRAMES} {@code list-sa} frames read from an in-memory channel, and {@link PacketCodec}
 * decoding each. The score is events per second ({@code @OperationsPerInvocation}); the secondary
 * result {@code megabytes} is MB/s (10^6 bytes) of the stream, length headers included. With
 * {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes allocated per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameStreamBenchmark {

    static final int FRAMES = 10_000;

    private byte[] stream;

    /** Rates beside the score: events/s and MB/s. JMH does not reset them, hence the per-iteration setup. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rates {
        public long events;
        public double megabytes;

        @Setup(Level.Iteration)
        public void reset() {
            events = 0;
            megabytes = 0;
        }
    }

    @Setup
    public void setUp() {
        byte[] frame = Samples.listSaFrame();
        stream = new byte[frame.length * FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            System.arraycopy(frame, 0, stream, i * frame.length, frame.length);
        }
    }

    /** Frames split and decoded into message trees: what a {@code list-sas} consumer gets. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int readAndDecode(Rates rates, Blackhole bh) throws IOException {
        FrameReader reader = new FrameReader(new Samples.ArrayChannel(stream));
        int n = 0;
        byte[] body;
        while ((body = reader.next()) != null) {
            bh.consume(PacketCodec.decode(body));
            n++;
        }
        count(rates, n);
        return n;
    }

    /** Framing alone, for comparison: the cost {@link #readAndDecode} adds is decoding. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int readFramesOnly(Rates rates, Blackhole bh) throws IOException {
        FrameReader reader = new FrameReader(new Samples.ArrayChannel(stream));
        int n = 0;
        byte[] body;
        while ((body = reader.next()) != null) {
            bh.consume(body);
            n++;
        }
        count(rates, n);
        return n;
    }

    private void count(Rates rates, int n) {
        if (n != FRAMES) {
            throw new IllegalStateException("read " + n + " of " + FRAMES + " frames");
        }
        rates.events += n;
        rates.megabytes += stream.length / 1e6;
    }
}
