package io.acu.dpcontent.manager.leadership;

import static io.acu.dpcontent.manager.leadership.LeadershipEvents.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * Two replicas campaign for a {@code coordination.k8s.io} Lease (fabric8 mock API server, CRUD mode): a Lease left by a
 * dead holder is taken once it expires, the follower waits, and a leader that closes releases the Lease so the other
 * takes over at once. Timings are shortened (lease 1 s, renew 0.8 s, retry 0.1 s).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesLeaseLeadershipTest {

    private static final String NAMESPACE = "acu";
    private static final String LEASE = "dp-content-distribution-manager";
    private static final KubernetesLeaseLeadership.Timing FAST =
            new KubernetesLeaseLeadership.Timing(Duration.ofSeconds(1), Duration.ofMillis(800), Duration.ofMillis(100));

    static KubernetesClient client;

    @Test
    void aDeadHoldersLeaseIsTakenTheFollowerWaitsAndAClosedLeaderHandsOver() throws Exception {
        // dp-content-9 died holding the Lease (renewed 1 s ago, valid 1 s): nobody may lead until it expires.
        client.leases().inNamespace(NAMESPACE).resource(new LeaseBuilder().withNewMetadata().withName(LEASE).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withHolderIdentity("dp-content-9").withLeaseDurationSeconds(1).withLeaseTransitions(0)
                .withAcquireTime(ZonedDateTime.now().minusSeconds(60)).withRenewTime(ZonedDateTime.now()).endSpec().build()).create();
        LeadershipEvents a = new LeadershipEvents();
        LeadershipEvents b = new LeadershipEvents();
        try (KubernetesLeaseLeadership first = new KubernetesLeaseLeadership(client, NAMESPACE, LEASE, "dp-content-0", FAST);
                KubernetesLeaseLeadership second = new KubernetesLeaseLeadership(client, NAMESPACE, LEASE, "dp-content-1", FAST)) {
            long start = System.nanoTime();
            first.start(a);
            await(first::leading, Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(holder()).isEqualTo("dp-content-0");

            second.start(b);
            Thread.sleep(2_000); // two lease durations: the leader keeps renewing, the follower keeps waiting
            assertThat(second.leading()).isFalse();
            assertThat(holder()).isEqualTo("dp-content-0");

            first.close();
            assertThat(a.changes).containsExactly("started", "stopped");
            await(() -> b.changes.size() == 1, Duration.ofSeconds(10));
            assertThat(second.leading()).isTrue();
            assertThat(holder()).isEqualTo("dp-content-1");
            assertThat(b.changes).containsExactly("started");
        }
    }

    private static String holder() {
        Lease lease = client.leases().inNamespace(NAMESPACE).withName(LEASE).get();
        return lease.getSpec().getHolderIdentity();
    }
}
