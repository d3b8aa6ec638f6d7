package io.acu.fleetsim.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.fleetsim.domain.ClientPolicy;
import io.acu.fleetsim.domain.ClientTransport;
import io.acu.fleetsim.domain.DownloadGrant;
import io.acu.fleetsim.domain.ClientUpgrade;
import io.acu.fleetsim.domain.FleetGenerator;
import io.acu.fleetsim.domain.InjectedFailure;
import io.acu.fleetsim.domain.SimulatedClient;
import io.acu.fleetsim.domain.UpgradeOutcome;
import io.acu.fleetsim.domain.VirtualClock;
import io.acu.fleetsim.domain.WaveSimulation;
import io.acu.fleetsim.http.StubServices;
import io.acu.formats.Sha256;
import io.acu.formats.Version;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.ManifestItem;
import io.acu.formats.statemessage.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * A status-only wave of 100,000 clients (issue #8's load size) with the network cut off after the simulator: what
 * the simulator itself holds and how fast it produces reports. Prints figures; asserts only counts.
 */
class StatusOnlyScaleTest {

    private static final Instant START = Instant.parse("2026-11-30T08:00:00Z");

    /** Counts the reports the clients would POST; keeps none of them. */
    private static final class CountingNetwork implements ClientTransport {
        final LongAdder fsp = new LongAdder();
        final LongAdder stateMessages = new LongAdder();

        @Override
        public ClientPolicy readPolicy(SimulatedClient client) {
            return new ClientPolicy("CAS00006", 5, 5, "broad", "RUNNING", false, false, true, 7, false, null);
        }

        @Override
        public DownloadGrant requestGrant(SimulatedClient client, int packageVersion) {
            return new DownloadGrant.Granted("dp01", START.plusSeconds(7200));
        }

        @Override
        public CcmSetupManifest fetchManifest(SimulatedClient client) {
            throw new AssertionError("status-only clients read no cabinet");
        }

        @Override
        public Sha256 downloadFile(SimulatedClient client, CcmSetupManifest manifest, ManifestItem item, boolean corrupt) {
            throw new AssertionError("status-only clients download nothing");
        }

        @Override
        public String contentSource(SimulatedClient client, CcmSetupManifest manifest) {
            return "http://dp01/SMS_DP_SMSPKG$/CAS00006.5/";
        }

        @Override
        public void sendFallbackStatus(SimulatedClient client, Report report) {
            fsp.increment();
        }

        @Override
        public void sendStateMessage(SimulatedClient client, Report report) {
            stateMessages.increment();
        }
    }

    @Test
    void aHundredThousandClientsStayWithinAFewHundredBytesEach() throws InterruptedException {
        CcmSetupManifest before = StubServices.sample("ccmsetup-before.xml");
        CcmSetupManifest after = StubServices.sample("ccmsetup-after.xml");
        CountingNetwork network = new CountingNetwork();
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();
        List<SimulatedClient> fleet = FleetGenerator.generate(new FleetGenerator.FleetSpec(100_000, 8, List.of("BG-HQ", "BG-Branch"), 0.7,
                Version.parse("5.00.7804.1000"), Version.parse("4.2.223.1")));
        WaveSimulation.Settings settings = new WaveSimulation.Settings(START, 5, Duration.ofHours(1), new InjectedFailure.Rates(0.02, 0.01, 0.02), 8,
                Duration.ofDays(9), new VirtualClock(START, 0), 4, Duration.ofSeconds(30), WaveSimulation.TERMINAL_STATUSES);

        long began = System.nanoTime();
        WaveSimulation.WaveReport report = WaveSimulation.run(fleet,
                client -> ClientUpgrade.installedFrom(before, Map.of(ClientUpgrade.SCEP_INSTALLER, client.scepVersion())),
                new StatusOnlyTransport(network, after), settings, (result, at) -> { });
        long elapsedMillis = (System.nanoTime() - began) / 1_000_000;

        System.gc();
        long heapAfter = runtime.totalMemory() - runtime.freeMemory();
        Map<UpgradeOutcome.Kind, Long> outcomes = report.outcomes();
        long epSent = outcomes.getOrDefault(UpgradeOutcome.Kind.UPGRADED, 0L) + outcomes.getOrDefault(UpgradeOutcome.Kind.EP_INSTALL_FAILED, 0L);
        assertThat(report.results()).hasSize(100_000);
        assertThat(report.pending()).isZero();
        assertThat(network.fsp.sum()).isEqualTo(100_000);
        assertThat(network.stateMessages.sum()).isEqualTo(epSent);
        System.out.printf("status-only scale: 100,000 clients, %d reports built in %d ms (%.0f reports/s without network); "
                + "fleet + wave report retained %.1f MB (%.0f bytes per client), max heap %d MB%n",
                network.fsp.sum() + network.stateMessages.sum(), elapsedMillis,
                (network.fsp.sum() + network.stateMessages.sum()) * 1000.0 / Math.max(1, elapsedMillis),
                (heapAfter - heapBefore) / 1e6, (heapAfter - heapBefore) / 100_000.0, runtime.maxMemory() >> 20);
        // Keep both alive up to the measurement.
        assertThat(fleet).hasSize(report.results().size());
    }
}
