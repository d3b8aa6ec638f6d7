package io.acu.contracts.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {

    private static final TopicPartition FSP_0 = new TopicPartition("acu.fsp.messages", 0);
    private static final TopicPartition FSP_1 = new TopicPartition("acu.fsp.messages", 1);
    private static final TopicPartition CLIENT_0 = new TopicPartition("acu.client.state-messages", 0);

    @Test
    void lagIsWhatTheGroupHasNotCommittedSummedPerTopic() {
        Map<String, Long> lag = ConsumerLag.byTopic(Map.of(FSP_0, 1200L, FSP_1, 800L, CLIENT_0, 50L),
                Map.of(FSP_0, 0L, FSP_1, 0L, CLIENT_0, 0L), Map.of(FSP_0, 1000L, FSP_1, 800L, CLIENT_0, 50L));
        assertThat(lag).containsExactlyInAnyOrderEntriesOf(Map.of("acu.fsp.messages", 200L, "acu.client.state-messages", 0L));
    }

    @Test
    void aPartitionWithoutACommitLagsFromItsEarliestRecord() {
        Map<String, Long> lag = ConsumerLag.byTopic(Map.of(FSP_0, 1_000L, CLIENT_0, 500L), Map.of(FSP_0, 0L, CLIENT_0, 100L),
                Map.of(FSP_0, 700L));
        assertThat(lag).containsExactlyInAnyOrderEntriesOf(Map.of("acu.fsp.messages", 300L, "acu.client.state-messages", 400L));
    }

    @Test
    void aCommitAheadOfTheEndOffsetReadIsNoNegativeLag() {
        assertThat(ConsumerLag.byTopic(Map.of(FSP_0, 10L), Map.of(FSP_0, 0L), Map.of(FSP_0, 12L))).containsEntry("acu.fsp.messages", 0L);
    }
}
