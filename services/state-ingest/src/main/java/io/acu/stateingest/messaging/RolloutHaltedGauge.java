package io.acu.stateingest.messaging;

import io.acu.contracts.RolloutStatus;
import io.acu.stateingest.persistence.RolloutStateStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * {@code acu_stateingest_rollout_halted{package="CAS00006",version="5"}}: 1 while the rollout of that package version
 * is HALTED by its health gate, else 0, from the stored RolloutStateChanged snapshots (rollout itself exports the
 * ring gauges). Seeded from the table at start, then moved by {@link RolloutChangedConsumer} whenever a snapshot is
 * stored.
 */
@Startup
@ApplicationScoped
public class RolloutHaltedGauge {

    /** The gauge's name (Prometheus: {@code acu_stateingest_rollout_halted}). */
    public static final String METRIC = "acu.stateingest.rollout.halted";
    private static final Logger LOG = Logger.getLogger(RolloutHaltedGauge.class);

    private final MeterRegistry metrics;
    private final Map<String, AtomicInteger> halted = new ConcurrentHashMap<>();

    RolloutHaltedGauge(MeterRegistry metrics, RolloutStateStore store) {
        this.metrics = metrics;
        // Only versions the consumer has not set yet: a snapshot it stored meanwhile is newer than this read.
        store.list(null).subscribe().with(
                rollouts -> rollouts.forEach(r -> gauge(r.packageId(), r.packageVersion(), true).compareAndSet(-1, value(r.status()))),
                failure -> LOG.warnf("Reading the stored rollouts for %s failed; it fills as RolloutStateChanged arrive: %s", METRIC, failure));
    }

    /** Records the status of a stored snapshot. */
    void stored(String packageId, int packageVersion, RolloutStatus status) {
        gauge(packageId, packageVersion, false).set(value(status));
    }

    private AtomicInteger gauge(String packageId, int packageVersion, boolean unset) {
        return halted.computeIfAbsent(packageId + "/" + packageVersion, key -> {
            AtomicInteger value = new AtomicInteger(unset ? -1 : 0);
            Gauge.builder(METRIC, value, v -> Math.max(v.get(), 0)).tag("package", packageId).tag("version", Integer.toString(packageVersion))
                    .description("1 while the rollout of the package version is halted by its health gate, else 0").register(metrics);
            return value;
        });
    }

    private static int value(RolloutStatus status) {
        return status == RolloutStatus.HALTED ? 1 : 0;
    }
}
