package io.acu.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.fleetsim.run.FleetRun;
import io.acu.formats.Sha256;
import io.acu.infra.EmbeddedPostgresServer;
import io.acu.infra.KafkaBroker;
import io.acu.infra.ServiceProcess;
import io.acu.launcher.AcuStack;
import io.acu.launcher.load.ConsumerLag;
import io.acu.launcher.load.LoadHarness;
import io.acu.launcher.load.ProcessMemory;
import io.acu.launcher.load.StateIngestRows;
import io.acu.launcher.wave.DemoSeed;
import io.acu.launcher.wave.DemoWave;
import io.acu.launcher.wave.SiteApi;
import io.acu.launcher.wave.UpgradeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 8's fault scenarios on one packaged stack: while a status-only wave of simulated clients posts its fallback
 * status point (800) and Endpoint Protection (2001) messages, the Kafka broker, PostgreSQL, state-ingest and fsp are
 * each taken away and brought back; then dp-content's distribution manager is killed mid-distribution. Each wave has
 * its own fleet seed, so its clients are its own. After each: every message the services answered 2xx for is stored
 * exactly once (per client and topic type, and per client and SerialNumber for 2001), state-ingest's compliance
 * counts equal the simulator's ground truth, and the clients saw refusals (503 or connection errors, retried as
 * ccmsetup retries) instead of false acknowledgements while the part was away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceTest {

    private static final Path PROJECT = Path.of(System.getProperty("acu.project.dir", ".")).toAbsolutePath();
    private static final int CLIENTS = 2000;
    /** The fault strikes when this many clients have finished, so messages are in flight on every side of it. */
    private static final int FAULT_AFTER_CLIENTS = 400;
    /** The simulated week is played in this much wall time, so the clients' reports spread over the outage. */
    private static final Duration WAVE_WALL_TIME = Duration.ofSeconds(40);

    private static AcuStack stack;
    private static DemoSeed seed;
    private static SiteApi site;
    private static StateIngestRows rows;
    private static DemoWave.Tally expectedSoFar = new DemoWave.Tally(0, 0, 0, 0);

    @BeforeAll
    static void startStackAndApplyTheHotfix() throws InterruptedException {
        stack = AcuStack.start(PROJECT, PROJECT.resolve("target/fault-logs"), LoadHarness.STACK_SETTINGS);
        seed = DemoSeed.load(PROJECT);
        site = DemoWave.prepareSite(stack, seed, UpgradeSettings.within(7), System.out).site();
        rows = new StateIngestRows(stack.infrastructure().postgres());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void kafkaBrokerStoppedAndStartedMidWave() throws Exception {
        KafkaBroker broker = (KafkaBroker) stack.infrastructure().kafka();
        FleetRun.Result result = waveWithFault(801, () -> {
            broker.stop();
            // Long enough for requests that met the dead broker to run into the intakes' delivery timeout (503).
            MidWave.pause(Duration.ofSeconds(35));
            broker.restart();
        });
        assertEveryAcceptedMessageStoredOnce(result);
        // While the broker was away the intakes refused (503) or could not answer in time: the clients retried.
        assertThat(result.counters().serviceUnavailable()).as("503 answers during the outage").isPositive();
        assertThat(result.counters().retries()).isPositive();
    }

    @Test
    @Order(2)
    void postgresStoppedAndStartedMidWaveWhileLagIsVisible() throws Exception {
        EmbeddedPostgresServer postgres = (EmbeddedPostgresServer) stack.infrastructure().postgres();
        DoubleAccumulator lagDuringOutage = new DoubleAccumulator(Math::max, 0);
        FleetRun.Result result = waveWithFault(802, () -> {
            postgres.stop();
            // The intakes still take messages (Kafka has them); the consumers cannot store them: lag shows on /q/metrics.
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < until) {
                ConsumerLag.maxLag(stack.service("state-ingest").baseUri()).ifPresent(lagDuringOutage::accumulate);
                MidWave.pause(Duration.ofSeconds(1));
            }
            postgres.restart();
        });
        assertEveryAcceptedMessageStoredOnce(result);
        assertThat(lagDuringOutage.get()).as("consumer lag on state-ingest's /q/metrics while PostgreSQL was down").isPositive();
        // Held-back batches are not buffered without bound: state-ingest stays within its heap cap plus JVM overhead.
        long peak = ProcessMemory.peakResidentBytes(stack.service("state-ingest").pid().orElseThrow()).orElseThrow();
        assertThat(peak).isLessThan(768L * 1024 * 1024);
    }

    @Test
    @Order(3)
    void stateIngestKilledMidBatchAndRestarted() throws Exception {
        ServiceProcess stateIngest = stack.service("state-ingest");
        FleetRun.Result result = waveWithFault(803, () -> {
            stateIngest.kill();
            stateIngest.start().awaitReady();
        });
        assertEveryAcceptedMessageStoredOnce(result);
        assertThat(result.counters().retries()).as("clients retried while state-ingest was down").isPositive();
    }

    @Test
    @Order(4)
    void fspKilledWhileClientsPostAndRestarted() throws Exception {
        ServiceProcess fsp = stack.service("fsp");
        FleetRun.Result result = waveWithFault(804, () -> {
            fsp.kill();
            fsp.start().awaitReady();
        });
        assertEveryAcceptedMessageStoredOnce(result);
        assertThat(result.counters().retries()).as("clients retried while fsp was down").isPositive();
    }

    @Test
    @Order(5)
    void distributionManagerKilledMidDistributionAndRestarted() throws Exception {
        // A new hotfix version with a file large enough that pushing it to two distribution points takes a while.
        byte[] payload = new byte[48 * 1024 * 1024];
        new Random(805).nextBytes(payload);
        String metadata = "{\"kbNumber\":\"KB8000805\",\"title\":\"Fault test payload\",\"packageId\":\"" + DemoSeed.PACKAGE_ID + "\","
                + "\"files\":[{\"fileName\":\"acu-fault-payload.bin\",\"fileVersion\":\"1.0.0.805\"}]}";
        int version = site.applyHotfix(metadata, "acu-fault-payload.bin", payload).path("packageVersion").asInt();
        // Killed as soon as the manager has taken the new version on (ManifestUpdated consumed): pushes under way.
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (site.distribution(DemoSeed.PACKAGE_ID, version) == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        var before = site.distribution(DemoSeed.PACKAGE_ID, version);
        ServiceProcess manager = stack.service("dp-content");
        manager.kill();
        System.out.println("dp-content's manager killed with v" + version + " at " + (before == null ? "nothing"
                : before.path("distributionPoints").findValuesAsText("state")));
        manager.start().awaitReady();

        var distribution = DemoWave.awaitDistribution(site, version);
        assertThat(distribution.path("distributionPoints").findValuesAsText("state")).containsExactly("INSTALLED", "INSTALLED");
        Sha256 expected = Sha256.compute(payload);
        for (String distributionPoint : List.of("dp-content", "dp-content-dp02")) {
            assertThat(MidWave.servedHash(stack.service(distributionPoint), version, "acu-fault-payload.bin")).as("the file on " + distributionPoint)
                    .isEqualTo(expected);
        }
    }

    /**
     * Runs a status-only wave of {@link #CLIENTS} clients with fleet seed {@code fleetSeed} and, once
     * {@link #FAULT_AFTER_CLIENTS} of them have finished, the fault (on its own thread, while clients keep posting).
     */
    private static FleetRun.Result waveWithFault(long fleetSeed, MidWave.Fault fault) throws Exception {
        return MidWave.waveWithFault(stack, fleetSeed, CLIENTS, FAULT_AFTER_CLIENTS, WAVE_WALL_TIME, new AtomicLong(), fault);
    }

    /** Every 2xx-answered message stored exactly once; compliance counts equal the ground truth of all waves so far. */
    private static void assertEveryAcceptedMessageStoredOnce(FleetRun.Result result) throws Exception {
        MidWave.assertEveryAcceptedMessageStoredOnce(result, rows);

        DemoWave.Tally wave = DemoWave.expected(result.wave());
        expectedSoFar = new DemoWave.Tally(expectedSoFar.onTarget() + wave.onTarget(), expectedSoFar.epInstallFailed() + wave.epInstallFailed(),
                expectedSoFar.downloadFailed() + wave.downloadFailed(), expectedSoFar.hashMismatch() + wave.hashMismatch());
        assertThat(DemoWave.observed(site)).as("compliance counts against the ground truth").isEqualTo(expectedSoFar);
    }
}
