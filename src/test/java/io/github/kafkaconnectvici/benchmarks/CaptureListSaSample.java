package io.github.kafkaconnectvici.benchmarks;

import io.github.kafkaconnectvici.testkit.charon.CharonPair;
import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Packet;
import io.github.kafkaconnectvici.vici.codec.PacketCodec;
import io.github.kafkaconnectvici.vici.session.ViciClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Regenerates {@code src/test/resources/benchmarks/list-sa-event.frame}, the frame the codec
 * benchmarks decode: one real {@code list-sa} event of charon 5.9.8 (the rig's IKE_SA "ab" with
 * its one CHILD_SA "net", as the initiator lists it), as a complete transport segment.
 *
 * <p>The client decodes strictly and keeps order, so re-encoding the event it received gives back
 * charon's bytes. Needs root and strongSwan, like the rig:
 * {@code mvn -q -B test-compile exec:java -Dexec.mainClass=io.github.kafkaconnectvici.benchmarks.CaptureListSaSample}
 */
public final class CaptureListSaSample {

    static final String RESOURCE = "/benchmarks/list-sa-event.frame";

    private CaptureListSaSample() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "src/test/resources" + RESOURCE);
        try (CharonPair pair = CharonPair.start()) {
            pair.loadDefaultConfig();
            pair.a().swanctl("--initiate", "--child", "net", "--timeout", "10");
            List<Message> sas;
            try (ViciClient vici = ViciClient.builder().uri(pair.a().viciUri().toString())
                    .commandTimeout(Duration.ofSeconds(10)).connect()) {
                sas = vici.streamAll("list-sas", Message.EMPTY, "list-sa").events();
            }
            if (sas.size() != 1) {
                throw new IllegalStateException("expected one IKE_SA, listed " + sas.size());
            }
            byte[] frame = PacketCodec.encodeFrame(Packet.event("list-sa", sas.get(0)));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, frame);
            System.out.println("wrote " + out + ": " + frame.length + " bytes, " + sas.get(0));
        }
    }
}
