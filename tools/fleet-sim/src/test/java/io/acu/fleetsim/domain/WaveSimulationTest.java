package io.acu.fleetsim.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.ClientUpgradePolicy;
import io.acu.formats.Version;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaveSimulationTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-30T08:00:00Z");
    private static final CcmSetupManifest BEFORE = FakeNetwork.sample("ccmsetup-before.xml");
    private static final List<SimulatedClient> FLEET = FleetGenerator.generate(new FleetGenerator.FleetSpec(500, 2026, List.of("BG-HQ", "BG-BRANCH"),
            0.7, Version.parse("5.00.7804.1000"), Version.parse("4.2.223.1")));

    private static WaveSimulation.WaveReport run(FakeNetwork network, ClientUpgradePolicy policy, Duration horizon) throws InterruptedException {
        WaveSimulation.Settings settings = new WaveSimulation.Settings(RECEIVED, policy, new InjectedFailure.Rates(0.04, 0.03, 0.02), 2026, horizon,
                new VirtualClock(RECEIVED, 0), 4);
        return WaveSimulation.run(FLEET, c -> ClientUpgrade.installedFrom(BEFORE, Map.of("SCEPInstall.exe", c.scepVersion())), network, settings,
                (result, at) -> { });
    }

    @Test
    void everyClientEndsAsItsInjectedFateSaysAndTheRunIsReproducible() throws InterruptedException {
        String excluded = FLEET.get(3).clientId();
        ClientUpgradePolicy policy = new ClientUpgradePolicy(true, 7, List.of(excluded), false);
        FakeNetwork network = new FakeNetwork(FakeNetwork.sample("ccmsetup-after.xml"));
        WaveSimulation.WaveReport report = run(network, policy, Duration.ofDays(30));

        assertThat(report.results()).hasSize(500);
        assertThat(report.excluded()).isEqualTo(1);
        assertThat(report.pending()).isZero();
        for (WaveSimulation.ClientResult result : report.results()) {
            if (!result.attempted()) {
                assertThat(result.client().clientId()).isEqualTo(excluded);
                continue;
            }
            UpgradeOutcome.Kind expected = switch (result.injected()) {
                case NONE -> UpgradeOutcome.Kind.UPGRADED;
                case DOWNLOAD_FAILURE -> UpgradeOutcome.Kind.DOWNLOAD_FAILED;
                case HASH_MISMATCH -> UpgradeOutcome.Kind.HASH_MISMATCH;
                case INSTALL_FAILURE -> UpgradeOutcome.Kind.EP_INSTALL_FAILED;
            };
            assertThat(result.outcome().kind()).as(result.client().netbiosName()).isEqualTo(expected);
        }
        Map<UpgradeOutcome.Kind, Long> outcomes = report.outcomes();
        long upgraded = outcomes.get(UpgradeOutcome.Kind.UPGRADED);
        long epFailed = outcomes.get(UpgradeOutcome.Kind.EP_INSTALL_FAILED);
        // One FSP message per attempted client; an EP message for each that got through ccmsetup.
        assertThat(network.fsp).hasSize(499);
        assertThat(network.stateMessages).hasSize((int) (upgraded + epFailed));
        assertThat(upgraded).isBetween(420L, 480L);

        WaveSimulation.WaveReport again = run(new FakeNetwork(FakeNetwork.sample("ccmsetup-after.xml")), policy, Duration.ofDays(30));
        assertThat(again.outcomes()).isEqualTo(outcomes);
        assertThat(again.results()).extracting(WaveSimulation.ClientResult::plan).isEqualTo(report.results().stream().map(WaveSimulation.ClientResult::plan).toList());
    }

    @Test
    void clientsPlannedAfterTheHorizonStayPending() throws InterruptedException {
        ClientUpgradePolicy policy = new ClientUpgradePolicy(true, 7, List.of(), false);
        WaveSimulation.WaveReport report = run(new FakeNetwork(FakeNetwork.sample("ccmsetup-after.xml")), policy, Duration.ofDays(2));
        // Task times are uniform over 7 days, so roughly 2/7 of the fleet gets its turn within 2 days.
        long attempted = report.results().stream().filter(WaveSimulation.ClientResult::attempted).count();
        assertThat(attempted).isBetween(100L, 190L);
        assertThat(report.pending()).isEqualTo(500 - attempted);
        assertThat(report.results()).filteredOn(WaveSimulation.ClientResult::attempted)
                .allSatisfy(r -> assertThat(((UpgradePlan.Scheduled) r.plan()).installTime()).isBeforeOrEqualTo(RECEIVED.plus(Duration.ofDays(2))));
    }

    @Test
    void theVirtualClockCompressesAMonthIntoAMinute() {
        VirtualClock clock = VirtualClock.compressing(RECEIVED, Duration.ofDays(30), Duration.ofMinutes(1));
        assertThat(clock.wallOffset(RECEIVED.plus(Duration.ofDays(15)))).isEqualTo(Duration.ofSeconds(30));
        assertThat(clock.simulatedAt(Duration.ofSeconds(60))).isEqualTo(RECEIVED.plus(Duration.ofDays(30)));
        assertThat(new VirtualClock(RECEIVED, 0).wallOffset(RECEIVED.plus(Duration.ofDays(15)))).isZero();
    }
}
