package io.acu.fleetsim.domain;

import io.acu.formats.ccmsetup.InstalledItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One upgrade wave of a new package version over a fleet, as ConfigMgr clients live it under a staged rollout, on
 * simulated time paced by a {@link VirtualClock}:
 * <ol>
 *   <li>each client reads its own policy ({@link ClientTransport#readPolicy}) at a random moment within the first
 *       policy interval, then every {@code policyInterval} (the machine policy poll) while it is not offered the
 *       version (its ring has not started, the rollout waits for content or is halted);
 *   <li>once offered, it plans its upgrade ({@link UpgradeScheduler}: a random time within the advertisement duration
 *       from the offer, inside its maintenance window) and stops polling;
 *   <li>at its install time it asks for a download grant ({@link ClientTransport#requestGrant}); a 429 makes it wait
 *       the Retry-After (wall time: grants are held in wall time) and ask again, counting the retries; a 409 sends it
 *       back to polling (when offered again it installs at its next maintenance window); with a grant it runs
 *       {@link ClientUpgrade}, whose final status report releases the grant on the server.
 * </ol>
 * The run ends when every client is done (upgraded or failed, excluded, disabled), or when nothing is scheduled or
 * running any more and the last policy read showed a status in {@link Settings#stopOnStatus()} (e.g. HALTED: the
 * clients left would only poll), or at the horizon. Reproducible from the seed as far as the server's decisions are:
 * the same client gets the same random task time and the same injected failure whenever it is offered.
 */
public final class WaveSimulation {

    /** Rollout statuses that end a run once nothing is scheduled: only an operator could move them on. */
    public static final Set<String> TERMINAL_STATUSES = Set.of("HALTED", "REVOKED");
    private static final long FIRST_POLL_SALT = 0x0F1_750_11L;

    /**
     * How to run the wave.
     *
     * @param start simulated instant the run begins (the new version exists; clients' first policy reads follow)
     * @param packageVersion the new package version clients may be offered, e.g. 5
     * @param policyInterval simulated time between a client's policy reads while it is not offered, more than zero
     * @param failures injected failure rates
     * @param seed random seed (per-client sources are derived from it)
     * @param horizon simulated time after {@code start} after which the run stops; clients planned later stay pending
     * @param clock pacing of simulated against wall time
     * @param concurrency how many clients talk to the network at once, at least 1
     * @param grantPatience the longest wall time one client keeps asking a full distribution point for a grant before
     *     it gives up (counted as an error)
     * @param stopOnStatus rollout statuses that end the run once no upgrade is scheduled or running
     */
    public record Settings(Instant start, int packageVersion, Duration policyInterval, InjectedFailure.Rates failures, long seed, Duration horizon,
            VirtualClock clock, int concurrency, Duration grantPatience, Set<String> stopOnStatus) {

        /** @throws IllegalArgumentException for concurrency below 1, a negative horizon or a policy interval that is not positive */
        public Settings {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(failures, "failures");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(grantPatience, "grantPatience");
            stopOnStatus = Set.copyOf(stopOnStatus);
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency is at least 1, was " + concurrency);
            }
            if (horizon.isNegative()) {
                throw new IllegalArgumentException("horizon must not be negative");
            }
            if (policyInterval.isZero() || policyInterval.isNegative()) {
                throw new IllegalArgumentException("policyInterval must be more than zero, was " + policyInterval);
            }
        }
    }

    /**
     * One client's part in the wave.
     *
     * @param client the client
     * @param plan its plan: scheduled (offered), not offered, excluded or disabled
     * @param injected the failure drawn for it when it was offered ({@link InjectedFailure#NONE} when never offered)
     * @param outcome how its upgrade ended; null when it did not run
     * @param offeredAt when its policy first offered the new version; null when never
     * @param ring its ring as its last policy named it; null when none
     * @param refusal rollout's reason when its download was refused (409) and it was not offered again; else null
     * @param grantRetries how often it was told to come back later (429)
     */
    public record ClientResult(SimulatedClient client, UpgradePlan plan, InjectedFailure injected, UpgradeOutcome outcome, Instant offeredAt, String ring,
            String refusal, int grantRetries) {
        /** @return whether the client ran its upgrade (false: not offered, excluded, disabled, refused or beyond the horizon) */
        public boolean attempted() {
            return outcome != null;
        }

        /** @return whether rollout offered the client the new version during the run */
        public boolean offered() {
            return offeredAt != null;
        }
    }

    /** Observes the wave as it runs (progress bars, logs); called from worker threads. */
    public interface Listener {
        /** A client finished its upgrade attempt. */
        void finished(ClientResult result, Instant simulatedAt);
    }

    private WaveSimulation() {
    }

    /**
     * Runs the wave until it ends (see the class comment) and returns every client's result (fleet order).
     *
     * @param fleet the clients
     * @param installed each client's installed items before the wave (a fresh mutable map per call)
     * @param transport the network
     * @param settings how to run
     * @param listener progress observer
     * @throws InterruptedException when the calling thread is interrupted while pacing
     */
    public static WaveReport run(List<SimulatedClient> fleet, Function<SimulatedClient, Map<String, InstalledItem>> installed, ClientTransport transport,
            Settings settings, Listener listener) throws InterruptedException {
        return new Run(fleet, installed, transport, settings, listener).play();
    }

    /** Where a client stands. */
    private enum Stage {
        /** Reads its policy every interval: not offered yet. */
        WAITING,
        /** Offered; its install event is queued. */
        SCHEDULED,
        /** Offered, but its download was refused or the rollout stopped downloads: reads its policy again later. */
        HELD,
        /** Upgrade ran (any outcome), or the client is excluded or upgrade is off. */
        DONE
    }

    /** One client's mutable state; only the worker running its single queued event touches it. */
    private static final class Client {
        final SimulatedClient client;
        final SplittableRandom random;
        Stage stage = Stage.WAITING;
        UpgradePlan plan;
        InjectedFailure injected = InjectedFailure.NONE;
        UpgradeOutcome outcome;
        ClientPolicy lastPolicy;
        String policyError;
        Instant offeredAt;
        String refusal;
        int grantRetries;

        Client(SimulatedClient client, SplittableRandom random) {
            this.client = client;
            this.random = random;
        }

        ClientResult result() {
            UpgradePlan shown = plan != null ? plan
                    : new UpgradePlan.NotOffered(lastPolicy != null && lastPolicy.reason() != null ? lastPolicy.reason()
                            : policyError != null ? "policy not read: " + policyError : "not offered");
            return new ClientResult(client, shown, injected, outcome, offeredAt, lastPolicy == null ? null : lastPolicy.ring(),
                    outcome == null && stage == Stage.HELD ? refusal : null, grantRetries);
        }
    }

    private record Event(Instant at, long sequence, Client client, boolean install) {
    }

    /** The run's dispatcher: a queue of client events on simulated time, handed to a bounded pool of workers. */
    private static final class Run {
        private final List<SimulatedClient> fleet;
        private final Function<SimulatedClient, Map<String, InstalledItem>> installed;
        private final ClientTransport transport;
        private final Settings settings;
        private final Listener listener;
        private final Instant end;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final PriorityQueue<Event> queue = new PriorityQueue<>(Comparator.comparing(Event::at).thenComparingLong(Event::sequence));
        private final Map<Stage, Integer> stages = new EnumMap<>(Stage.class);
        private final GrantLedger grants = new GrantLedger();
        private final AtomicLong policyReads = new AtomicLong();
        private final AtomicLong grantRetries = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private long sequence;
        private int busy;
        private Instant lastStatusAt = Instant.MIN;
        private String lastStatus;
        private long wallStart;

        Run(List<SimulatedClient> fleet, Function<SimulatedClient, Map<String, InstalledItem>> installed, ClientTransport transport, Settings settings,
                Listener listener) {
            this.fleet = fleet;
            this.installed = installed;
            this.transport = transport;
            this.settings = settings;
            this.listener = listener;
            this.end = settings.start().plus(settings.horizon());
        }

        WaveReport play() throws InterruptedException {
            List<Client> clients = new ArrayList<>(fleet.size());
            long intervalMillis = settings.policyInterval().toMillis();
            for (SimulatedClient simulated : fleet) {
                Client client = new Client(simulated, FleetGenerator.clientRandom(settings.seed(), simulated.index()));
                clients.add(client);
                // Its own draw, so the poll moment does not shift the client's plan and failure draws.
                long offset = FleetGenerator.clientRandom(settings.seed() ^ FIRST_POLL_SALT, simulated.index()).nextLong(Math.max(1, intervalMillis));
                enqueue(new Event(settings.start().plusMillis(offset), 0, client, false));
            }
            stages.put(Stage.WAITING, clients.size());
            int slots = 2 * settings.concurrency();
            ExecutorService workers = Executors.newFixedThreadPool(settings.concurrency());
            wallStart = System.nanoTime();
            lock.lockInterruptibly();
            try {
                while (failure.get() == null) {
                    Event next = queue.peek();
                    if (finished(next)) {
                        break;
                    }
                    if (next == null || next.at().isAfter(end) || busy >= slots) {
                        changed.await(); // a worker may queue an earlier event or free a slot
                        continue;
                    }
                    long waitNanos = settings.clock().wallOffset(next.at()).toNanos() - (System.nanoTime() - wallStart);
                    if (waitNanos > 0) {
                        changed.awaitNanos(waitNanos);
                        continue;
                    }
                    queue.poll();
                    busy++;
                    workers.execute(() -> handle(next));
                }
                while (busy > 0) {
                    changed.await();
                }
            } finally {
                lock.unlock();
                workers.shutdownNow();
                workers.awaitTermination(1, TimeUnit.MINUTES);
            }
            if (failure.get() != null) {
                throw new IllegalStateException("a simulated client failed unexpectedly", failure.get());
            }
            List<ClientResult> results = clients.stream().map(Client::result).toList();
            return new WaveReport(results, policyReads.get(), grantRetries.get(), grants.peaks());
        }

        /** Whether the run is over (lock held). */
        private boolean finished(Event next) {
            if (busy > 0) {
                return false;
            }
            if (next == null || next.at().isAfter(end)) {
                return true;
            }
            int scheduled = stages.getOrDefault(Stage.SCHEDULED, 0);
            int polling = stages.getOrDefault(Stage.WAITING, 0) + stages.getOrDefault(Stage.HELD, 0);
            return scheduled == 0 && (polling == 0 || lastStatus != null && settings.stopOnStatus().contains(lastStatus));
        }

        private void handle(Event event) {
            try {
                if (event.install()) {
                    install(event.client(), event.at());
                } else {
                    poll(event.client(), event.at());
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            } finally {
                lock.lock();
                try {
                    busy--;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }

        private void poll(Client client, Instant at) {
            policyReads.incrementAndGet();
            ClientPolicy policy;
            try {
                policy = transport.readPolicy(client.client);
            } catch (ClientTransport.TransportException e) {
                client.policyError = e.getMessage();
                schedule(client, client.stage, at.plus(settings.policyInterval()), false);
                return;
            }
            client.lastPolicy = policy;
            noteStatus(policy.rolloutStatus(), at);
            if (policy.excluded() || !policy.enabled()) {
                client.plan = policy.excluded() ? new UpgradePlan.Excluded() : new UpgradePlan.Disabled();
                schedule(client, Stage.DONE, null, false);
                return;
            }
            if (!policy.offers(settings.packageVersion())) {
                schedule(client, client.stage, at.plus(settings.policyInterval()), false);
                return;
            }
            if (client.offeredAt == null) {
                client.offeredAt = at;
            }
            if (!policy.downloadsAllowed()) {
                client.refusal = policy.reason() != null ? policy.reason() : "the rollout is " + policy.rolloutStatus();
                schedule(client, Stage.HELD, at.plus(settings.policyInterval()), false);
                return;
            }
            Instant installAt;
            if (client.plan == null) {
                client.plan = UpgradeScheduler.plan(policy, client.client.maintenanceWindows(), at, client.random);
                client.injected = settings.failures().draw(client.random);
                installAt = ((UpgradePlan.Scheduled) client.plan).installTime();
            } else {
                // Offered again after a refusal: its task time has passed; it installs at its next window.
                installAt = UpgradeScheduler.installTimeAtOrAfter(policy, client.client.maintenanceWindows(), at);
            }
            schedule(client, Stage.SCHEDULED, installAt, true);
        }

        private void install(Client client, Instant at) {
            long patience = System.nanoTime() + settings.grantPatience().toNanos();
            while (true) {
                DownloadGrant grant;
                try {
                    grant = transport.requestGrant(client.client, settings.packageVersion());
                } catch (ClientTransport.TransportException e) {
                    finish(client, new UpgradeOutcome(UpgradeOutcome.Kind.ERROR, 0, 0, List.of(), "no download grant: " + e.getMessage()), at);
                    return;
                }
                if (grant instanceof DownloadGrant.Granted granted) {
                    grants.acquire(granted.distributionPoint());
                    UpgradeOutcome outcome;
                    try {
                        outcome = ClientUpgrade.run(client.client, installed.apply(client.client), transport, client.injected, at,
                                settings.start().getEpochSecond(), client.random);
                    } finally {
                        grants.release(granted.distributionPoint());
                    }
                    finish(client, outcome, at);
                    return;
                }
                if (grant instanceof DownloadGrant.Refused refused) {
                    client.refusal = refused.reason();
                    schedule(client, Stage.HELD, at.plus(settings.policyInterval()), false);
                    return;
                }
                DownloadGrant.Busy full = (DownloadGrant.Busy) grant;
                client.grantRetries++;
                grantRetries.incrementAndGet();
                if (System.nanoTime() + full.retryAfter().toNanos() - patience > 0) {
                    finish(client, new UpgradeOutcome(UpgradeOutcome.Kind.ERROR, 0, 0, List.of(), "no download grant within "
                            + settings.grantPatience().toSeconds() + " s: " + full.reason()), at);
                    return;
                }
                try {
                    Thread.sleep(Math.max(1, full.retryAfter().toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a download grant", e);
                }
            }
        }

        private void finish(Client client, UpgradeOutcome outcome, Instant at) {
            client.outcome = outcome;
            schedule(client, Stage.DONE, null, false);
            listener.finished(client.result(), at);
        }

        private void noteStatus(String status, Instant at) {
            lock.lock();
            try {
                if (status != null && !at.isBefore(lastStatusAt)) {
                    lastStatus = status;
                    lastStatusAt = at;
                }
            } finally {
                lock.unlock();
            }
        }

        /** Moves the client to {@code stage} and queues its next event, if any. */
        private void schedule(Client client, Stage stage, Instant at, boolean install) {
            lock.lock();
            try {
                stages.merge(client.stage, -1, Integer::sum);
                stages.merge(stage, 1, Integer::sum);
                client.stage = stage;
                if (at != null) {
                    enqueue(new Event(at, 0, client, install));
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private void enqueue(Event event) {
            queue.add(new Event(event.at(), sequence++, event.client(), event.install()));
        }
    }

    /**
     * The wave's ground truth: every client's plan, offer, injected failure and outcome, with what the throttle did.
     *
     * @param results one per client, fleet order
     * @param policyReads policy reads made
     * @param grantRetries 429 answers to grant requests (each followed by a wait and a retry)
     * @param peakGrants the most grants the fleet held at once per distribution point
     */
    public record WaveReport(List<ClientResult> results, long policyReads, long grantRetries, Map<String, Integer> peakGrants) {

        /** @throws NullPointerException for missing results */
        public WaveReport {
            results = List.copyOf(results);
            peakGrants = Map.copyOf(peakGrants);
        }

        /** @return clients per outcome kind (only clients that ran their upgrade) */
        public Map<UpgradeOutcome.Kind, Long> outcomes() {
            Map<UpgradeOutcome.Kind, Long> counts = new EnumMap<>(UpgradeOutcome.Kind.class);
            results.stream().filter(ClientResult::attempted).forEach(r -> counts.merge(r.outcome().kind(), 1L, Long::sum));
            return counts;
        }

        /** @return clients in the excluded collection */
        public long excluded() {
            return results.stream().filter(r -> r.plan() instanceof UpgradePlan.Excluded).count();
        }

        /** @return clients offered the new version */
        public long offered() {
            return results.stream().filter(ClientResult::offered).count();
        }

        /** @return clients never offered the new version (ring not started, rollout halted …), excluded and disabled apart */
        public long notOffered() {
            return results.stream().filter(r -> r.plan() instanceof UpgradePlan.NotOffered).count();
        }

        /** @return offered clients whose download rollout refused (halted, paused, revoked) and that did not run */
        public long refused() {
            return results.stream().filter(r -> !r.attempted() && r.refusal() != null).count();
        }

        /** @return offered clients that had not reached their install time when the run ended (or upgrade disabled) */
        public long pending() {
            return results.stream().filter(r -> !r.attempted() && r.refusal() == null
                    && (r.plan() instanceof UpgradePlan.Scheduled || r.plan() instanceof UpgradePlan.Disabled)).count();
        }

        /** @return the figures per ring (the ring each client's policy named), rings in first-seen fleet order */
        public Map<String, RingTally> byRing() {
            Map<String, RingTally> rings = new java.util.LinkedHashMap<>();
            for (ClientResult r : results) {
                if (r.ring() == null) {
                    continue;
                }
                RingTally t = rings.getOrDefault(r.ring(), new RingTally(0, 0, 0, 0, 0));
                boolean ok = r.attempted() && r.outcome().kind() == UpgradeOutcome.Kind.UPGRADED;
                boolean failed = r.attempted() && !ok && r.outcome().kind() != UpgradeOutcome.Kind.ALREADY_CURRENT;
                rings.put(r.ring(), new RingTally(t.clients() + 1, t.offered() + (r.offered() ? 1 : 0), t.succeeded() + (ok ? 1 : 0),
                        t.failed() + (failed ? 1 : 0), t.unfinished() + (r.offered() && !r.attempted() ? 1 : 0)));
            }
            return rings;
        }

        /** @return the highest number of grants held at once on any distribution point (0 when none) */
        public int peakGrantsAnyPoint() {
            return peakGrants.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }

    /**
     * One ring's ground truth.
     *
     * @param clients clients whose policy named this ring
     * @param offered of those, offered the new version
     * @param succeeded upgraded (FSP 400 and EP 2001/3)
     * @param failed failed (download, hash mismatch, EP install, or a report not accepted)
     * @param unfinished offered but not run by the end (scheduled later, or refused)
     */
    public record RingTally(long clients, long offered, long succeeded, long failed, long unfinished) {
    }

    /** Grants the fleet holds per distribution point, and the peak of each. */
    static final class GrantLedger {
        private final Map<String, int[]> held = new TreeMap<>();

        synchronized void acquire(String distributionPoint) {
            int[] counts = held.computeIfAbsent(distributionPoint, dp -> new int[2]);
            counts[0]++;
            counts[1] = Math.max(counts[1], counts[0]);
        }

        synchronized void release(String distributionPoint) {
            held.get(distributionPoint)[0]--;
        }

        synchronized Map<String, Integer> peaks() {
            Map<String, Integer> peaks = new TreeMap<>();
            held.forEach((dp, counts) -> peaks.put(dp, counts[1]));
            return peaks;
        }
    }
}
