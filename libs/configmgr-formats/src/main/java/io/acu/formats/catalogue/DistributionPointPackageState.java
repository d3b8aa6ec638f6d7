package io.acu.formats.catalogue;

import java.util.Optional;

/**
 * The state of one package on one distribution point, with ConfigMgr's numeric codes
 * ({@code SMS_PackageStatusDistPointsSummarizer.State}).
 */
public enum DistributionPointPackageState {
    /** 0: the content is on the DP and verified. */
    INSTALLED(0),
    /** 1: distribution is queued or in progress. */
    INSTALL_PENDING(1),
    /** 2: distribution failed and will be retried. */
    INSTALL_RETRYING(2),
    /** 3: distribution failed for good. */
    INSTALL_FAILED(3),
    /** 4: removal is queued or in progress. */
    REMOVAL_PENDING(4),
    /** 5: removal failed and will be retried. */
    REMOVAL_RETRYING(5),
    /** 6: removal failed for good. */
    REMOVAL_FAILED(6);

    private final int code;

    DistributionPointPackageState(int code) {
        this.code = code;
    }

    /** ConfigMgr's numeric code. */
    public int code() {
        return code;
    }

    /** The state for a numeric code; empty if the code is not one of 0..6. */
    public static Optional<DistributionPointPackageState> fromCode(int code) {
        for (DistributionPointPackageState value : values()) {
            if (value.code == code) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
