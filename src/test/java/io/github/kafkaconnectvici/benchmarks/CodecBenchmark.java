package io.github.kafkaconnectvici.benchmarks;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Packet;
import io.github.kafkaconnectvici.vici.codec.PacketCodec;
import io.github.kafkaconnectvici.vici.codec.PacketType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One packet at a time: decoding a real {@code list-sa} event (what the client does for every SA of
 * a {@code list-sas} snapshot and every event of a subscription) and encoding a {@code load-conn}
 * request. Time per operation; with {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes allocated
 * per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

    private byte[] listSaBody;
    private Message loadConn;

    @Setup
    public void setUp() {
        listSaBody = Samples.listSaBody();
        Packet sample = PacketCodec.decode(listSaBody);
        if (sample.type() != PacketType.EVENT || !"list-sa".equals(sample.name())
                || sample.message().section("ab").flatMap(sa -> sa.section("child-sas")).orElseThrow().size() != 1) {
            throw new IllegalStateException("the sample is not a list-sa event with one IKE_SA and one CHILD_SA: " + sample);
        }
        loadConn = Samples.loadConn();
    }

    /** Body to tree: the 799-byte packet behind one IKE_SA with one CHILD_SA. */
    @Benchmark
    public Packet decodeListSaEvent() {
        return PacketCodec.decode(listSaBody);
    }

    /** As the session's readers decode a segment they just read: its values are slices of it, not copies. */
    @Benchmark
    public Packet decodeOwnedListSaEvent() {
        return PacketCodec.decodeOwned(listSaBody);
    }

    /** Decoding plus what a consumer typically reads of it: ids, state and a child's counters as text. */
    @Benchmark
    public long decodeListSaEventAndReadFields() {
        Message event = PacketCodec.decode(listSaBody).message();
        long sum = 0;
        for (String name : event.keys()) {
            Message sa = event.section(name).orElseThrow();
            sum += sa.number("uniqueid").orElse(0) + sa.text("state").orElse("").length()
                    + sa.text("remote-id").orElse("").length();
            Message children = sa.section("child-sas").orElse(Message.EMPTY);
            for (String child : children.keys()) {
                Message c = children.section(child).orElseThrow();
                sum += c.number("bytes-in").orElse(0) + c.number("bytes-out").orElse(0)
                        + c.text("spi-in").orElse("").length();
            }
        }
        return sum;
    }

    /** An already built {@code load-conn} request to its frame (header, type, name, message). */
    @Benchmark
    public byte[] encodeLoadConn() {
        return PacketCodec.encodeFrame(Packet.request("load-conn", loadConn));
    }

    /** What one {@code CharonCommands.loadConn} costs before the socket: building the tree, then encoding it. */
    @Benchmark
    public byte[] buildAndEncodeLoadConn() {
        return PacketCodec.encodeFrame(Packet.request("load-conn", Samples.loadConn()));
    }
}
