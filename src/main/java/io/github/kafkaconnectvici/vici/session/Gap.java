package io.github.kafkaconnectvici.vici.session;

import java.time.Instant;

/**
 * Events may be missing between the delivery before this one and the delivery after it. A consumer
 * that needs a complete picture resynchronises here (a {@code list-sas} snapshot).
 *
 * @param reason        why
 * @param droppedEvents events this client received but had to drop because the queue was full;
 *                      events charon raised while disconnected are not known and not counted
 * @param since         when events started to go missing
 * @param until         when delivery was whole again
 * @param detail        what happened, for a log line
 */
public record Gap(Reason reason, long droppedEvents, Instant since, Instant until, String detail) implements Delivery {

    public enum Reason {
        /** The consumer fell behind and the bounded queue overflowed. */
        QUEUE_OVERFLOW,
        /** The connection to charon was lost and has been re-established, every event re-registered. */
        CONNECTION_LOST
    }
}
