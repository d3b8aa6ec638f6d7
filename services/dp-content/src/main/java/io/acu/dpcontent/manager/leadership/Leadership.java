package io.acu.dpcontent.manager.leadership;

/**
 * Who may act as the site's one distribution manager (ConfigMgr has one distribution manager per site server; acu runs
 * dp-content as several pods). An adapter campaigns for leadership and tells its {@link Listener} when this instance
 * starts and stops leading; the manager runs its distribution loop only in between. Adapters: a Kubernetes
 * {@code coordination.k8s.io} Lease ({@link KubernetesLeaseLeadership}) and, without Kubernetes, a PostgreSQL session
 * advisory lock ({@link DatabaseLeadership}).
 *
 * <p>The promise: at most one instance is told it leads at any time, except for the short overlap an adapter documents
 * (a leader that loses its lock learns of it at its next check); a new leader is found within 30 s of the old one's
 * death.
 */
public interface Leadership extends AutoCloseable {

    /** What happens when this instance starts or stops leading; called from the adapter's own thread, one at a time. */
    interface Listener {
        /** This instance now leads: start acting. */
        void startedLeading();

        /** This instance no longer leads (lost its lock, or {@link #close()}): stop acting at once. */
        void stoppedLeading();
    }

    /**
     * Starts campaigning; returns at once.
     *
     * @param listener told of each change, from the adapter's thread
     * @throws IllegalStateException when already started
     */
    void start(Listener listener);

    /** @return whether this instance leads now */
    boolean leading();

    /** @return this instance's identity in the election, e.g. the pod name {@code dp-content-0} */
    String identity();

    /** Stops campaigning and gives up leadership (telling the listener) so that another instance takes over at once. */
    @Override
    void close();
}
