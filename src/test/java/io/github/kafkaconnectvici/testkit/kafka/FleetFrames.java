package io.github.kafkaconnectvici.testkit.kafka;

import io.github.kafkaconnectvici.connect.source.records.SampleEvents;
import io.github.kafkaconnectvici.vici.codec.Packet;
import io.github.kafkaconnectvici.vici.codec.PacketCodec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The captured charon 5.9.8 material the {@link FleetSimulator} serves, from the test resources. */
public final class FleetFrames {

    /** A list-sa event as charon 5.9.8 sent it (see benchmarks/CaptureListSaSample). */
    static final String LIST_SA_FRAME = "/benchmarks/list-sa-event.frame";

    private FleetFrames() {
    }

    public static byte[] listSaFrame() {
        try (InputStream in = FleetFrames.class.getResourceAsStream(LIST_SA_FRAME)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + LIST_SA_FRAME + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every captured event as a whole frame, by event name, in the capture's order. */
    public static Map<String, List<byte[]>> replay() {
        Map<String, List<byte[]>> frames = new LinkedHashMap<>();
        for (SampleEvents.Sample sample : SampleEvents.all()) {
            frames.computeIfAbsent(sample.event(), e -> new ArrayList<>())
                    .add(PacketCodec.encodeFrame(Packet.event(sample.event(), sample.message())));
        }
        return frames;
    }
}
