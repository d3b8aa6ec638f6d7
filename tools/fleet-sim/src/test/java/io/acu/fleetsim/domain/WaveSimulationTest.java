package io.acu.fleetsim.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.formats.Version;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WaveSimulationTest {

    private static final Instant START = Instant.parse("2026-11-30T08:00:00Z");
    private static final CcmSetupManifest BEFORE = FakeNetwork.sample("ccmsetup-before.xml");
    private static final List<SimulatedClient> FLEET = FleetGenerator.generate(new FleetGenerator.FleetSpec(500, 2026, List.of("BG-HQ", "BG-BRANCH"),
            0.7, Version.parse("5.00.7804.1000"), Version.parse("4.2.223.1")));
    private static final InjectedFailure.Rates RATES = new InjectedFailure.Rates(0.04, 0.03, 0.02);

    private static WaveSimulation.WaveReport run(FakeNetwork network, InjectedFailure.Rates rates, Duration horizon) throws InterruptedException {
        WaveSimulation.Settings settings = new WaveSimulation.Settings(START, FakeNetwork.VERSION, Duration.ofHours(1), rates, 2026, horizon,
                new VirtualClock(START, 0), 4, Duration.ofSeconds(30), WaveSimulation.TERMINAL_STATUSES);
        return WaveSimulation.run(FLEET, c -> ClientUpgrade.installedFrom(BEFORE, Map.of("SCEPInstall.exe", c.scepVersion())), network, settings,
                (result, at) -> { });
    }

    private static FakeNetwork network() {
        return new FakeNetwork(FakeNetwork.sample("ccmsetup-after.xml"));
    }

    @Test
    void everyOfferedClientEndsAsItsInjectedFateSaysAndTheRunIsReproducible() throws InterruptedException {
        String excluded = FLEET.get(3).clientId();
        FakeNetwork network = network();
        network.policy = client -> client.clientId().equals(excluded)
                ? new ClientPolicy("CAS00006", null, 5, null, "RUNNING", false, true, true, 7, false, "the client is excluded")
                : FakeNetwork.offered(client, "broad", "RUNNING");
        WaveSimulation.WaveReport report = run(network, RATES, Duration.ofDays(30));

        assertThat(report.results()).hasSize(500);
        assertThat(report.excluded()).isEqualTo(1);
        assertThat(report.offered()).isEqualTo(499);
        assertThat(report.pending()).isZero();
        assertThat(report.notOffered()).isZero();
        // Everyone offered at its first read: one read each, no more.
        assertThat(report.policyReads()).isEqualTo(500);
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
            // The task time falls within the window from the offer, which came within the first policy interval.
            UpgradePlan.Scheduled plan = (UpgradePlan.Scheduled) result.plan();
            assertThat(result.offeredAt()).isBetween(START, START.plus(Duration.ofHours(1)));
            assertThat(plan.taskTime()).isBetween(result.offeredAt(), result.offeredAt().plus(Duration.ofDays(7)));
        }
        Map<UpgradeOutcome.Kind, Long> outcomes = report.outcomes();
        long upgraded = outcomes.get(UpgradeOutcome.Kind.UPGRADED);
        long epFailed = outcomes.get(UpgradeOutcome.Kind.EP_INSTALL_FAILED);
        assertThat(network.fsp).hasSize(499);
        assertThat(network.stateMessages).hasSize((int) (upgraded + epFailed));
        assertThat(upgraded).isBetween(420L, 480L);
        assertThat(report.byRing().get("broad")).isEqualTo(new WaveSimulation.RingTally(499, 499, upgraded, 499 - upgraded, 0));

        WaveSimulation.WaveReport again = run(network(), RATES, Duration.ofDays(30));
        assertThat(again.outcomes()).isEqualTo(run(network(), RATES, Duration.ofDays(30)).outcomes());
    }

    @Test
    void clientsWaitForTheirRingAndReadTheirPolicyEveryIntervalMeanwhile() throws InterruptedException {
        Set<String> pilot = FLEET.subList(0, 40).stream().map(SimulatedClient::clientId).collect(Collectors.toSet());
        FakeNetwork network = network();
        AtomicInteger pilotSucceeded = new AtomicInteger();
        // The fake rollout starts the next ring once 30 pilot clients reported success (as a gate would).
        network.policy = client -> pilot.contains(client.clientId()) ? FakeNetwork.offered(client, "pilot", "RUNNING")
                : pilotSucceeded.get() >= 30 ? FakeNetwork.offered(client, "broad", "RUNNING")
                : FakeNetwork.notOffered(client, "broad", "RUNNING", "ring broad has not started");
        WaveSimulation.Listener countPilot = (result, at) -> {
            if (pilot.contains(result.client().clientId()) && result.outcome().kind() == UpgradeOutcome.Kind.UPGRADED) {
                pilotSucceeded.incrementAndGet();
            }
        };
        WaveSimulation.Settings settings = new WaveSimulation.Settings(START, 5, Duration.ofHours(1), InjectedFailure.Rates.ZERO, 2026,
                Duration.ofDays(30), new VirtualClock(START, 0), 1, Duration.ofSeconds(30), WaveSimulation.TERMINAL_STATUSES);
        WaveSimulation.WaveReport report = WaveSimulation.run(FLEET, c -> ClientUpgrade.installedFrom(BEFORE, Map.of("SCEPInstall.exe", c.scepVersion())),
                network, settings, countPilot);

        assertThat(report.outcomes()).containsExactly(Map.entry(UpgradeOutcome.Kind.UPGRADED, 500L));
        Instant thirtiethPilot = report.results().stream().filter(r -> pilot.contains(r.client().clientId()))
                .map(r -> ((UpgradePlan.Scheduled) r.plan()).installTime()).sorted().skip(29).findFirst().orElseThrow();
        // No broad client is offered before the pilot's 30th success, and each is offered within an interval after it
        // (its next policy read), give or take the clients a single worker was still finishing.
        assertThat(report.results()).filteredOn(r -> !pilot.contains(r.client().clientId()))
                .allSatisfy(r -> assertThat(r.offeredAt()).isAfterOrEqualTo(thirtiethPilot));
        assertThat(report.byRing().get("pilot").offered()).isEqualTo(40);
        assertThat(report.byRing().get("broad").offered()).isEqualTo(460);
        assertThat(report.policyReads()).isGreaterThan(460L * 24);
    }

    @Test
    void aHaltedRolloutOffersNothingMoreRefusesDownloadsAndEndsTheRun() throws InterruptedException {
        Set<String> pilot = FLEET.subList(0, 40).stream().map(SimulatedClient::clientId).collect(Collectors.toSet());
        FakeNetwork network = network();
        AtomicInteger pilotFailed = new AtomicInteger();
        network.policy = client -> {
            boolean halted = pilotFailed.get() >= 5;
            String status = halted ? "HALTED" : "RUNNING";
            return pilot.contains(client.clientId()) ? FakeNetwork.offered(client, "pilot", status)
                    : FakeNetwork.notOffered(client, "broad", status, halted ? "the rollout is HALTED: 5 of 10 failed" : "ring broad has not started");
        };
        network.grantOverride = client -> pilotFailed.get() >= 5 ? new DownloadGrant.Refused("the rollout of CAS00006 v5 is HALTED") : null;
        WaveSimulation.Settings settings = new WaveSimulation.Settings(START, 5, Duration.ofHours(1), InjectedFailure.badHotfix(InjectedFailure.Rates.ZERO),
                2026, Duration.ofDays(60), new VirtualClock(START, 0), 1, Duration.ofSeconds(30), WaveSimulation.TERMINAL_STATUSES);
        WaveSimulation.WaveReport report = WaveSimulation.run(FLEET, c -> ClientUpgrade.installedFrom(BEFORE, Map.of("SCEPInstall.exe", c.scepVersion())),
                network, settings, (result, at) -> {
                    if (result.outcome().kind() == UpgradeOutcome.Kind.EP_INSTALL_FAILED) {
                        pilotFailed.incrementAndGet();
                    }
                });

        assertThat(report.offered()).isEqualTo(40);
        assertThat(report.notOffered()).isEqualTo(460);
        assertThat(report.results()).filteredOn(WaveSimulation.ClientResult::attempted).allSatisfy(r -> assertThat(pilot).contains(r.client().clientId()));
        long attempted = report.results().stream().filter(WaveSimulation.ClientResult::attempted).count();
        assertThat(report.refused()).isEqualTo(40 - attempted).isPositive();
        assertThat(report.results()).filteredOn(r -> r.refusal() != null).allSatisfy(r -> assertThat(r.refusal()).contains("HALTED"));
        assertThat(pilotFailed.get()).isEqualTo(5);
        // It ended with the halt, long before the 60-day horizon: the refused clients polled a few more times at most.
        assertThat(report.results()).filteredOn(r -> !r.offered())
                .allSatisfy(r -> assertThat(((UpgradePlan.NotOffered) r.plan()).reason()).contains("HALTED"));
    }

    @Test
    void aFullDistributionPointMakesClientsWaitAndRetryAndNeverHoldsMoreThanItsCap() throws InterruptedException {
        FakeNetwork network = network();
        network.grantCap = 2;
        network.downloadMillis = 3;
        WaveSimulation.Settings settings = new WaveSimulation.Settings(START, 5, Duration.ofHours(1), RATES, 2026, Duration.ofDays(30),
                new VirtualClock(START, 0), 8, Duration.ofSeconds(30), WaveSimulation.TERMINAL_STATUSES);
        WaveSimulation.WaveReport report = WaveSimulation.run(FLEET, c -> ClientUpgrade.installedFrom(BEFORE, Map.of("SCEPInstall.exe", c.scepVersion())),
                network, settings, (result, at) -> { });

        assertThat(report.results()).allSatisfy(r -> assertThat(r.attempted()).isTrue());
        assertThat(report.outcomes()).doesNotContainKey(UpgradeOutcome.Kind.ERROR);
        assertThat(report.peakGrants()).containsOnlyKeys("dp01", "dp02");
        // The server never has more than its cap in flight. The fleet's own count may see one more for an instant: this
        // fake releases a grant as the final report is sent, before the client's bookkeeping does (the real rollout
        // releases later, when it has consumed the report, so there the fleet's count stays within the cap).
        assertThat(network.peakGrantsHeld).containsOnlyKeys("dp01", "dp02");
        assertThat(network.peakGrantsHeld.values()).allSatisfy(peak -> assertThat(peak).isEqualTo(2));
        assertThat(report.peakGrants().values()).allSatisfy(peak -> assertThat(peak).isBetween(1, 3));
        assertThat(report.grantRetries()).isPositive().isEqualTo(network.grantRequests.get() - 500L);
        assertThat(report.results().stream().mapToLong(WaveSimulation.ClientResult::grantRetries).sum()).isEqualTo(report.grantRetries());
    }

    @Test
    void aRefusedClientReadsItsPolicyAgainAndInstallsOnceOfferedAgain() throws InterruptedException {
        FakeNetwork network = network();
        AtomicInteger refusals = new AtomicInteger();
        network.grantOverride = client -> client.index() == 7 && refusals.getAndIncrement() == 0 ? new DownloadGrant.Refused("the rollout is PAUSED")
                : null;
        WaveSimulation.WaveReport report = run(network, InjectedFailure.Rates.ZERO, Duration.ofDays(30));

        WaveSimulation.ClientResult seventh = report.results().get(7);
        assertThat(seventh.outcome().kind()).isEqualTo(UpgradeOutcome.Kind.UPGRADED);
        assertThat(seventh.refusal()).isNull();
        assertThat(report.policyReads()).isEqualTo(501); // one more read for the refused client
    }

    @Test
    void clientsPlannedAfterTheHorizonStayPending() throws InterruptedException {
        WaveSimulation.WaveReport report = run(network(), RATES, Duration.ofDays(2));
        // Task times are uniform over 7 days, so roughly 2/7 of the fleet gets its turn within 2 days.
        long attempted = report.results().stream().filter(WaveSimulation.ClientResult::attempted).count();
        assertThat(attempted).isBetween(100L, 190L);
        assertThat(report.pending()).isEqualTo(500 - attempted);
        assertThat(report.results()).filteredOn(WaveSimulation.ClientResult::attempted)
                .allSatisfy(r -> assertThat(((UpgradePlan.Scheduled) r.plan()).installTime()).isBeforeOrEqualTo(START.plus(Duration.ofDays(2))));
    }

    @Test
    void theVirtualClockCompressesAMonthIntoAMinute() {
        VirtualClock clock = VirtualClock.compressing(START, Duration.ofDays(30), Duration.ofMinutes(1));
        assertThat(clock.wallOffset(START.plus(Duration.ofDays(15)))).isEqualTo(Duration.ofSeconds(30));
        assertThat(clock.simulatedAt(Duration.ofSeconds(60))).isEqualTo(START.plus(Duration.ofDays(30)));
        assertThat(new VirtualClock(START, 0).wallOffset(START.plus(Duration.ofDays(15)))).isZero();
    }
}
