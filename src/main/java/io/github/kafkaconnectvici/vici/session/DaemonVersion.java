package io.github.kafkaconnectvici.vici.session;

import io.github.kafkaconnectvici.vici.codec.Message;

/** The answer to {@code version}: the daemon and the system it runs on. */
public record DaemonVersion(String daemon, String version, String sysname, String release, String machine) {

    static DaemonVersion from(Message response) {
        return new DaemonVersion(response.text("daemon").orElse(""), response.text("version").orElse(""),
                response.text("sysname").orElse(""), response.text("release").orElse(""), response.text("machine").orElse(""));
    }
}
