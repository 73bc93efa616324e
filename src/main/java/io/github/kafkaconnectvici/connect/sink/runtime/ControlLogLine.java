package io.github.kafkaconnectvici.connect.sink.runtime;

import io.github.kafkaconnectvici.vici.codec.Message;

/** A control-log event as swanctl prints it: {@code [IKE] initiating IKE_SA ab[1] to 10.99.0.2}. */
final class ControlLogLine {

    private ControlLogLine() {
    }

    static String format(Message event) {
        String group = event.text("group").orElse("");
        String msg = event.text("msg").orElse("");
        return group.isEmpty() ? msg : "[" + group + "] " + msg;
    }
}
