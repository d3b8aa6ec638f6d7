package io.acu.dpcontent.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.dpcontent.core.DistributionStatus;
import io.acu.dpcontent.library.ValidationReport;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstalledContentCheckTest {

    @Test
    void onlyInstalledVersionsTheDpLacksAreReturned() {
        Instant t = Instant.parse("2026-11-29T10:00:00Z");
        DistributionStatus v4 = DistributionStatus.pending("CAS00006", 4, "dp02", t).installed(10, t);
        DistributionStatus v5 = DistributionStatus.pending("CAS00006", 5, "dp02", t).installed(10, t);
        DistributionStatus v6 = DistributionStatus.pending("CAS00006", 6, "dp02", t);

        List<DistributionStatus> missing = InstalledContentCheck.missing(List.of(v4, v5, v6),
                Set.of(new ValidationReport.PackageVersionRef("CAS00006", 4)));

        assertThat(missing).containsExactly(v5);
    }
}
