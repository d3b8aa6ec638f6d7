package io.acu.dpcontent.directory;

import io.acu.dpcontent.core.DistributionStatus;
import java.util.List;
import java.util.Optional;

/**
 * Port: which distribution points exist, and where their per-package status is shown to operators. Adapters: the
 * Kubernetes one ({@code DistributionPoint} custom resources, status written back to them) and the static one
 * (configuration, for local runs and the demo).
 */
public interface DistributionPointDirectory {

    /** @return every known distribution point, enabled or not, by name */
    List<DistributionPoint> distributionPoints();

    /**
     * @param name a distribution point name
     * @return it, if known
     */
    default Optional<DistributionPoint> find(String name) {
        return distributionPoints().stream().filter(dp -> dp.name().equals(name)).findFirst();
    }

    /**
     * Shows a package version's status on a distribution point where operators look (the custom resource's
     * status). Best effort: a failure is logged by the adapter, never thrown, because the database is the record.
     *
     * @param distributionPoint the DP's name
     * @param status its status for one package version
     */
    default void showStatus(String distributionPoint, DistributionStatus status) {
    }
}
