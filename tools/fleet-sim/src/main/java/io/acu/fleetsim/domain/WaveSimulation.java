package io.acu.fleetsim.domain;

import io.acu.contracts.ClientUpgradePolicy;
import io.acu.formats.ccmsetup.InstalledItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One upgrade wave over a fleet: every client plans its upgrade from the site's policy
 * ({@link UpgradeScheduler}), and at its install time runs {@link ClientUpgrade} against the real
 * (or fake) network, paced by a {@link VirtualClock} and bounded in concurrency. Reproducible from
 * the seed: the same fleet, policy and seed give the same plans and the same injected failures.
 */
public final class WaveSimulation {

    /**
     * How to run the wave.
     *
     * @param policyReceivedAt simulated instant at which every client received the new policy
     * @param policy the site's automatic client upgrade settings
     * @param failures injected failure rates
     * @param seed random seed (per-client sources are derived from it)
     * @param horizon simulated time after {@code policyReceivedAt} after which the run stops; clients
     *     planned later stay pending
     * @param clock pacing of simulated against wall time
     * @param concurrency how many clients talk to the network at once, at least 1
     */
    public record Settings(Instant policyReceivedAt, ClientUpgradePolicy policy, InjectedFailure.Rates failures, long seed, Duration horizon,
            VirtualClock clock, int concurrency) {

        /** @throws IllegalArgumentException for concurrency below 1 or a negative horizon */
        public Settings {
            Objects.requireNonNull(policyReceivedAt, "policyReceivedAt");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(failures, "failures");
            Objects.requireNonNull(clock, "clock");
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency is at least 1, was " + concurrency);
            }
            if (horizon.isNegative()) {
                throw new IllegalArgumentException("horizon must not be negative");
            }
        }
    }

    /** One client's part in the wave. */
    public record ClientResult(SimulatedClient client, UpgradePlan plan, InjectedFailure injected, UpgradeOutcome outcome) {
        /** @return whether the client ran its upgrade (false: excluded, disabled or beyond the horizon) */
        public boolean attempted() {
            return outcome != null;
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
     * Runs the wave to its horizon and returns every client's result (fleet order).
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
        Instant end = settings.policyReceivedAt().plus(settings.horizon());
        List<ClientResult> results = Collections.synchronizedList(new ArrayList<>());
        List<Planned> due = new ArrayList<>();
        for (SimulatedClient client : fleet) {
            SplittableRandom random = FleetGenerator.clientRandom(settings.seed(), client.index());
            UpgradePlan plan = UpgradeScheduler.plan(client.clientId(), client.maintenanceWindows(), settings.policy(), settings.policyReceivedAt(), random);
            InjectedFailure injected = settings.failures().draw(random);
            if (plan instanceof UpgradePlan.Scheduled scheduled && !scheduled.installTime().isAfter(end)) {
                due.add(new Planned(client, scheduled, injected, random));
            } else {
                results.add(new ClientResult(client, plan, injected, null));
            }
        }
        due.sort(Comparator.comparing((Planned p) -> p.plan.installTime()).thenComparingInt(p -> p.client.index()));

        long serialNumber = settings.policyReceivedAt().getEpochSecond();
        long wallStart = System.nanoTime();
        ExecutorService workers = Executors.newFixedThreadPool(settings.concurrency());
        // At most two clients per worker are handed over ahead of time: a fleet of 100,000 with no pacing must not
        // queue 100,000 tasks (memory stays bounded, and a slow service holds the wave back instead).
        int slots = 2 * settings.concurrency();
        Semaphore handedOver = new Semaphore(slots);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try {
            for (Planned planned : due) {
                long waitNanos = settings.clock().wallOffset(planned.plan.installTime()).toNanos() - (System.nanoTime() - wallStart);
                if (waitNanos > 0) {
                    Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
                }
                handedOver.acquire();
                if (failure.get() != null) {
                    handedOver.release();
                    break;
                }
                workers.execute(() -> {
                    try {
                        UpgradeOutcome outcome = ClientUpgrade.run(planned.client, installed.apply(planned.client), transport, planned.injected,
                                planned.plan.installTime(), serialNumber, planned.random);
                        ClientResult result = new ClientResult(planned.client, planned.plan, planned.injected, outcome);
                        results.add(result);
                        listener.finished(result, planned.plan.installTime());
                    } catch (RuntimeException | Error e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        handedOver.release();
                    }
                });
            }
            handedOver.acquire(slots);
        } finally {
            workers.shutdownNow();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a simulated client failed unexpectedly", failure.get());
        }
        List<ClientResult> ordered = new ArrayList<>(results);
        ordered.sort(Comparator.comparingInt(r -> r.client().index()));
        return new WaveReport(ordered);
    }

    private record Planned(SimulatedClient client, UpgradePlan.Scheduled plan, InjectedFailure injected, SplittableRandom random) {
    }

    /**
     * The wave's ground truth: every client's plan, injected failure and outcome.
     *
     * @param results one per client, fleet order
     */
    public record WaveReport(List<ClientResult> results) {

        /** @return clients per outcome kind (only clients that ran their upgrade) */
        public Map<UpgradeOutcome.Kind, Long> outcomes() {
            Map<UpgradeOutcome.Kind, Long> counts = new EnumMap<>(UpgradeOutcome.Kind.class);
            results.stream().filter(ClientResult::attempted).forEach(r -> counts.merge(r.outcome().kind(), 1L, Long::sum));
            return counts;
        }

        /** @return clients in the exclusion list */
        public long excluded() {
            return results.stream().filter(r -> r.plan() instanceof UpgradePlan.Excluded).count();
        }

        /** @return clients that had not reached their install time at the horizon (or upgrade disabled) */
        public long pending() {
            return results.stream().filter(r -> !r.attempted() && !(r.plan() instanceof UpgradePlan.Excluded)).count();
        }
    }
}
