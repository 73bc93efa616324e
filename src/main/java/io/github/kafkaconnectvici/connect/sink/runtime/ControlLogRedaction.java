package io.github.kafkaconnectvici.connect.sink.runtime;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes key material out of a control-log line before it can reach a result. Above its control
 * level charon prints chunks (keys, the PSK, decrypted payloads) as hex dumps: a header
 * {@code <label> => <n> bytes @ 0x<address>} and rows {@code <offset>: <hex bytes>  <ascii>}, all in
 * one message. A dump keeps its label and size and loses its bytes; a stray row is dropped; a line
 * that labels a secret and gives its value is cut after the label. This holds whatever level
 * {@code vici.control.log.level.max} allows, so a raised cap cannot leak a dump either.
 */
public final class ControlLogRedaction {

    public static final String REDACTED = "<redacted by the sink>";

    private static final Pattern DUMP_HEADER = Pattern.compile("=>\\s*(\\d+) bytes @ (?:0x[0-9a-fA-F]+|\\(nil\\)|[0-9a-fA-F]+).*", Pattern.DOTALL);
    private static final Pattern DUMP_ROW = Pattern.compile("^\\s*\\d+: (?:[0-9a-fA-F]{2} ?)+.*$");
    private static final Pattern LABELLED_SECRET = Pattern.compile(
            "(?i)\\b(secret|sk_[a-z]+|skeyid\\w*|shared key|private key|key|psk|ppk|pin|password|passphrase"
                    + "|key material|shared PIN for '[^']*')(\\s*(?:=>|=|:)\\s*)\\S.*");
    // %#B (colon-separated) and %+B (plain) chunks: key bytes without a dump header.
    private static final Pattern COLON_HEX = Pattern.compile("\\b[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){7,}\\b");
    private static final Pattern LONG_HEX = Pattern.compile("\\b[0-9a-fA-F]{32,}\\b");

    private ControlLogRedaction() {
    }

    static String redact(String line) {
        Matcher dump = DUMP_HEADER.matcher(line);
        if (dump.find()) {
            return line.substring(0, dump.start()) + "=> " + dump.group(1) + " bytes " + REDACTED;
        }
        StringBuilder kept = new StringBuilder();
        for (String part : line.split("\n", -1)) {
            if (DUMP_ROW.matcher(part).matches()) {
                continue;
            }
            Matcher secret = LABELLED_SECRET.matcher(part);
            String clean = secret.find() ? part.substring(0, secret.end(2)) + REDACTED : part;
            clean = LONG_HEX.matcher(COLON_HEX.matcher(clean).replaceAll(REDACTED)).replaceAll(REDACTED);
            if (kept.length() > 0) {
                kept.append('\n');
            }
            kept.append(clean);
        }
        return kept.toString();
    }
}
