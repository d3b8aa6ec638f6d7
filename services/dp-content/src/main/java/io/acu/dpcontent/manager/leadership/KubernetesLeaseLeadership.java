package io.acu.dpcontent.manager.leadership;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Leadership by a Kubernetes {@code coordination.k8s.io/v1} Lease through the fabric8 client's leader election (the
 * mechanism of client-go's {@code leaderelection}): the holder renews the Lease every {@code retryPeriod} and must have
 * renewed within {@code renewDeadline} to keep leading; others take the Lease once it is {@code leaseDuration} old.
 * A leader that dies is therefore replaced within {@code leaseDuration + retryPeriod} (defaults 15 s + 2 s, inside the
 * 30 s acu promises); one that shuts down releases the Lease and is replaced at once. The overlap after a lost
 * renewal is bounded by {@code leaseDuration - renewDeadline}. An elector ends when it loses the Lease, so this adapter
 * starts a new one to campaign again.
 *
 * <p>RBAC: get, create and update on {@code leases} in the namespace (deploy/k8s grants them).
 */
public final class KubernetesLeaseLeadership implements Leadership {

    private static final Logger LOG = Logger.getLogger(KubernetesLeaseLeadership.class);

    /** Lease timings: how long a Lease is valid, the leader's renewal deadline, and the retry period of everyone. */
    public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        /** client-go's defaults: 15 s, 10 s, 2 s. */
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String leaseName;
    private final String identity;
    private final Timing timing;
    private final CampaignThread callbacks;
    private Listener listener;
    private volatile CompletableFuture<?> elector;
    private volatile boolean leading;
    private volatile boolean closed;

    /**
     * @param client the Kubernetes client
     * @param namespace where the Lease lives, e.g. {@code acu}
     * @param leaseName the Lease's name, e.g. {@code dp-content-distribution-manager}
     * @param identity this instance's name, the Lease's {@code holderIdentity} while it leads (the pod name)
     * @param timing the Lease timings
     */
    public KubernetesLeaseLeadership(KubernetesClient client, String namespace, String leaseName, String identity, Timing timing) {
        this.client = client;
        this.namespace = namespace;
        this.leaseName = leaseName;
        this.identity = identity;
        this.timing = timing;
        this.callbacks = new CampaignThread("lease-" + identity, identity);
    }

    @Override
    public synchronized void start(Listener listener) {
        if (this.listener != null) {
            throw new IllegalStateException("already campaigning");
        }
        this.listener = listener;
        campaign();
    }

    private synchronized void campaign() {
        if (closed) {
            return;
        }
        LeaderElector next = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(leaseName)
                .withLock(new LeaseLock(namespace, leaseName, identity))
                .withLeaseDuration(timing.leaseDuration())
                .withRenewDeadline(timing.renewDeadline())
                .withRetryPeriod(timing.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> callbacks.executor().execute(this::started),
                        () -> callbacks.executor().execute(this::stopped),
                        holder -> LOG.infof("Lease %s/%s is held by %s", namespace, leaseName, holder)))
                .build()).build();
        elector = next.start();
        elector.whenComplete((ignored, failure) -> {
            if (!closed) {
                LOG.infof("%s: election for Lease %s/%s ended (%s); campaigning again", identity, namespace, leaseName,
                        failure == null ? "lost the Lease" : failure.toString());
                callbacks.executor().schedule(this::campaign, timing.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void started() {
        if (!leading && !closed) {
            leading = true;
            LOG.infof("%s leads (Lease %s/%s)", identity, namespace, leaseName);
            listener.startedLeading();
        }
    }

    private void stopped() {
        if (leading) {
            leading = false;
            LOG.infof("%s no longer leads (Lease %s/%s)", identity, namespace, leaseName);
            listener.stoppedLeading();
        }
    }

    @Override
    public boolean leading() {
        return leading;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public void close() {
        closed = true;
        CompletableFuture<?> running = elector;
        if (running != null) {
            running.cancel(true); // releases the Lease (releaseOnCancel) so another instance takes over at once
        }
        callbacks.finish(this::stopped);
    }
}
