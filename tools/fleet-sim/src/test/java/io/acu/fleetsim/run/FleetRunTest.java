package io.acu.fleetsim.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.fleetsim.domain.FleetGenerator;
import io.acu.fleetsim.domain.InjectedFailure;
import io.acu.fleetsim.domain.UpgradeOutcome;
import io.acu.fleetsim.domain.WaveSimulation;
import io.acu.fleetsim.http.ClientDraws;
import io.acu.fleetsim.http.HttpExchanges;
import io.acu.fleetsim.http.RetryPolicy;
import io.acu.fleetsim.http.StubServices;
import io.acu.fleetsim.http.TransportCounters;
import io.acu.formats.Version;
import io.acu.formats.statemessage.Report;
import io.acu.formats.statemessage.StateMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Whole waves through {@link FleetRun} against the in-JVM services ({@link StubServices}): full and status-only. */
class FleetRunTest {

    private static final Instant START = Instant.parse("2026-11-30T08:00:00Z");
    private static final long SEED = 2026;
    private static final String FSP = "/SMS_FSP/.sms_fsp";
    private static final String INTAKE = "/api/state-messages";
    private static final HttpExchanges.Settings HTTP = new HttpExchanges.Settings(Duration.ofSeconds(2), Duration.ofSeconds(10),
            new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(20)));

    private StubServices services;

    @BeforeEach
    void start() {
        services = StubServices.seed();
    }

    @AfterEach
    void stop() {
        services.close();
    }

    private FleetRun.Settings settings(int clients, boolean statusOnly, double interrupted, double duplicates) {
        FleetGenerator.FleetSpec fleet = new FleetGenerator.FleetSpec(clients, SEED, List.of("BG-HQ", "BG-Branch"), 0.7, Version.parse("5.00.7804.1000"),
                Version.parse("4.2.223.1"));
        return new FleetRun.Settings(services.endpoints(), Optional.of(StubServices.TOKEN), "CAS00006", fleet, new InjectedFailure.Rates(0.05, 0.05, 0.05),
                interrupted, duplicates, Duration.ZERO, Duration.ofDays(8), Duration.ofHours(1), 1_000_000, 4, statusOnly, Optional.of(START), HTTP);
    }

    @Test
    void aFullWaveDownloadsVerifiesReportsAndMatchesWhatTheServicesReceived() throws InterruptedException {
        String excluded = FleetGenerator.generate(settings(60, false, 0, 0).fleet()).get(5).clientId();
        services.excludedClients.add(excluded);
        AtomicInteger progress = new AtomicInteger();

        FleetRun.Result result = FleetRun.run(settings(60, false, 0.3, 0.1), (r, at) -> progress.incrementAndGet());

        WaveSimulation.WaveReport wave = result.wave();
        assertThat(result.baselineVersion()).isEqualTo(4);
        assertThat(result.packageVersion()).isEqualTo(5);
        assertThat(wave.results()).hasSize(60);
        assertThat(wave.excluded()).isEqualTo(1);
        assertThat(wave.pending()).isZero();
        assertThat(wave.offered()).isEqualTo(59);
        assertThat(progress.get()).isEqualTo(59);
        // Each client read its own policy once (offered at once) and asked for one grant, for its DP.
        assertThat(services.policyQueries).hasSize(60);
        assertThat(services.grantRequests).hasSize(59);
        assertThat(result.counters().grantRequests()).isEqualTo(59);
        long downloaded = 0;
        long resumed = 0;
        long fspDuplicates = 0;
        long epDuplicates = 0;
        for (WaveSimulation.ClientResult client : wave.results()) {
            if (!client.attempted()) {
                assertThat(client.client().clientId()).isEqualTo(excluded);
                continue;
            }
            UpgradeOutcome.Kind expected = switch (client.injected()) {
                case NONE -> UpgradeOutcome.Kind.UPGRADED;
                case DOWNLOAD_FAILURE -> UpgradeOutcome.Kind.DOWNLOAD_FAILED;
                case HASH_MISMATCH -> UpgradeOutcome.Kind.HASH_MISMATCH;
                case INSTALL_FAILURE -> UpgradeOutcome.Kind.EP_INSTALL_FAILED;
            };
            assertThat(client.outcome().kind()).as(client.client().netbiosName() + ": " + client.outcome().detail()).isEqualTo(expected);
            int index = client.client().index();
            boolean duplicating = ClientDraws.sendsDuplicates(SEED, index, 0.1);
            fspDuplicates += duplicating ? 1 : 0;
            if (client.injected() != InjectedFailure.DOWNLOAD_FAILURE) {
                downloaded++;
                resumed += ClientDraws.downloadInterrupted(SEED, index, "SCEPInstall.exe", 0.3) ? 1 : 0;
            }
            if (client.outcome().epStateId() != 0) {
                epDuplicates += duplicating ? 1 : 0;
            }
        }
        Map<UpgradeOutcome.Kind, Long> outcomes = wave.outcomes();
        long epSent = outcomes.getOrDefault(UpgradeOutcome.Kind.UPGRADED, 0L) + outcomes.getOrDefault(UpgradeOutcome.Kind.EP_INSTALL_FAILED, 0L);
        assertThat(resumed).isPositive();
        assertThat(fspDuplicates).isPositive();

        TransportCounters.Snapshot counts = result.counters();
        // Every attempted client fetched and verified the cab; all but the injected BITS failures downloaded SCEPInstall.exe.
        assertThat(counts.manifestsFetched()).isEqualTo(59);
        assertThat(counts.downloads()).isEqualTo(downloaded);
        assertThat(counts.resumedDownloads()).isEqualTo(resumed);
        assertThat(counts.bytesDownloaded()).isEqualTo(59L * services.cabinet.length + downloaded * services.scepInstaller.length);
        assertThat(services.fileRequests.stream().filter(r -> r.startsWith("bytes=" + services.scepInstaller.length / 2 + "- "))).hasSize((int) resumed);
        assertThat(counts.messagesSent()).isEqualTo(59 + epSent);
        assertThat(counts.messagesAccepted()).isEqualTo(59 + epSent);
        assertThat(counts.duplicatesAccepted()).isEqualTo(fspDuplicates + epDuplicates);
        assertThat(counts.retries()).isZero();

        // What the services received: one FSP report per attempted client, one EP message per client past ccmsetup, plus duplicates.
        List<Report> fsp = services.acceptedReports(FSP);
        List<Report> ep = services.acceptedReports(INTAKE);
        assertThat(fsp).hasSize((int) (59 + fspDuplicates));
        assertThat(ep).hasSize((int) (epSent + epDuplicates));
        assertThat(fsp.stream().filter(r -> first(r).state().id() == 400).count())
                .isEqualTo(epSent + wave.results().stream().filter(r -> r.attempted() && r.outcome().epStateId() != 0
                        && ClientDraws.sendsDuplicates(SEED, r.client().index(), 0.1)).count());
        // Managed agents report the new version; a failed installation leaves the agent on the one it had.
        assertThat(ep).allSatisfy(r -> assertThat(first(r).userParameters().params().get(0))
                .isEqualTo(first(r).state().id() == 3 ? "4.3.215.0" : "4.2.223.1"));
        assertThat(fsp).allSatisfy(r -> assertThat(first(r).topic().type()).isEqualTo(800));
    }

    @Test
    void aStatusOnlyWaveDownloadsNothingAndSendsEveryReport() throws InterruptedException {
        FleetRun.Result result = FleetRun.run(settings(1_000, true, 0.3, 0.05), (r, at) -> { });

        WaveSimulation.WaveReport wave = result.wave();
        Map<UpgradeOutcome.Kind, Long> outcomes = wave.outcomes();
        long attempted = wave.results().stream().filter(WaveSimulation.ClientResult::attempted).count();
        long epSent = outcomes.getOrDefault(UpgradeOutcome.Kind.UPGRADED, 0L) + outcomes.getOrDefault(UpgradeOutcome.Kind.EP_INSTALL_FAILED, 0L);
        assertThat(attempted).isEqualTo(1_000);
        assertThat(outcomes.get(UpgradeOutcome.Kind.HASH_MISMATCH)).isPositive();
        assertThat(outcomes).doesNotContainKey(UpgradeOutcome.Kind.ERROR);

        TransportCounters.Snapshot counts = result.counters();
        assertThat(counts.manifestsFetched()).isZero();
        assertThat(counts.downloads()).isZero();
        assertThat(counts.bytesDownloaded()).isZero();
        assertThat(services.fileRequests).isEmpty();
        assertThat(counts.messagesAccepted()).isEqualTo(attempted + epSent);
        assertThat(services.acceptedReports(FSP)).hasSize((int) (attempted + counts.duplicatesAccepted() - duplicatesOfEp(wave)));
        assertThat(services.accepted.get(INTAKE)).hasSize((int) (epSent + duplicatesOfEp(wave)));
        // Two locator requests: one per boundary group, for the content source named in the FSP messages.
        assertThat(services.locationRequests.get()).isEqualTo(2);
        // Every client read its policy from rollout once and was offered; none asked for a download grant (it downloads nothing).
        assertThat(counts.policyReads()).isEqualTo(1_000);
        assertThat(wave.offered()).isEqualTo(1_000);
        assertThat(services.grantRequests).isEmpty();
        assertThat(counts.grantRequests()).isZero();
        System.out.printf("status-only: %d clients, %d reports + %d duplicates accepted in %d ms (%.0f reports/s through the in-JVM stub)%n",
                attempted, counts.messagesAccepted(), counts.duplicatesAccepted(), result.wallTime().toMillis(),
                (counts.messagesAccepted() + counts.duplicatesAccepted()) * 1000.0 / Math.max(1, result.wallTime().toMillis()));
    }

    private static long duplicatesOfEp(WaveSimulation.WaveReport wave) {
        return wave.results().stream().filter(r -> r.attempted() && r.outcome().epStateId() != 0 && ClientDraws.sendsDuplicates(SEED, r.client().index(), 0.05))
                .count();
    }

    private static StateMessage first(Report report) {
        return report.messages().get(0);
    }
}
