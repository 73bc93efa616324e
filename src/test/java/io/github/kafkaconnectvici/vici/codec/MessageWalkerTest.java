package io.github.kafkaconnectvici.vici.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageWalkerTest {

    private final Message message = Message.builder()
            .put("a", "1")
            .section("s", b -> b.put("b", "2").list("l", "x", "y").section("e", Message.EMPTY))
            .list("none")
            .section("hidden", b -> b.put("c", "3"))
            .build();

    @Test
    void walksInOrderJoiningSectionsWithTheSeparatorAndNumberingListItems() {
        List<String> seen = new ArrayList<>();
        MessageWalker.walk(message, "p:", "/", new MessageWalker.Visitor() {
            @Override
            public void value(String path, String key, Value value) {
                seen.add(path + "(" + key + ")=" + value.text());
            }

            @Override
            public void emptyList(String path) {
                seen.add(path + "[]");
            }

            @Override
            public void emptySection(String path) {
                seen.add(path + "{}");
            }
        });
        assertThat(seen).containsExactly("p:a(a)=1", "p:s/b(b)=2", "p:s/l[0](l)=x", "p:s/l[1](l)=y", "p:s/e{}",
                "p:none[]", "p:hidden/c(c)=3");
    }

    @Test
    void aSectionTheVisitorDeclinesIsReportedWholeAndNotWalked() {
        List<String> seen = new ArrayList<>();
        MessageWalker.walk(message, "", ".", new MessageWalker.Visitor() {
            @Override
            public void value(String path, String key, Value value) {
                seen.add(path);
            }

            @Override
            public boolean descend(String path, String key) {
                return !key.equals("hidden");
            }

            @Override
            public void notDescended(String path, Message section) {
                seen.add(path + " skipped " + section.entries().keySet());
            }
        });
        assertThat(seen).containsExactly("a", "s.b", "s.l[0]", "s.l[1]", "hidden skipped [c]");
    }
}
