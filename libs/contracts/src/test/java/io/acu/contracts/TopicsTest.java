package io.acu.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void eachConsumerOfATopicDeadLettersToItsOwnTopic() {
        assertThat(Topics.MANIFEST_UPDATED_BY_DP_CONTENT.deadLetterTopic()).isEqualTo("acu.manifest.updated.dp-content.dlq");
        assertThat(Topics.SUBSCRIPTIONS).extracting(Topics.Subscription::deadLetterTopic).containsExactly(
                "acu.hotfix.arrived.manifest-builder.dlq",
                "acu.manifest.updated.dp-content.dlq", "acu.manifest.updated.state-ingest.dlq",
                "acu.manifest.updated.rollout.dlq",
                "acu.content.distribution.state-ingest.dlq", "acu.content.distribution.rollout.dlq",
                "acu.fsp.messages.state-ingest.dlq", "acu.fsp.messages.rollout.dlq",
                "acu.client.state-messages.state-ingest.dlq", "acu.client.state-messages.rollout.dlq",
                "acu.rollout.changed.state-ingest.dlq");
        assertThat(Topics.DEAD_LETTER_TOPICS).containsExactlyElementsOf(
                Topics.SUBSCRIPTIONS.stream().map(Topics.Subscription::deadLetterTopic).toList());
    }

    @Test
    void subscriptionsNameTheServicesConsumerGroupsOnEventTopics() {
        assertThat(Topics.SUBSCRIPTIONS).doesNotHaveDuplicates()
                .allSatisfy(s -> assertThat(Topics.EVENT_TOPICS).contains(s.topic()));
        assertThat(Topics.SUBSCRIPTIONS).extracting(Topics.Subscription::consumer).containsOnly(
                "manifest-builder", "dp-content", "state-ingest", "rollout");
        assertThat(Topics.SUBSCRIPTIONS).filteredOn(s -> s.topic().equals(Topics.MANIFEST_UPDATED))
                .extracting(Topics.Subscription::consumer).containsExactly("dp-content", "state-ingest", "rollout");
        assertThat(Topics.SUBSCRIPTIONS).extracting(Topics.Subscription::topic).containsAll(Topics.EVENT_TOPICS);
    }

    @Test
    void subscriptionLooksUpAListedConsumerAndRefusesOthers() {
        assertThat(Topics.subscription("acu.fsp.messages", "state-ingest")).isEqualTo(Topics.FSP_MESSAGES_BY_STATE_INGEST);
        assertThat(Topics.subscription("acu.fsp.messages", "rollout").deadLetterTopic())
                .isEqualTo("acu.fsp.messages.rollout.dlq");
        assertThatThrownBy(() -> Topics.subscription("acu.fsp.messages", "dp-content"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dp-content is not listed as a consumer of acu.fsp.messages (Topics.SUBSCRIPTIONS), so it has no dead-letter topic");
        assertThatThrownBy(() -> new Topics.Subscription("acu.fsp.messages", " ")).hasMessage("consumer must not be blank");
        assertThatThrownBy(() -> new Topics.Subscription(null, "rollout")).hasMessage("topic is required");
    }

    @Test
    void allListsEveryTopicOnce() {
        assertThat(Topics.ALL).hasSize(6 + 11).doesNotHaveDuplicates()
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
