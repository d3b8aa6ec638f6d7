package io.acu.rollout.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentHoldersTest {

    private final ContentHolders holders = new ContentHolders("CAS00006 v5", Map.of("dp01", "INSTALLED", "DP02.corp.example", "INSTALLED",
            "dp03", "INSTALL_PENDING", "dp04", "FAILED"));

    @Test
    void aDpHoldingTheContentIsNamedAsItReported() {
        assertThat(holders.require("dp01")).isEqualTo("dp01");
        assertThat(holders.require("DP01")).isEqualTo("dp01");
        assertThat(holders.require("dp02.CORP.example")).isEqualTo("DP02.corp.example");
    }

    @Test
    void aDpWithoutTheContentIsRefusedWithItsState() {
        assertThatThrownBy(() -> holders.require("dp03")).isInstanceOf(RolloutConflictException.class)
                .hasMessage("distributionPoint 'dp03' does not hold CAS00006 v5: its content of CAS00006 v5 is INSTALL_PENDING, not INSTALLED;"
                        + " the version is INSTALLED on dp01, DP02.corp.example");
        assertThatThrownBy(() -> holders.require("dp04")).hasMessageContaining("is FAILED, not INSTALLED");
    }

    @Test
    void anUnknownDpIsRefused() {
        assertThatThrownBy(() -> holders.require("dp99")).isInstanceOf(RolloutConflictException.class)
                .hasMessage("distributionPoint 'dp99' does not hold CAS00006 v5: no distribution status of CAS00006 v5 came from it"
                        + " (an unknown distribution point); the version is INSTALLED on dp01, DP02.corp.example");
        assertThatThrownBy(() -> new ContentHolders("CAS00006 v6", Map.of()).require("dp01"))
                .hasMessageEndingWith("; no distribution point holds the version yet");
    }
}
