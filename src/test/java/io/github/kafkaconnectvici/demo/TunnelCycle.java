package io.github.kafkaconnectvici.demo;

import io.github.kafkaconnectvici.testkit.charon.TunnelConfig;
import io.github.kafkaconnectvici.vici.codec.Message;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Drives the tunnel through the sink until interrupted: initiate, rekey the IKE_SA, rekey the
 * CHILD_SA, terminate, pause; again. Paced by time, not by the records: the printer shows what
 * charon made of each command.
 */
final class TunnelCycle {

    private static final Duration STEP = Duration.ofSeconds(6);
    private static final Duration PAUSE = Duration.ofSeconds(8);

    private final CommandProducer commands;
    private final DemoClock clock;
    private final PrintStream err;

    TunnelCycle(CommandProducer commands, DemoClock clock, PrintStream err) {
        this.commands = commands;
        this.clock = clock;
        this.err = err;
    }

    void run() throws Exception {
        for (int round = 1; !Thread.currentThread().isInterrupted(); round++) {
            send(round, "initiate", Message.builder().put("child", TunnelConfig.CHILD).put("ike", TunnelConfig.CONNECTION)
                    .put("timeout", 10_000).build());
            Thread.sleep(STEP.toMillis());
            send(round, "rekey", Message.builder().put("ike", TunnelConfig.CONNECTION).build());
            Thread.sleep(STEP.toMillis());
            send(round, "rekey", Message.builder().put("child", TunnelConfig.CHILD).build());
            Thread.sleep(STEP.toMillis());
            send(round, "terminate", Message.builder().put("ike", TunnelConfig.CONNECTION).put("timeout", 10_000).build());
            Thread.sleep(PAUSE.toMillis());
        }
    }

    private void send(int round, String command, Message arguments) throws Exception {
        commands.send("a", command, arguments);
        err.println(clock.stamp() + " # round " + round + ": sent " + command + " " + describe(arguments)
                + " for gateway a (Ctrl-C stops the demo)");
    }

    private static String describe(Message arguments) {
        StringBuilder text = new StringBuilder();
        arguments.entries().forEach((key, node) -> text.append(text.length() == 0 ? "" : " ").append(key).append('=')
                .append(node instanceof io.github.kafkaconnectvici.vici.codec.Value v ? v.text() : "..."));
        return text.toString();
    }
}
