package io.github.kafkaconnectvici.vici.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;

/** Asserts that a call fails with one specific {@link Malformation}, then lets the test check the message. */
final class ViciAssertions {

    private ViciAssertions() {
    }

    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertMalformed(Malformation expected, Call call) {
        return assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(ViciProtocolException.class,
                        e -> assertThat(e.malformation()).as("malformation of: %s", e.getMessage()).isEqualTo(expected));
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertMessageMalformed(Malformation expected, byte[] message) {
        return assertMalformed(expected, () -> MessageDecoder.decode(message));
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertPacketMalformed(Malformation expected, byte[] body) {
        return assertMalformed(expected, () -> PacketCodec.decode(body));
    }
}
