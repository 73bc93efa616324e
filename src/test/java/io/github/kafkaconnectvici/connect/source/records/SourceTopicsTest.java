package io.github.kafkaconnectvici.connect.source.records;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Topic names, made once per event name. */
class SourceTopicsTest {

    @Test
    void eachEventHasItsPrefixedTopicAndTheSameStringEveryTime() {
        SourceTopics topics = new SourceTopics("vici");

        assertThat(topics.forEvent("ike-updown")).isEqualTo("vici.ike-updown").isSameAs(topics.forEvent("ike-updown"));
        assertThat(topics.snapshots()).isEqualTo("vici.list-sas");
        assertThat(topics.status()).isEqualTo("vici.status");
        assertThat(topics.saState()).isEqualTo("vici.sa-state");
        assertThat(topics.sessions()).isEqualTo("vici.sessions");
        assertThat(new SourceTopics("other").forEvent("ike-updown")).isEqualTo("other.ike-updown");
    }

    @Test
    void namesBeyondTheCachedOnesAreStillRight() {
        SourceTopics topics = new SourceTopics("p");
        for (int i = 0; i < 200; i++) {
            assertThat(topics.forEvent("event-" + i)).isEqualTo("p.event-" + i);
        }
        assertThat(topics.forEvent("event-199")).isEqualTo("p.event-199");
        assertThat(topics.forEvent("event-0")).isSameAs(topics.forEvent("event-0"));
    }
}
