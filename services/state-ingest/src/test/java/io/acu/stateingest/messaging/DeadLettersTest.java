package io.acu.stateingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The batch consumers dead-letter to state-ingest's own dead-letter topic of each topic. */
class DeadLettersTest {

    @Test
    void batchConsumersDeadLetterToStateIngestsOwnTopic() {
        assertThat(DeadLetters.deadLetterTopic("acu.fsp.messages")).isEqualTo("acu.fsp.messages.state-ingest.dlq");
        assertThat(DeadLetters.deadLetterTopic("acu.client.state-messages"))
                .isEqualTo("acu.client.state-messages.state-ingest.dlq");
    }

    @Test
    void aTopicStateIngestDoesNotReadHasNoDeadLetterTopic() {
        assertThatThrownBy(() -> DeadLetters.deadLetterTopic("acu.hotfix.arrived"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state-ingest is not listed as a consumer of acu.hotfix.arrived");
    }
}
