package io.acu.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void deadLetterTopicsAppendDlqToTheirSourceTopic() {
        assertThat(Topics.FSP_MESSAGES_DLQ).isEqualTo("acu.fsp.messages.dlq");
        assertThat(Topics.DEAD_LETTER_TOPICS).containsExactly(
                "acu.hotfix.arrived.dlq", "acu.manifest.updated.dlq", "acu.content.distribution.dlq",
                "acu.fsp.messages.dlq", "acu.client.state-messages.dlq", "acu.rollout.changed.dlq");
        assertThat(Topics.DEAD_LETTER_TOPICS).containsExactly(Topics.HOTFIX_ARRIVED_DLQ, Topics.MANIFEST_UPDATED_DLQ,
                Topics.CONTENT_DISTRIBUTION_DLQ, Topics.FSP_MESSAGES_DLQ, Topics.CLIENT_STATE_MESSAGES_DLQ,
                Topics.ROLLOUT_CHANGED_DLQ);
    }

    @Test
    void allListsEveryTopicOnce() {
        assertThat(Topics.ALL).hasSize(12).doesNotHaveDuplicates()
                .containsAll(Topics.EVENT_TOPICS).containsAll(Topics.DEAD_LETTER_TOPICS);
    }

    @Test
    void everyEventTypeHasItsOwnTopic() {
        assertThat(Arrays.stream(EventType.values()).map(EventType::topic))
                .containsExactlyElementsOf(Topics.EVENT_TOPICS);
    }

    @Test
    void distributionKeyIsPackageSlashDistributionPoint() {
        assertThat(Topics.distributionKey("CAS00006", "dp01")).isEqualTo("CAS00006/dp01");
        assertThat(Samples.distributionInstalled().recordKey()).isEqualTo("CAS00006/dp01");
        assertThatThrownBy(() -> Topics.distributionKey("CAS00006", " ")).hasMessageContaining("distributionPoint");
    }

    @Test
    void recordKeysFollowTheDesign() {
        assertThat(Samples.hotfixArrived().recordKey()).isEqualTo("SCEP");
        assertThat(Samples.manifestUpdated().recordKey()).isEqualTo("CAS00006");
        assertThat(Samples.fspMessage().recordKey()).isEqualTo(Samples.CLIENT_ID);
        assertThat(Samples.epManaged().recordKey()).isEqualTo(Samples.CLIENT_ID);
        assertThat(Samples.rolloutHalted().recordKey()).isEqualTo("CAS00006");
    }
}
