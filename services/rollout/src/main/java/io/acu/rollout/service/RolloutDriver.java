package io.acu.rollout.service;

import io.acu.contracts.RingFigures;
import io.acu.contracts.RingState;
import io.acu.outbox.OutboxRelay;
import io.acu.rollout.persistence.RolloutStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Moves rollouts forward without an operator: steps every unfinished rollout (content arrived, gates passed or
 * tripped) at least every {@code acu.rollout.evaluate-interval} and soon after new state messages or distribution
 * status arrive ({@link #wake()}), then relays the recorded transitions to {@code acu.rollout.changed} and refreshes
 * the Prometheus gauges. Safe on any number of replicas: each rollout is stepped under its row lock (a replica skips
 * one another is stepping) and acu-outbox relays one table at a time.
 */
@io.quarkus.runtime.Startup
@ApplicationScoped
public class RolloutDriver {

    private static final Logger LOG = Logger.getLogger(RolloutDriver.class);

    private final RolloutStore store;
    private final io.acu.rollout.persistence.OfferStore offers;
    private final OutboxRelay outbox;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final long intervalMillis;
    private final AtomicBoolean woken = new AtomicBoolean(true);
    private volatile long lastRun;
    private final long settledGaugesMillis;
    private volatile long lastSettledGauges;
    private final Map<Tags, AtomicLong> gauges = new ConcurrentHashMap<>();
    /** The {@code # HELP} line of each gauge. */
    private static final Map<String, String> GAUGE_HELP = Map.of(
            "acu.rollout.grants.in.flight", "Download grants of the distribution point in flight now",
            "acu.rollout.grants.in.flight.peak", "The most download grants the distribution point had in flight at once",
            "acu.rollout.ring.clients", "Clients of the ring per outcome: offered, succeeded, failed, stalled, in_progress",
            "acu.rollout.ring.state", "1 for the ring's current state, else 0",
            "acu.rollout.status", "1 for the rollout's current status, else 0");

    RolloutDriver(RolloutStore store, io.acu.rollout.persistence.OfferStore offers, OutboxRelay outbox, MeterRegistry metrics, Clock clock,
            RolloutConfig config) {
        this.store = store;
        this.offers = offers;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
        this.intervalMillis = config.evaluateInterval().toMillis();
        this.settledGaugesMillis = config.settledGaugesInterval().toMillis();
    }

    private volatile boolean stopping;

    /** At shutdown the ticks stop: the database pool closes under them. */
    void onShutdown(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        stopping = true;
    }

    /** Asks for a step at the next tick (within a second): something a gate reads changed. */
    public void wake() {
        woken.set(true);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, delayed = "5s")
    Uni<Void> tick() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        long now = System.currentTimeMillis();
        if (!woken.getAndSet(false) && now - lastRun < intervalMillis) {
            return Uni.createFrom().voidItem();
        }
        lastRun = now;
        return stepAll().chain(this::relay).chain(this::grantGauges).chain(this::settledGauges)
                .onFailure().invoke(e -> LOG.warnf("Stepping rollouts failed, retrying next tick: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Steps every unfinished rollout once and refreshes its gauges. */
    Uni<Void> stepAll() {
        return store.unfinished().flatMap(keys -> Multi.createFrom().iterable(keys).onItem().transformToUniAndConcatenate(key -> {
            Instant now = clock.instant();
            return store.change(key.getKey(), key.getValue(), now, true,
                            input -> input.rollout().advance(input.contentReady(), input.counts(), now))
                    .invoke(stepped -> stepped.ifPresent(step -> {
                        step.transitions().forEach(t -> LOG.infof("%s v%d: %s %s (%s)", key.getKey(), key.getValue(), t.change(),
                                t.ring() == null ? "" : t.ring(), t.reason()));
                        gauges(step.view());
                    }))
                    // One rollout that cannot be stepped must not stop the others (nor the outbox relay after them).
                    .onFailure().invoke(e -> LOG.errorf(e, "Stepping the rollout of %s v%d failed", key.getKey(), key.getValue()))
                    .onFailure().recoverWithNull()
                    .replaceWithVoid();
        }).collect().last().replaceWithVoid());
    }

    /**
     * Refreshes the gauges of the rollouts {@link #stepAll} no longer steps, at most every
     * {@code acu.rollout.settled-gauges-interval}: a halted or completed rollout's clients keep reporting, and its
     * ring figures on {@code /q/metrics} must keep following them.
     */
    Uni<Void> settledGauges() {
        long now = System.currentTimeMillis();
        if (now - lastSettledGauges < settledGaugesMillis) {
            return Uni.createFrom().voidItem();
        }
        lastSettledGauges = now;
        return store.settled().flatMap(keys -> Multi.createFrom().iterable(keys).onItem()
                .transformToUniAndConcatenate(key -> store.view(key.getKey(), key.getValue(), clock.instant())
                        .invoke(view -> view.ifPresent(this::gauges)))
                .collect().last().replaceWithVoid());
    }

    /** Publishes recorded transitions until none is left (acu-outbox's relay, now rather than at its next poll). */
    public Uni<Void> relay() {
        return outbox.drain().replaceWithVoid();
    }

    /**
     * Refreshes the download grant gauges from the database, so every replica shows the same figures:
     * {@code acu_rollout_grants_in_flight{dp}} now and {@code acu_rollout_grants_in_flight_peak{dp}}, the most grants
     * the point ever had in flight at once (recorded inside the grant's locked transaction).
     */
    Uni<Void> grantGauges() {
        return offers.pointGrants(clock.instant()).invoke(points -> points.forEach(p -> {
            Tags tags = Tags.of("dp", p.distributionPoint());
            gauge("acu.rollout.grants.in.flight", tags, p.inFlight());
            gauge("acu.rollout.grants.in.flight.peak", tags, p.peakInFlight());
        })).replaceWithVoid();
    }

    /** Updates the gauges of one rollout: clients per ring and outcome, each ring's state and the rollout's status (1 for the current one). */
    public void gauges(RolloutStore.RolloutView view) {
        String packageId = view.rollout().packageId();
        String version = Integer.toString(view.rollout().packageVersion());
        for (RingFigures ring : view.figures()) {
            Tags tags = Tags.of("package", packageId, "version", version, "ring", ring.ring());
            gauge("acu.rollout.ring.clients", tags.and("outcome", "offered"), ring.offered());
            gauge("acu.rollout.ring.clients", tags.and("outcome", "succeeded"), ring.succeeded());
            gauge("acu.rollout.ring.clients", tags.and("outcome", "failed"), ring.failed());
            gauge("acu.rollout.ring.clients", tags.and("outcome", "stalled"), ring.stalled());
            gauge("acu.rollout.ring.clients", tags.and("outcome", "in_progress"), ring.inProgress());
            for (RingState state : RingState.values()) {
                gauge("acu.rollout.ring.state", tags.and("state", state.name()), ring.state() == state ? 1 : 0);
            }
        }
        for (io.acu.contracts.RolloutStatus status : io.acu.contracts.RolloutStatus.values()) {
            gauge("acu.rollout.status", Tags.of("package", packageId, "version", version, "status", status.name()),
                    view.rollout().status() == status ? 1 : 0);
        }
    }

    private void gauge(String name, Tags tags, long value) {
        gauges.computeIfAbsent(tags.and("name", name), t -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder(name, holder, AtomicLong::get).tags(tags).description(GAUGE_HELP.getOrDefault(name, "")).register(metrics);
            return holder;
        }).set(value);
    }
}
