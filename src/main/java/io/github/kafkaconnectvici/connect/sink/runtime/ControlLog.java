package io.github.kafkaconnectvici.connect.sink.runtime;

import io.github.kafkaconnectvici.connect.sink.records.SinkSettingNames;
import io.github.kafkaconnectvici.vici.codec.Message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The control-log of one command as its result carries it: each line redacted, at most
 * {@code maxLines} lines and {@code maxBytes} bytes of UTF-8, and a last line saying what was cut.
 * Touched by one gateway thread only.
 */
final class ControlLog {

    private final int maxLines;
    private final long maxBytes;
    private final List<String> lines = new ArrayList<>();
    private long bytes;
    private long cutLines;
    private long cutBytes;

    ControlLog(int maxLines, long maxBytes) {
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
    }

    void add(Message event) {
        add(ControlLogLine.format(event));
    }

    void add(String raw) {
        String line = ControlLogRedaction.redact(raw);
        long size = line.getBytes(StandardCharsets.UTF_8).length;
        if (lines.size() >= maxLines || bytes + size > maxBytes || cutLines > 0) {
            cutLines++;
            cutBytes += size;
            return;
        }
        lines.add(line);
        bytes += size;
    }

    List<String> lines() {
        if (cutLines == 0) {
            return List.copyOf(lines);
        }
        List<String> all = new ArrayList<>(lines);
        all.add("[vici-sink] control-log cut: " + cutLines + " more line(s), " + cutBytes + " bytes not kept (limits "
                + maxLines + " lines, " + maxBytes + " bytes: " + SinkSettingNames.CONTROL_LOG_MAX_LINES + ", "
                + SinkSettingNames.CONTROL_LOG_MAX_BYTES + ")");
        return all;
    }
}
