package io.acu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which instances a stack of replicas runs (starting them is the cross-service tests' part). */
class AcuStackTest {

    @Test
    void oneReplicaIsTheStackAsItWas() {
        assertThat(AcuStack.replicaInstances(1)).isEqualTo(AcuStack.INSTANCES);
    }

    @Test
    void twoReplicasAddASecondInstanceOfEachReplicatedServiceRightAfterItsFirst() {
        assertThat(AcuStack.replicaInstances(2)).extracting(AcuStack.Instance::name).containsExactly("manifest-builder", "manifest-builder-2",
                "dp-content", "dp-content-2", "dp-content-dp02", "state-ingest", "state-ingest-2", "fsp", "fsp-2", "rollout");
        AcuStack.Instance manager = AcuStack.replicaInstances(2).get(3);
        assertThat(manager).isEqualTo(new AcuStack.Instance("dp-content-2", "dp-content", "dp-content"));
        assertThat(manager.addedReplica()).isTrue();
        assertThat(AcuStack.replicaInstances(2).get(4).addedReplica()).as("dp02 is a DP of its own, not a replica").isFalse();
    }

    @Test
    void threeReplicasNumberTheAddedOnes() {
        assertThat(AcuStack.replicaInstances(3)).extracting(AcuStack.Instance::name).contains("fsp", "fsp-2", "fsp-3")
                .hasSize(AcuStack.INSTANCES.size() + 2 * AcuStack.REPLICATED.size());
    }

    @Test
    void noReplicaIsRefused() {
        assertThatThrownBy(() -> AcuStack.replicaInstances(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replicas must be at least 1, was 0");
    }
}
