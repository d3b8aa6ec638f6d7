package io.acu.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.fleetsim.domain.FleetGenerator;
import io.acu.fleetsim.domain.InjectedFailure;
import io.acu.fleetsim.domain.UpgradeOutcome;
import io.acu.fleetsim.http.HttpExchanges;
import io.acu.fleetsim.http.RetryPolicy;
import io.acu.fleetsim.run.FleetRun;
import io.acu.formats.Sha256;
import io.acu.infra.ServiceProcess;
import io.acu.launcher.AcuStack;
import io.acu.launcher.load.DeliveryAudit;
import io.acu.launcher.load.StateIngestRows;
import io.acu.launcher.wave.DemoSeed;
import io.acu.launcher.wave.DemoWave;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the fault tests share: a status-only wave of simulated clients with a fault striking mid-wave, and the checks
 * that every message the services answered 2xx for was stored exactly once and that a DP serves a file as published.
 */
final class MidWave {

    /**
     * Clients retry like ccmsetup, with a budget that outlasts every outage here (a restarted service takes up to a
     * minute to be ready on a loaded 2-core machine): 1 s between attempts, up to 150 attempts, and a request timeout
     * beyond the services' own 30 s Kafka delivery timeout, so an intake's 503 reaches the client.
     */
    static final HttpExchanges.Settings PATIENT_CLIENTS = new HttpExchanges.Settings(Duration.ofSeconds(2), Duration.ofSeconds(45),
            new RetryPolicy(150, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1)));

    private MidWave() {
    }

    /**
     * Runs a status-only wave of {@code clients} clients with fleet seed {@code fleetSeed}, the simulated week played in
     * {@code wall} (so the clients' reports spread over it) and, once {@code faultAfterClients} of them have finished,
     * the fault (on its own thread, while clients keep posting); returns when both are over.
     *
     * @param finished counts the clients that finished, for a fault that notes how far the wave was when it struck
     */
    static FleetRun.Result waveWithFault(AcuStack stack, long fleetSeed, int clients, int faultAfterClients, Duration wall, AtomicLong finished,
            Fault fault) throws Exception {
        FleetGenerator.FleetSpec fleet = DemoWave.fleetSpec(clients, fleetSeed);
        FleetRun.Settings settings = new FleetRun.Settings(DemoWave.endpoints(stack), Optional.of(stack.viewerToken()), DemoSeed.PACKAGE_ID,
                fleet, new InjectedFailure.Rates(0.02, 0.01, 0.02), 0, 0.05, wall, FleetRun.ringWindow(7), Duration.ofMinutes(1),
                Double.MAX_VALUE, 16, true, Optional.empty(), PATIENT_CLIENTS, stack.clientCredentials());
        CompletableFuture<Void> faultDone = new CompletableFuture<>();
        FleetRun.Result result = FleetRun.run(settings, (client, at) -> {
            if (finished.incrementAndGet() == faultAfterClients) {
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
        assertThat(finished.get()).as("the fault struck mid-wave").isGreaterThan(faultAfterClients);
        return result;
    }

    /**
     * Asserts that no client gave up, that the services answered 2xx for exactly the messages the clients had to send,
     * and that state-ingest stored each of them exactly once (per client and topic type, and per client and
     * SerialNumber for 2001): none lost, none twice, none unexpected.
     */
    static void assertEveryAcceptedMessageStoredOnce(FleetRun.Result result, StateIngestRows rows) throws Exception {
        List<String> gaveUp = result.wave().results().stream().filter(r -> r.outcome() != null && r.outcome().kind() == UpgradeOutcome.Kind.ERROR)
                .limit(3).map(r -> r.client().clientId() + ": " + r.outcome().detail()).toList();
        assertThat(result.wave().outcomes()).as("no client gave up (retries outlast the outage); e.g. " + gaveUp)
                .doesNotContainKey(UpgradeOutcome.Kind.ERROR);
        List<String> clientIds = result.wave().results().stream().map(r -> r.client().clientId()).toList();
        DeliveryAudit audit = DeliveryAudit.of(result.wave());
        assertThat(result.counters().messagesAccepted()).isEqualTo(audit.requiredMessages());
        DeliveryAudit.Findings findings = awaitStored(audit, clientIds, rows);
        assertThat(findings.lost()).as("accepted but not stored").isZero();
        assertThat(findings.doubleCounted()).as("stored twice").isZero();
        assertThat(findings.unexpected()).isZero();
        assertThat(findings.persistedRows()).isEqualTo(audit.requiredMessages());
        assertThat(rows.repeatedSerials(clientIds)).isZero();
    }

    /** Waits (up to 3 minutes) until nothing required is missing; returns the last findings either way. */
    private static DeliveryAudit.Findings awaitStored(DeliveryAudit audit, List<String> clientIds, StateIngestRows rows) throws Exception {
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
    static Sha256 servedHash(ServiceProcess distributionPoint, int version, String fileName) throws Exception {
        URI url = distributionPoint.baseUri().resolve("/SMS_DP_SMSPKG$/" + DemoSeed.PACKAGE_ID + "." + version + "/" + fileName);
        HttpResponse<byte[]> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).as(url + ": " + new String(file.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return Sha256.compute(file.body());
    }

    /** Pauses the fault's thread; an interruption ends the fault with an exception. */
    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A fault: may throw anything. */
    @FunctionalInterface
    interface Fault {
        void run() throws Exception;
    }
}
