package io.acu.dpcontent.manager;

import io.acu.contracts.DistributionState;
import io.acu.dpcontent.core.DistributionStatus;
import io.acu.dpcontent.library.ValidationReport;
import java.util.List;
import java.util.Set;

/**
 * Which distributions recorded INSTALLED are no longer available on their DP (content validation withdrew them,
 * or the DP's library was lost): those go back to INSTALL_PENDING, as ConfigMgr redistributes content that failed
 * validation.
 */
public final class InstalledContentCheck {

    private InstalledContentCheck() {
    }

    /**
     * @param recorded the manager's statuses for one DP
     * @param available the package versions the DP reports as available
     * @return the INSTALLED statuses whose package version the DP does not have
     */
    public static List<DistributionStatus> missing(List<DistributionStatus> recorded, Set<ValidationReport.PackageVersionRef> available) {
        return recorded.stream()
                .filter(s -> s.state() == DistributionState.INSTALLED)
                .filter(s -> !available.contains(new ValidationReport.PackageVersionRef(s.packageId(), s.packageVersion())))
                .toList();
    }
}
