package io.github.kafkaconnectvici.testrig;

import io.github.kafkaconnectvici.vici.codec.Message;
import io.github.kafkaconnectvici.vici.codec.Value;
import io.github.kafkaconnectvici.vici.codec.ValueList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads the messages {@code swanctl ... --pretty} prints (libvici's {@code vici_dump}: one element per
 * line, {@code label {}, {@code name = value}, {@code name = [}, items, {@code ]}, {@code }}) back
 * into trees, so that what charon told swanctl can be compared with what it told this client.
 */
public final class SwanctlPretty {

    /** One top-level message of the output: its label (e.g. "list-sa event") and its tree. */
    public record Dump(String label, Message message) {
    }

    private SwanctlPretty() {
    }

    public static List<Dump> parse(String output) {
        List<Dump> dumps = new ArrayList<>();
        Deque<Message.Builder> sections = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        String label = null;
        String listName = null;
        List<Value> listItems = null;
        for (String raw : output.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (listItems != null) {
                if (line.equals("]")) {
                    sections.peek().put(listName, new ValueList(listItems));
                    listItems = null;
                } else {
                    listItems.add(Value.of(line));
                }
            } else if (line.endsWith(" {")) {
                String name = line.substring(0, line.length() - 2);
                if (sections.isEmpty()) {
                    label = name;
                }
                names.push(name);
                sections.push(Message.builder());
            } else if (line.equals("}")) {
                Message done = sections.pop().build();
                String name = names.pop();
                if (sections.isEmpty()) {
                    dumps.add(new Dump(label, done));
                } else {
                    sections.peek().section(name, done);
                }
            } else if (line.endsWith(" = [")) {
                listName = line.substring(0, line.length() - 4);
                listItems = new ArrayList<>();
            } else {
                int eq = line.indexOf(" = ");
                if (eq < 0) {
                    throw new IllegalArgumentException("not a line of swanctl --pretty output: " + line);
                }
                sections.peek().put(line.substring(0, eq), line.substring(eq + 3));
            }
        }
        return dumps;
    }
}
