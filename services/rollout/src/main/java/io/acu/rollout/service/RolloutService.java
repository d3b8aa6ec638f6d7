package io.acu.rollout.service;

import io.acu.contracts.RolloutStatus;
import io.acu.rollout.domain.ContentHolders;
import io.acu.rollout.domain.GrantDecision;
import io.acu.rollout.domain.PolicyDecision;
import io.acu.rollout.domain.RingAssignment;
import io.acu.rollout.domain.Rollout;
import io.acu.rollout.domain.RolloutConflictException;
import io.acu.rollout.domain.Transition;
import io.acu.rollout.persistence.OfferStore;
import io.acu.rollout.persistence.RolloutStore;
import io.acu.rollout.persistence.SettingsStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The rollout's use cases, orchestrating the pure domain and the stores: the per-client policy, download grants and
 * the operator's actions.
 */
@ApplicationScoped
public class RolloutService {

    private final RolloutStore rollouts;
    private final OfferStore offers;
    private final SettingsStore settings;
    private final RolloutDriver driver;
    private final RolloutConfig config;
    private final Clock clock;

    RolloutService(RolloutStore rollouts, OfferStore offers, SettingsStore settings, RolloutDriver driver, RolloutConfig config, Clock clock) {
        this.rollouts = rollouts;
        this.offers = offers;
        this.settings = settings;
        this.driver = driver;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The client policy of one client, with the site's settings.
     *
     * @param decision which version it is offered and why
     * @param settings the site's automatic client upgrade settings
     * @param excluded whether this client is in the excluded collection
     */
    public record ClientPolicy(PolicyDecision decision, SettingsStore.Settings settings, boolean excluded) {
    }

    /**
     * Decides what one client is offered now, recording a first offer of the candidate version (idempotent).
     *
     * @throws NotFoundException for a package with no known version
     */
    public Uni<ClientPolicy> policy(String packageId, String clientId, String boundaryGroup) {
        return rollouts.rollouts(packageId).flatMap(all -> policy(all, packageId, clientId, boundaryGroup, clock.instant()));
    }

    /** {@link #policy(String, String, String)} with the package's rollouts already read. */
    private Uni<ClientPolicy> policy(List<Rollout> all, String packageId, String clientId, String boundaryGroup, Instant now) {
        if (all.isEmpty()) {
            return Uni.createFrom().failure(new NotFoundException("package " + packageId + " is not known to rollout"));
        }
        return settings.current().map(s -> s.orElseThrow(() -> new IllegalStateException("no client upgrade settings stored")))
                .flatMap(site -> settings.isExcluded(clientId).flatMap(excluded -> offers.offeredVersions(packageId, clientId).flatMap(offered -> {
                    PolicyDecision decision = PolicyDecision.decide(all, site.enabled(), excluded, packageId, clientId, boundaryGroup, offered);
                    ClientPolicy policy = new ClientPolicy(decision, site, excluded);
                    if (!decision.newOffer()) {
                        return Uni.createFrom().item(policy);
                    }
                    Rollout candidate = find(all, decision.candidateVersion()).orElseThrow();
                    return offers.recordOffer(packageId, decision.candidateVersion(), clientId, candidate.plan().indexOf(decision.ring()),
                            boundaryGroup, now).replaceWith(policy);
                })));
    }

    /** What a grant request got. */
    public sealed interface GrantOutcome {
        /**
         * @param expiresAt when the grant lapses
         * @param renewed whether the client already held it
         * @param distributionPoint the DP it is for (a held grant keeps its DP, whichever one the repeat names)
         */
        record Granted(Instant expiresAt, boolean renewed, String distributionPoint) implements GrantOutcome {
        }

        /** @param retryAfterSeconds Retry-After, 1 or more; @param reason which limit */
        record Full(long retryAfterSeconds, String reason) implements GrantOutcome {
        }
    }

    /**
     * A download grant for (package, version, distribution point): at most K in flight per point and optionally N
     * new ones per boundary group and hour; idempotent per client.
     *
     * @throws NotFoundException for an unknown package version
     * @param distributionPoint the DP named by the client; it must hold the version ({@link ContentHolders}), and the
     *     grant is recorded under the name the DP reported (DP names compare case-insensitively)
     * @throws RolloutConflictException when the version's rollout grants no downloads now (halted, paused, revoked,
     *     waiting), the named DP does not hold the version (unknown, or its content not INSTALLED), or the client was
     *     not offered it
     */
    public Uni<GrantOutcome> grant(String packageId, int version, String clientId, String distributionPoint, String boundaryGroup) {
        Instant now = clock.instant();
        return rollouts.rollouts(packageId).flatMap(all -> {
            Optional<Rollout> rollout = find(all, version);
            if (rollout.isEmpty()) {
                return Uni.createFrom().failure(new NotFoundException(packageId + " v" + version + " is not a known package version"));
            }
            Rollout r = rollout.get();
            if (!r.grantsDownloads()) {
                return Uni.createFrom().failure(new RolloutConflictException("the rollout of " + r + " is " + r.status()
                        + (r.reason() == null ? "" : " (" + r.reason() + ")") + ": no downloads are granted; read the client policy again later"));
            }
            // The DP must hold the version (its name as it reported): an invented name would dodge the per-DP cap.
            return rollouts.distributionStates(packageId, version).flatMap(states -> {
                String point = new ContentHolders(r.toString(), states).require(distributionPoint);
                GrantDecision.Limits pointLimits = limits(point);
                // The client's policy decides first, whatever the version's status: an excluded client, or any while
                // automatic upgrade is off, is refused as not offered even if it was offered before. A completed
                // version (e.g. the baseline after a revoke) has no ring to wait for: its offer is recorded here for a
                // client the policy offers it to and that had none.
                Uni<Void> offeredFirst = policy(all, packageId, clientId, boundaryGroup, now).flatMap(p -> {
                    if (!Integer.valueOf(version).equals(p.decision().offeredVersion())) {
                        return Uni.createFrom().failure(new RolloutConflictException(clientId + " is not offered " + r + ": "
                                + (p.decision().reason() == null ? "its policy offers another version" : p.decision().reason())));
                    }
                    return r.status() == RolloutStatus.COMPLETED
                            ? offers.recordOffer(packageId, version, clientId, RingAssignment.ringOf(r.plan(), packageId, clientId, boundaryGroup)
                                    .orElse(r.plan().rings().size() - 1), boundaryGroup, now)
                            : Uni.createFrom().voidItem();
                });
                return offeredFirst.chain(() -> offers.grant(packageId, version, clientId, point, boundaryGroup, pointLimits, now));
            }).map(result -> {
                        if (!(result instanceof OfferStore.GrantResult.Decided decided)) {
                            throw new RolloutConflictException(clientId + " is not offered " + r
                                    + ": read the client policy first; its ring may not have started");
                        }
                        if (decided.decision() instanceof GrantDecision.Granted g) {
                            return (GrantOutcome) new GrantOutcome.Granted(g.expiresAt(), g.renewed(), decided.distributionPoint());
                        }
                        GrantDecision.Full f = (GrantDecision.Full) decided.decision();
                        return new GrantOutcome.Full(Math.max(1, (f.retryAfter().toMillis() + 999) / 1000), f.reason());
                    });
        });
    }

    /**
     * Download grants on one distribution point as operators see them.
     *
     * @param grants grants in flight now and the recorded peak (see {@link OfferStore#pointGrants})
     * @param maxInFlight the point's cap K now ({@code acu.rollout.grants.max-in-flight[-per-point]})
     */
    public record PointGrants(OfferStore.PointGrants grants, int maxInFlight) {
    }

    /** @return every distribution point rollout knows, by name, with its grants in flight, peak and cap */
    public Uni<List<PointGrants>> pointGrants() {
        return offers.pointGrants(clock.instant()).map(points -> points.stream()
                .map(p -> new PointGrants(p, maxInFlight(p.distributionPoint()))).toList());
    }

    private GrantDecision.Limits limits(String distributionPoint) {
        RolloutConfig.Grants limits = config.grants();
        return new GrantDecision.Limits(maxInFlight(distributionPoint), limits.perBoundaryGroupPerHour(), limits.ttl(), limits.retryAfter());
    }

    private int maxInFlight(String distributionPoint) {
        return config.grants().maxInFlightPerPoint().getOrDefault(distributionPoint, config.grants().maxInFlight());
    }

    /** An operator's action on a rollout. */
    public enum Action {
        /** Pass the current ring now. */
        PROMOTE,
        /** Stop new offers. */
        PAUSE,
        /** Continue after a halt or pause. */
        RESUME,
        /** Withdraw the version. */
        REVOKE
    }

    /**
     * Applies an operator's action under the rollout's row lock and publishes its transitions.
     *
     * @param actor the operator (the token's name)
     * @param note why, or null
     * @return the rollout's view after the action
     * @throws NotFoundException for a version without a rollout
     * @throws RolloutConflictException when the action is not allowed now
     */
    public Uni<RolloutStore.RolloutView> act(String packageId, int version, Action action, String actor, String note) {
        Instant now = clock.instant();
        BiFunction<Rollout, RolloutStore.StepInput, List<Transition>> step = (rollout, input) -> switch (action) {
            case PROMOTE -> rollout.promote(actor, note, input.contentReady(), now);
            case PAUSE -> rollout.pause(actor, note);
            case RESUME -> rollout.resume(actor, note, input.counts());
            case REVOKE -> rollout.revoke(actor, note);
        };
        Uni<Void> allowed = action != Action.REVOKE ? Uni.createFrom().voidItem() : rollouts.rollouts(packageId).invoke(all -> {
            boolean anotherOffered = all.stream().anyMatch(r -> r.packageVersion() != version && r.status() != RolloutStatus.REVOKED);
            if (!anotherOffered && all.stream().anyMatch(r -> r.packageVersion() == version)) {
                throw new RolloutConflictException(packageId + " v" + version + " is the last version clients can be offered:"
                        + " revoking it would leave every client with none (a revocation cannot be undone)");
            }
        }).replaceWithVoid();
        return allowed.chain(() -> rollouts.change(packageId, version, now, false, input -> step.apply(input.rollout(), input)))
                .flatMap(done -> {
                    if (done.isEmpty()) {
                        return Uni.createFrom().<RolloutStore.RolloutView>failure(new NotFoundException(packageId + " v" + version + " has no rollout"));
                    }
                    driver.gauges(done.get().view());
                    return driver.relay().replaceWith(done.get().view());
                })
                .invoke(driver::wake);
    }

    /** @return a rollout's view; @throws NotFoundException when the version has none */
    public Uni<RolloutStore.RolloutView> view(String packageId, int version) {
        return rollouts.view(packageId, version, clock.instant()).map(found -> found.orElseThrow(
                () -> new NotFoundException(packageId + " v" + version + " has no rollout")));
    }

    /** @return every rollout of a package with its figures, newest version first */
    public Uni<List<RolloutStore.RolloutView>> views(String packageId) {
        return rollouts.rollouts(packageId).flatMap(all -> {
            Uni<List<RolloutStore.RolloutView>> chain = Uni.createFrom().item(new java.util.ArrayList<>());
            for (Rollout r : all) {
                chain = chain.flatMap(list -> view(packageId, r.packageVersion()).map(v -> {
                    list.add(v);
                    return list;
                }));
            }
            return chain;
        });
    }

    private static Optional<Rollout> find(List<Rollout> all, Integer version) {
        return version == null ? Optional.empty() : all.stream().filter(r -> r.packageVersion() == version).findFirst();
    }
}
