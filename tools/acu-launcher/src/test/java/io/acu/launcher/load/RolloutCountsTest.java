package io.acu.launcher.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acu.fleetsim.domain.FleetGenerator;
import io.acu.fleetsim.domain.InjectedFailure;
import io.acu.fleetsim.domain.SimulatedClient;
import io.acu.fleetsim.domain.UpgradeOutcome;
import io.acu.fleetsim.domain.WaveSimulation;
import io.acu.formats.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutCountsTest {

    private static final List<SimulatedClient> FLEET = FleetGenerator.generate(new FleetGenerator.FleetSpec(6, 7, List.of("BG-HQ"), 0,
            Version.parse("5.00.7804.1000"), Version.parse("4.2.223.1")));

    @Test
    void theVersionsRingsAreSummed() throws Exception {
        JsonNode rollouts = new ObjectMapper().readTree("""
                [{"packageId":"CAS00006","packageVersion":6,"status":"WAITING_FOR_CONTENT","rings":[]},
                 {"packageId":"CAS00006","packageVersion":5,"status":"RUNNING","rings":[
                   {"ring":"pilot","state":"PASSED","offered":20,"succeeded":19,"failed":1,"stalled":0,"inProgress":0},
                   {"ring":"broad","state":"ACTIVE","offered":100,"succeeded":50,"failed":3,"stalled":2,"inProgress":45}]}]""");

        assertThat(RolloutCounts.of(rollouts, 5)).contains(new RolloutCounts("RUNNING", 120, 69, 4, 2, 45));
        assertThat(RolloutCounts.of(rollouts, 5).orElseThrow().finished()).isEqualTo(75);
        assertThat(RolloutCounts.of(rollouts, 4)).isEmpty();
    }

    @Test
    void theFleetsTruthInRolloutsTerms() {
        WaveSimulation.WaveReport wave = new WaveSimulation.WaveReport(List.of(
                result(0, new UpgradeOutcome(UpgradeOutcome.Kind.UPGRADED, 400, 3, List.of("SCEPInstall.exe"), ""), true),
                result(1, new UpgradeOutcome(UpgradeOutcome.Kind.HASH_MISMATCH, 325, 0, List.of(), ""), true),
                result(2, new UpgradeOutcome(UpgradeOutcome.Kind.DOWNLOAD_FAILED, 309, 0, List.of(), ""), true),
                result(3, new UpgradeOutcome(UpgradeOutcome.Kind.EP_INSTALL_FAILED, 400, 4, List.of("SCEPInstall.exe"), ""), true),
                result(4, new UpgradeOutcome(UpgradeOutcome.Kind.ERROR, 400, 0, List.of(), "state message not accepted"), true),
                result(5, null, false)), 6, 0, Map.of());

        RolloutCounts expected = RolloutCounts.expected(wave);

        // offered 5 (the sixth never was); the error client is neither succeeded nor failed for rollout
        assertThat(expected).isEqualTo(new RolloutCounts("", 5, 1, 3, 0, 1));
        assertThat(expected.finished()).isEqualTo(4);
        assertThat(new RolloutCounts("COMPLETED", 5, 1, 3, 0, 1).matches(expected)).isTrue();
        assertThat(new RolloutCounts("COMPLETED", 5, 1, 2, 1, 1).matches(expected)).as("a stalled client counts as failed").isTrue();
        assertThat(new RolloutCounts("RUNNING", 5, 1, 2, 0, 2).matches(expected)).isFalse();
        assertThat(new RolloutCounts("RUNNING", 6, 1, 3, 0, 2).matches(expected)).as("offered one more").isFalse();
    }

    private static WaveSimulation.ClientResult result(int index, UpgradeOutcome outcome, boolean offered) {
        return new WaveSimulation.ClientResult(FLEET.get(index), null, InjectedFailure.NONE, outcome, offered ? Instant.EPOCH : null, "all", null, 0);
    }
}
