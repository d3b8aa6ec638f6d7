package io.acu.contracts;

import java.util.Arrays;

/**
 * State of one package version on one distribution point, with ConfigMgr's numeric codes (the State of
 * SMS_PackageStatusDistPointsSummarizer). In JSON the constant's name, e.g. {@code "INSTALLED"}.
 */
public enum DistributionState {

    /** 0: the content is on the distribution point, verified, and served to clients. */
    INSTALLED(0),
    /** 1: distribution requested, not yet done. */
    INSTALL_PENDING(1),
    /** 2: a transfer failed; another attempt is scheduled with backoff. */
    INSTALL_RETRYING(2),
    /** 3: the attempts are exhausted; needs an operator (or a new version) to try again. */
    INSTALL_FAILED(3),
    /** 4: removal of the content requested, not yet done. */
    REMOVAL_PENDING(4),
    /** 5: a removal failed; another attempt is scheduled. */
    REMOVAL_RETRYING(5),
    /** 6: the removal attempts are exhausted. */
    REMOVAL_FAILED(6);

    private final int code;

    DistributionState(int code) {
        this.code = code;
    }

    /** @return ConfigMgr's numeric code of the state, 0 to 6 */
    public int code() {
        return code;
    }

    /**
     * The state of a ConfigMgr code.
     *
     * @param code 0 to 6
     * @return the state
     * @throws IllegalArgumentException for any other code
     */
    public static DistributionState fromCode(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown distribution state code " + code));
    }
}
