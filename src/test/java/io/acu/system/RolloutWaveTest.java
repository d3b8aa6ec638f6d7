package io.acu.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.acu.fleetsim.domain.InjectedFailure;
import io.acu.fleetsim.domain.UpgradeOutcome;
import io.acu.fleetsim.domain.WaveSimulation;
import io.acu.launcher.AcuStack;
import io.acu.launcher.wave.DemoSeed;
import io.acu.launcher.wave.DemoWave;
import io.acu.launcher.wave.SiteApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A good hotfix rolled out ring by ring through the packaged stack: 200 simulated clients (fixed seed) read their own
 * policy from rollout, ask for download grants against a cap of {@link #MAX_IN_FLIGHT} per distribution point, and
 * upgrade; the pilot's gate passes, early and broad follow with no manual step, rollout counts per ring what the
 * fleet did, and rollout's recorded peak of grants in flight per distribution point never exceeded the cap. Then the
 * version is revoked: the policy offers the previous version and grants for the revoked one are refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutWaveTest {

    static final Path PROJECT = Path.of(System.getProperty("acu.project.dir", ".")).toAbsolutePath();
    /** K: grants in flight per distribution point, small so that the cap is what limits the fleet. */
    static final int MAX_IN_FLIGHT = 3;
    /** rollout's settings for these tests: a small K, a short Retry-After, quick gate evaluation. */
    static final Map<String, Map<String, String>> ROLLOUT_SETTINGS = Map.of("rollout", Map.of(
            "ACU_ROLLOUT_GRANTS_MAX_IN_FLIGHT", String.valueOf(MAX_IN_FLIGHT),
            "ACU_ROLLOUT_GRANTS_RETRY_AFTER", "PT1S",
            "ACU_ROLLOUT_EVALUATE_INTERVAL", "500ms"));
    private static final DemoWave.Options OPTIONS = new DemoWave.Options(200, 7, 20261201L, Duration.ZERO, 10,
            new InjectedFailure.Rates(0.02, 0.01, 0.02), 0.1, 16, 20, DemoWave.Gate.DEMO, Duration.ofDays(1), 300);
    private static AcuStack stack;
    private static DemoWave.Outcome outcome;

    @BeforeAll
    static void runTheWave() throws InterruptedException {
        stack = AcuStack.start(PROJECT, PROJECT.resolve("target/rollout-wave-logs"), ROLLOUT_SETTINGS);
        outcome = DemoWave.run(stack, DemoSeed.load(PROJECT), OPTIONS, System.out);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void everyRingPassesWithNoManualStep() {
        JsonNode rollout = outcome.rollout();
        assertThat(rollout.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(rollout.path("rings").findValuesAsText("ring")).containsExactly("pilot", "early", "broad");
        assertThat(rollout.path("rings").findValuesAsText("state")).containsOnly("PASSED");
        assertThat(outcome.scenarioBroken()).isEmpty();
        // Nobody promoted: the history holds no operator's action.
        JsonNode history = DemoWave.siteApi(stack).rollout(DemoSeed.PACKAGE_ID, 5).path("history");
        assertThat(history.findValuesAsText("change")).doesNotContain("PROMOTED", "RESUMED");
    }

    @Test
    @Order(2)
    void rolloutAndStateIngestCountWhatTheFleetDid() {
        WaveSimulation.WaveReport wave = outcome.run().wave();
        assertThat(wave.excluded()).isEqualTo(10);
        assertThat(wave.offered()).isEqualTo(190);
        assertThat(wave.pending()).isZero();
        assertThat(wave.outcomes()).doesNotContainKey(UpgradeOutcome.Kind.ERROR);
        assertThat(outcome.ringMismatches()).isEmpty();
        assertThat(outcome.observed()).isEqualTo(outcome.expected());
        // Pilot clients are the 20 the plan names, and only they.
        assertThat(wave.byRing().get("pilot").clients()).isEqualTo(20);
        assertThat(wave.results()).filteredOn(r -> "pilot".equals(r.ring())).allSatisfy(r -> assertThat(outcome.pilot()).contains(r.client().clientId()));
    }

    @Test
    @Order(3)
    void noDistributionPointEverHadMoreThanKGrantsInFlight() {
        // rollout's own record: per DP, the most grants it had in flight at once, counted inside the grant's locked
        // transaction (so it holds with any number of replicas).
        JsonNode points = DemoWave.siteApi(stack).distributionPointGrants();
        Map<String, Integer> peaks = new java.util.TreeMap<>();
        points.forEach(p -> {
            assertThat(p.path("maxInFlight").asInt()).isEqualTo(MAX_IN_FLIGHT);
            peaks.put(p.path("distributionPoint").asText(), p.path("peakInFlight").asInt());
        });
        assertThat(peaks).containsOnlyKeys("dp01", "dp02");
        assertThat(peaks.values()).allSatisfy(peak -> assertThat(peak).isBetween(1, MAX_IN_FLIGHT));
        WaveSimulation.WaveReport wave = outcome.run().wave();
        assertThat(outcome.run().counters().grantRequests()).isEqualTo(190 + outcome.run().counters().grantsBusy());
        // The fleet's own count is a looser check: a client's bookkeeping after its final report can lag rollout's
        // release of the grant on consuming that report, so it may show one more than rollout ever had in flight.
        assertThat(wave.peakGrants()).containsOnlyKeys("dp01", "dp02");
        assertThat(wave.peakGrants().values()).allSatisfy(peak -> assertThat(peak).isBetween(1, MAX_IN_FLIGHT + 1));
        System.out.printf("grants: rollout's peak per DP %s, the fleet's %s, %d answered 429 and retried%n", peaks, wave.peakGrants(),
                wave.grantRetries());
    }

    @Test
    @Order(4)
    void revokeStopsOffersAndThePolicyOffersThePreviousVersion() {
        SiteApi site = DemoWave.siteApi(stack);
        var client = outcome.run().wave().results().get(100).client();
        assertThat(site.clientPolicy(DemoSeed.PACKAGE_ID, client.clientId(), client.boundaryGroup(), stack.clientToken(client.clientId()))
                .path("offeredVersion").asInt()).isEqualTo(5);

        JsonNode revoked = site.rolloutAction(DemoSeed.PACKAGE_ID, 5, "revoke", "RolloutWaveTest: revoke stops offers");
        assertThat(revoked.path("status").asText()).isEqualTo("REVOKED");

        JsonNode policy = site.clientPolicy(DemoSeed.PACKAGE_ID, client.clientId(), client.boundaryGroup(), stack.clientToken(client.clientId()));
        assertThat(policy.path("offeredVersion").asInt()).isEqualTo(4);
        // A client never seen before is not offered the revoked version either.
        String newcomerId = "GUID:00000000-0000-4000-8000-0000000000AA";
        JsonNode newcomer = site.clientPolicy(DemoSeed.PACKAGE_ID, newcomerId, "BG-HQ", stack.clientToken(newcomerId));
        assertThat(newcomer.path("offeredVersion").asInt()).isEqualTo(4);
        assertThat(site.rollout(DemoSeed.PACKAGE_ID, 5).path("history").findValuesAsText("change")).contains("REVOKED");
    }
}
