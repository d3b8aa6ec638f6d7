package io.acu.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.acu.fleetsim.domain.InjectedFailure;
import io.acu.fleetsim.domain.WaveSimulation;
import io.acu.launcher.AcuStack;
import io.acu.launcher.wave.DemoSeed;
import io.acu.launcher.wave.DemoWave;
import io.acu.launcher.wave.SiteApi;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bad hotfix (the new EP agent fails to install, 2001/4 0x80070643, on 40 % of the clients) rolled out to 200
 * simulated clients: the pilot's gate halts the rollout, and no client outside the pilot is offered or downloads the
 * version — checked from the simulator, from rollout's ring figures, and from the distribution points' own count of
 * bytes served (dp-content counts bytes, not clients or versions: everything served in this run is the new version,
 * so it must not exceed what the pilot's clients need).
 */
class BadHotfixRolloutTest {

    private static final DemoWave.Options OPTIONS = new DemoWave.Options(200, 7, 20261202L, Duration.ZERO, 10,
            InjectedFailure.badHotfix(new InjectedFailure.Rates(0.02, 0.01, 0)), 0, 16, 20, DemoWave.Gate.DEMO, Duration.ofDays(1), 300);
    private static final Pattern BYTES_SERVED = Pattern.compile("(?m)^acu_dp_served_bytes_total(?:\\{[^}]*\\})? ([0-9.eE+]+)$");
    private static AcuStack stack;
    private static DemoWave.Outcome outcome;
    private static DemoSeed seed;

    @BeforeAll
    static void runTheWave() throws InterruptedException {
        stack = AcuStack.start(RolloutWaveTest.PROJECT, RolloutWaveTest.PROJECT.resolve("target/bad-hotfix-logs"), RolloutWaveTest.ROLLOUT_SETTINGS);
        seed = DemoSeed.load(RolloutWaveTest.PROJECT);
        outcome = DemoWave.run(stack, seed, OPTIONS, System.out);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void thePilotHaltsTheRolloutWithItsReason() {
        JsonNode rollout = outcome.rollout();
        assertThat(rollout.path("status").asText()).isEqualTo("HALTED");
        assertThat(rollout.path("rings").path(0).path("ring").asText()).isEqualTo("pilot");
        assertThat(rollout.path("rings").path(0).path("state").asText()).isEqualTo("HALTED");
        assertThat(rollout.path("reason").asText()).contains("failed");
        assertThat(rollout.path("topErrorCodes").findValuesAsText("errorCode")).contains(InjectedFailure.INSTALL_FAILURE_CODE);
        assertThat(outcome.scenarioBroken()).isEmpty();
        assertThat(outcome.ringMismatches()).isEmpty();
        assertThat(outcome.observed()).isEqualTo(outcome.expected());
    }

    @Test
    void noClientOutsideThePilotIsOfferedOrDownloadsTheVersion() {
        WaveSimulation.WaveReport wave = outcome.run().wave();
        // The simulator's ground truth ...
        assertThat(outcome.offeredOutsidePilot()).isZero();
        assertThat(wave.results()).filteredOn(WaveSimulation.ClientResult::attempted)
                .allSatisfy(r -> assertThat(outcome.pilot()).contains(r.client().clientId()));
        // ... rollout's own figures ...
        for (JsonNode ring : outcome.rollout().path("rings")) {
            if (!"pilot".equals(ring.path("ring").asText())) {
                assertThat(ring.path("offered").asLong()).as(ring.path("ring").asText()).isZero();
                assertThat(ring.path("state").asText()).isEqualTo("PENDING");
            }
        }
        // ... a client outside the pilot asking rollout directly gets the baseline and no grant ...
        var outsider = wave.results().stream().filter(r -> !outcome.pilot().contains(r.client().clientId()) && !r.offered()
                && r.plan() instanceof io.acu.fleetsim.domain.UpgradePlan.NotOffered).findFirst().orElseThrow().client();
        SiteApi site = DemoWave.siteApi(stack);
        assertThat(site.clientPolicy(DemoSeed.PACKAGE_ID, outsider.clientId(), outsider.boundaryGroup(), stack.clientToken(outsider.clientId()))
                .path("offeredVersion").asInt()).isEqualTo(4);
        given().baseUri(stack.service("rollout").baseUri().toString()).contentType("application/json")
                .header("Authorization", "Bearer " + stack.clientToken(outsider.clientId()))
                .body("{\"packageId\":\"CAS00006\",\"packageVersion\":5,\"clientId\":\"" + outsider.clientId() + "\",\"distributionPoint\":\"dp01\","
                        + "\"boundaryGroup\":\"" + outsider.boundaryGroup() + "\"}")
                .post("/api/download-grants").then().statusCode(409);
        // ... and the distribution points' own count: at most one cab and one installer per pilot client was served.
        long served = bytesServed("dp-content") + bytesServed("dp-content-dp02");
        long cabinet = given().baseUri(stack.service("dp-content").baseUri().toString()).get("/SMS_DP_SMSPKG$/CAS00006.5/ccmsetup.cab")
                .then().statusCode(200).extract().asByteArray().length;
        long perClient = cabinet + seed.hotfixInstaller().length;
        assertThat(served).isPositive().isLessThanOrEqualTo(outcome.pilot().size() * perClient);
        System.out.printf("bad hotfix: DPs served %,d bytes, at most %,d for %d pilot clients; %d pilot clients downloaded (fleet-sim)%n", served,
                outcome.pilot().size() * perClient, outcome.pilot().size(), outcome.run().counters().downloads());
    }

    private static long bytesServed(String instance) {
        String metrics = given().baseUri(stack.service(instance).baseUri().toString()).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = BYTES_SERVED.matcher(metrics);
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    }
}
