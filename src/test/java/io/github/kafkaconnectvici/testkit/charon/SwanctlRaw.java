package io.github.kafkaconnectvici.testkit.charon;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Value;
import io.github.kafkaconnectvici.vici.codec.ValueList;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the messages {@code swanctl ... --raw} prints back into trees, so that what charon told
 * swanctl (the reference C client) can be compared with what it told this client. libvici's
 * {@code vici_dump} prints one message per line: {@code label {name=value list=[a b] section {...}}}.
 * Values with spaces or braces would be ambiguous in this format; the rig's values have none.
 */
public final class SwanctlRaw {

    /** One message of the output: its label (e.g. "list-sa event") and its tree. */
    public record Dump(String label, Message message) {
    }

    private final String line;
    private int pos;

    private SwanctlRaw(String line) {
        this.line = line;
    }

    public static List<Dump> parse(String output) {
        List<Dump> dumps = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                int open = line.indexOf(" {");
                if (open < 0) {
                    throw new IllegalArgumentException("not a line of swanctl --raw output: " + line);
                }
                SwanctlRaw parser = new SwanctlRaw(line);
                parser.pos = open + 2;
                Message message = parser.section();
                if (parser.pos != line.length()) {
                    throw new IllegalArgumentException("trailing text after position " + parser.pos + ": " + line);
                }
                dumps.add(new Dump(line.substring(0, open), message));
            }
        }
        return dumps;
    }

    /** The content of a section whose opening brace was consumed, up to and including its closing one. */
    private Message section() {
        Message.Builder builder = Message.builder();
        while (true) {
            skipSpaces();
            if (peek() == '}') {
                pos++;
                return builder.build();
            }
            String name = token("= {");
            if (peek() == '=') {
                pos++;
                if (peek() == '[') {
                    pos++;
                    builder.put(name, list());
                } else {
                    builder.put(name, token(" }"));
                }
            } else {
                skipSpaces();
                expect('{');
                builder.section(name, section());
            }
        }
    }

    private ValueList list() {
        List<Value> items = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (peek() == ']') {
                pos++;
                return new ValueList(items);
            }
            items.add(Value.of(token(" ]")));
        }
    }

    private String token(String terminators) {
        int start = pos;
        while (pos < line.length() && terminators.indexOf(line.charAt(pos)) < 0) {
            pos++;
        }
        return line.substring(start, pos);
    }

    private void skipSpaces() {
        while (pos < line.length() && line.charAt(pos) == ' ') {
            pos++;
        }
    }

    private char peek() {
        if (pos >= line.length()) {
            throw new IllegalArgumentException("line ends inside a message: " + line);
        }
        return line.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected '" + c + "' at position " + pos + ": " + line);
        }
        pos++;
    }
}
