package io.acu.stateingest.metrics;

import io.acu.formats.Version;
import io.acu.formats.catalogue.StateCatalogue;
import io.acu.formats.catalogue.StateOutcome;
import io.acu.stateingest.domain.Compliance;
import io.acu.stateingest.domain.ComplianceState;
import io.acu.stateingest.persistence.OpsQueries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * The ops dashboard's figures as Prometheus gauges, so Grafana panels and alert rules read what the ops API answers
 * (the same queries, refreshed every {@code acu.metrics.ops-refresh}, default 30 s, rather than per scrape):
 *
 * <ul>
 *   <li>{@code acu_compliance_clients{package,version,topic_type,target_version,status}}: clients per compliance
 *       state ({@code on_target}, {@code pending}, {@code failed}, {@code unknown}) against each package's target
 *       client version, from their current client deployment state (topic type 800), as
 *       {@code GET /api/packages/{id}/compliance};</li>
 *   <li>{@code acu_failures_clients{topic_type,state_id,state_name,error_code}}: clients whose current state is a
 *       catalogue failure, per state and error code ({@code none} when the message carries none), the
 *       {@value #FAILURE_GROUPS} largest groups per topic type (800 client, 2001 Endpoint Protection agent), as
 *       {@code GET /api/failures};</li>
 *   <li>{@code acu_dp_distribution_points{package,version,state}}: distribution points per content state
 *       ({@code INSTALLED}, {@code FAILED}, ...) of each package's newest version, from ContentDistributionStatusChanged.</li>
 * </ul>
 *
 * <p>Series that no longer apply (a failure group gone, a package's older version) disappear at the next refresh.
 * Every replica computes the same figures from the shared database: dashboards take {@code max}, not {@code sum}. A
 * failed refresh keeps the last figures and is logged.
 */
@ApplicationScoped
public class OpsGauges {

    /** Prometheus {@code acu_compliance_clients}. */
    public static final String COMPLIANCE = "acu.compliance.clients";
    /** Prometheus {@code acu_failures_clients}. */
    public static final String FAILURES = "acu.failures.clients";
    /** Prometheus {@code acu_dp_distribution_points}. */
    public static final String DISTRIBUTION_POINTS = "acu.dp.distribution.points";
    /** Failure groups exported per topic type: the largest, as the dashboard's failure table shows them. */
    static final int FAILURE_GROUPS = 20;
    private static final int[] FAILURE_TOPICS = {StateCatalogue.TOPIC_CLIENT_DEPLOYMENT, StateCatalogue.TOPIC_EP_CLIENT_DEPLOYMENT};
    private static final Logger LOG = Logger.getLogger(OpsGauges.class);

    private final OpsQueries queries;
    private final StateCatalogue catalogue = StateCatalogue.standard();
    private final MultiGauge compliance;
    private final MultiGauge failures;
    private final MultiGauge distributionPoints;

    OpsGauges(OpsQueries queries, MeterRegistry metrics) {
        this.queries = queries;
        this.compliance = MultiGauge.builder(COMPLIANCE).baseUnit("clients")
                .description("Clients per compliance state against the package's target client version (topic type 800)").register(metrics);
        this.failures = MultiGauge.builder(FAILURES).baseUnit("clients")
                .description("Clients whose current state is a failure, per state and error code (largest groups)").register(metrics);
        this.distributionPoints = MultiGauge.builder(DISTRIBUTION_POINTS)
                .description("Distribution points per content state of each package's newest version").register(metrics);
    }

    /** One refresh of all three gauges; skipped while the previous one runs. */
    @Scheduled(every = "${acu.metrics.ops-refresh:30s}", delayed = "${acu.metrics.ops-refresh-delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return refreshCompliance().chain(this::refreshFailures).chain(this::refreshDistribution)
                .onFailure().invoke(e -> LOG.warnf("Ops gauges not refreshed, the last figures stay: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> refreshCompliance() {
        return queries.packageTargets().flatMap(targets -> targets.isEmpty()
                ? Uni.createFrom().item(List.<MultiGauge.Row<?>>of())
                : queries.complianceGroups(StateCatalogue.TOPIC_CLIENT_DEPLOYMENT).map(groups -> {
                    List<MultiGauge.Row<?>> rows = new ArrayList<>();
                    for (OpsQueries.TargetRow target : targets) {
                        Compliance figures = Compliance.of(StateCatalogue.TOPIC_CLIENT_DEPLOYMENT, Version.parse(target.clientVersion()), groups);
                        Tags tags = Tags.of("package", target.packageId(), "version", Integer.toString(target.packageVersion()),
                                "topic_type", Integer.toString(StateCatalogue.TOPIC_CLIENT_DEPLOYMENT), "target_version", target.clientVersion());
                        for (ComplianceState state : ComplianceState.values()) {
                            rows.add(MultiGauge.Row.of(tags.and("status", state.name().toLowerCase(Locale.ROOT)), figures.byState().get(state)));
                        }
                    }
                    return rows;
                })).invoke(rows -> compliance.register(rows, true)).replaceWithVoid();
    }

    private Uni<Void> refreshFailures() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int topicType : FAILURE_TOPICS) {
            chain = chain.chain(() -> queries.failures(topicType, StateOutcome.failureStates(topicType), FAILURE_GROUPS).invoke(groups -> {
                for (OpsQueries.FailureGroup group : groups) {
                    rows.add(MultiGauge.Row.of(Tags.of("topic_type", Integer.toString(topicType), "state_id", Integer.toString(group.stateId()),
                            "state_name", catalogue.stateName(topicType, group.stateId()).orElse(group.stateName() == null ? "" : group.stateName()),
                            "error_code", group.errorCode() == null ? "none" : group.errorCode()), group.clients()));
                }
            }).replaceWithVoid());
        }
        return chain.invoke(() -> failures.register(rows, true));
    }

    private Uni<Void> refreshDistribution() {
        return queries.newestVersionDistribution().invoke(counts -> distributionPoints.register(counts.stream()
                .<MultiGauge.Row<?>>map(c -> MultiGauge.Row.of(Tags.of("package", c.packageId(), "version", Integer.toString(c.packageVersion()),
                        "state", c.state()), c.distributionPoints()))
                .toList(), true)).replaceWithVoid();
    }
}
