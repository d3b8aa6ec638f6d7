package io.acu.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.fleetsim.domain.FleetGenerator;
import io.acu.fleetsim.domain.InjectedFailure;
import io.acu.fleetsim.domain.UpgradeOutcome;
import io.acu.fleetsim.http.HttpExchanges;
import io.acu.fleetsim.http.RetryPolicy;
import io.acu.fleetsim.run.FleetRun;
import io.acu.formats.Sha256;
import io.acu.infra.EmbeddedPostgresServer;
import io.acu.infra.KafkaBroker;
import io.acu.infra.ServiceProcess;
import io.acu.launcher.AcuStack;
import io.acu.launcher.load.ConsumerLag;
import io.acu.launcher.load.DeliveryAudit;
import io.acu.launcher.load.LoadHarness;
import io.acu.launcher.load.ProcessMemory;
import io.acu.launcher.load.StateIngestRows;
import io.acu.launcher.wave.DemoSeed;
import io.acu.launcher.wave.DemoWave;
import io.acu.launcher.wave.SiteApi;
import io.acu.launcher.wave.UpgradeSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
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
    /**
     * Clients retry like ccmsetup, with a budget that outlasts every outage here (a restarted service takes up to a
     * minute to be ready on a loaded 2-core machine): 1 s between attempts, up to 150 attempts, and a request timeout
     * beyond the services' own 30 s Kafka delivery timeout, so an intake's 503 reaches the client.
     */
    private static final HttpExchanges.Settings PATIENT_CLIENTS = new HttpExchanges.Settings(Duration.ofSeconds(2), Duration.ofSeconds(45),
            new RetryPolicy(150, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1)));

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
            pause(Duration.ofSeconds(35));
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
                pause(Duration.ofSeconds(1));
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
            assertThat(servedHash(stack.service(distributionPoint), version, "acu-fault-payload.bin")).as("the file on " + distributionPoint)
                    .isEqualTo(expected);
        }
    }

    /**
     * Runs a status-only wave of {@link #CLIENTS} clients with fleet seed {@code fleetSeed} and, once
     * {@link #FAULT_AFTER_CLIENTS} of them have finished, the fault (on its own thread, while clients keep posting).
     */
    private static FleetRun.Result waveWithFault(long fleetSeed, ThrowingRunnable fault) throws Exception {
        FleetGenerator.FleetSpec fleet = DemoWave.fleetSpec(CLIENTS, fleetSeed);
        FleetRun.Settings settings = new FleetRun.Settings(DemoWave.endpoints(stack), Optional.of(stack.viewerToken()), DemoSeed.PACKAGE_ID,
                fleet, new InjectedFailure.Rates(0.02, 0.01, 0.02), 0, 0.05, WAVE_WALL_TIME, FleetRun.ringWindow(7), Duration.ofMinutes(1),
                Double.MAX_VALUE, 16, true, Optional.empty(), PATIENT_CLIENTS, stack.clientCredentials());
        AtomicLong finished = new AtomicLong();
        CompletableFuture<Void> faultDone = new CompletableFuture<>();
        FleetRun.Result result = FleetRun.run(settings, (client, at) -> {
            if (finished.incrementAndGet() == FAULT_AFTER_CLIENTS) {
                Thread striker = new Thread(() -> {
                    try {
                        fault.run();
                        faultDone.complete(null);
                    } catch (Throwable e) {
                        faultDone.completeExceptionally(e);
                    }
                }, "fault");
                striker.start();
            }
        });
        faultDone.get();
        assertThat(finished.get()).as("the fault struck mid-wave").isGreaterThan(FAULT_AFTER_CLIENTS);
        return result;
    }

    /** Every 2xx-answered message stored exactly once; compliance counts equal the ground truth of all waves so far. */
    private static void assertEveryAcceptedMessageStoredOnce(FleetRun.Result result) throws Exception {
        assertThat(result.wave().outcomes()).as("no client gave up (retries outlast the outage)").doesNotContainKey(UpgradeOutcome.Kind.ERROR);
        List<String> clientIds = result.wave().results().stream().map(r -> r.client().clientId()).toList();
        DeliveryAudit audit = DeliveryAudit.of(result.wave());
        assertThat(result.counters().messagesAccepted()).isEqualTo(audit.requiredMessages());
        DeliveryAudit.Findings findings = awaitStored(audit, clientIds);
        assertThat(findings.lost()).as("accepted but not stored").isZero();
        assertThat(findings.doubleCounted()).as("stored twice").isZero();
        assertThat(findings.unexpected()).isZero();
        assertThat(findings.persistedRows()).isEqualTo(audit.requiredMessages());
        assertThat(rows.repeatedSerials(clientIds)).isZero();

        DemoWave.Tally wave = DemoWave.expected(result.wave());
        expectedSoFar = new DemoWave.Tally(expectedSoFar.onTarget() + wave.onTarget(), expectedSoFar.epInstallFailed() + wave.epInstallFailed(),
                expectedSoFar.downloadFailed() + wave.downloadFailed(), expectedSoFar.hashMismatch() + wave.hashMismatch());
        assertThat(DemoWave.observed(site)).as("compliance counts against the ground truth").isEqualTo(expectedSoFar);
    }

    /** Waits (up to 3 minutes) until nothing required is missing; returns the last findings either way. */
    private static DeliveryAudit.Findings awaitStored(DeliveryAudit audit, List<String> clientIds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        DeliveryAudit.Findings findings = audit.audit(rows.rowsByClientAndTopic(clientIds));
        while (findings.lost() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            findings = audit.audit(rows.rowsByClientAndTopic(clientIds));
        }
        // Redelivered batches may still be on their way: give them a moment to show up as double counts if they would.
        Thread.sleep(3000);
        return audit.audit(rows.rowsByClientAndTopic(clientIds));
    }

    /** The SHA-256 of {@code fileName} of the package version as a distribution point serves it to clients. */
    private static Sha256 servedHash(ServiceProcess distributionPoint, int version, String fileName) throws Exception {
        URI url = distributionPoint.baseUri().resolve("/SMS_DP_SMSPKG$/" + DemoSeed.PACKAGE_ID + "." + version + "/" + fileName);
        HttpResponse<byte[]> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).as(url + ": " + new String(file.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return Sha256.compute(file.body());
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A fault: may throw anything. */
    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
