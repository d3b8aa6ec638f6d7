package io.acu.launcher.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class GroupLagTest {

    private static final TopicPartition FSP_0 = new TopicPartition("acu.fsp.messages", 0);
    private static final TopicPartition FSP_1 = new TopicPartition("acu.fsp.messages", 1);
    private static final TopicPartition STATE_0 = new TopicPartition("acu.client.state-messages", 0);

    @Test
    void lagIsWhatTheGroupHasNotCommittedSummedOverPartitionsAndTopics() {
        Map<TopicPartition, Long> ends = Map.of(FSP_0, 1_000L, FSP_1, 800L, STATE_0, 500L);
        Map<TopicPartition, Long> starts = Map.of(FSP_0, 0L, FSP_1, 0L, STATE_0, 100L);
        // FSP partition 1 fully committed; nothing committed on the state topic yet: counted from its earliest offset.
        assertThat(GroupLag.lag(ends, starts, Map.of(FSP_0, 700L, FSP_1, 800L))).isEqualTo(300 + 0 + 400);
    }

    @Test
    void aCommitAheadOfTheEndOffsetReadIsNoNegativeLag() {
        // The end offsets were read before the committed ones: a group may look ahead of the end.
        assertThat(GroupLag.lag(Map.of(FSP_0, 10L), Map.of(FSP_0, 0L), Map.of(FSP_0, 12L))).isZero();
    }
}
