package io.acu.fleetsim.run;

import io.acu.fleetsim.domain.ClientTransport;
import io.acu.fleetsim.domain.ClientUpgrade;
import io.acu.fleetsim.domain.FleetGenerator;
import io.acu.fleetsim.domain.InjectedFailure;
import io.acu.fleetsim.domain.SimulatedClient;
import io.acu.fleetsim.domain.VirtualClock;
import io.acu.fleetsim.domain.WaveSimulation;
import io.acu.fleetsim.http.ClientCredentials;
import io.acu.fleetsim.http.HttpClientTransport;
import io.acu.fleetsim.http.HttpExchanges;
import io.acu.fleetsim.http.ManifestBuilderClient;
import io.acu.fleetsim.http.ServiceEndpoints;
import io.acu.fleetsim.http.ServiceJson;
import io.acu.fleetsim.http.TransportCounters;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One upgrade wave of a simulated fleet against the running services — what {@code acu demo}, the cross-service
 * tests and the load harness call.
 *
 * <p>Before the wave it reads, from manifest-builder through the package API (bearer token with {@code acu-viewer}):
 * the package's newest version (the one rolled out), its cab signature and the <em>previous</em> version's manifest,
 * and the cabinet-signing key. Each client then reads its own policy from rollout (offer, ring, window, exclusion —
 * the simulator has no settings of its own) and asks rollout for a download grant before downloading
 * ({@link WaveSimulation}). Every client starts as if installed from that previous manifest, with {@code SCEPInstall.exe} at its own
 * {@code scepVersion} (4.2.223.1): the exact prior state, so any item the hotfix changed is needed, not only those
 * whose version rule fails. A first, imported version has no previous one: clients then start from the version's
 * own manifest (only items whose Discovery version rule fails, such as SCEPInstall.exe, are needed).
 *
 * <p>The run lasts at most {@code horizon} of simulated time, played in {@code wall} time, and ends earlier when every
 * client is done or the rollout halted. The pace never exceeds {@code maxPolicyReadsPerSecond} for a fleet that reads
 * its policy once per {@code policyInterval}: simulated time must not run ahead of rollout, whose rings start and gates
 * pass in wall time (a wall of zero runs at that cap).
 */
public final class FleetRun {

    /** The longest wall time a client keeps asking a full distribution point for a download grant. */
    static final Duration GRANT_PATIENCE = Duration.ofMinutes(5);

    private FleetRun() {
    }

    /**
     * How to run.
     *
     * @param endpoints the services
     * @param bearerToken a JWT with {@code acu-viewer} for manifest-builder's package API
     * @param packageId the client package, e.g. {@code CAS00006}
     * @param fleet which fleet (its seed also seeds the wave and the transport's draws)
     * @param failures injected failure rates
     * @param interruptedDownloads fraction 0..1 of file downloads cut mid-way and resumed
     * @param duplicateReports fraction 0..1 of clients that send each accepted status report twice
     * @param wall wall time the whole horizon takes; zero = as fast as {@code maxPolicyReadsPerSecond} allows
     * @param horizon the longest simulated time the run lasts
     * @param policyInterval simulated time between a waiting client's policy reads (ConfigMgr's machine policy
     *     polling interval, 60 minutes by default there)
     * @param maxPolicyReadsPerSecond the pacing cap: the fleet reading its policy once per interval makes at most
     *     this many reads per wall second; more than zero
     * @param concurrency clients talking to the services at once, at least 1
     * @param statusOnly load mode: no cab or file downloads, status reports only
     * @param policyReceivedAt simulated instant the run starts (clients' first policy reads follow); empty = now (whole seconds)
     * @param http timeouts and retries
     * @param clientCredentials each client's token for the management point's intake
     */
    public record Settings(ServiceEndpoints endpoints, Optional<String> bearerToken, String packageId, FleetGenerator.FleetSpec fleet,
            InjectedFailure.Rates failures, double interruptedDownloads, double duplicateReports, Duration wall, Duration horizon,
            Duration policyInterval, double maxPolicyReadsPerSecond, int concurrency, boolean statusOnly, Optional<Instant> policyReceivedAt,
            HttpExchanges.Settings http, ClientCredentials clientCredentials) {

        /** Settings whose clients present no token (an open management point intake). */
        public Settings(ServiceEndpoints endpoints, Optional<String> bearerToken, String packageId, FleetGenerator.FleetSpec fleet,
                InjectedFailure.Rates failures, double interruptedDownloads, double duplicateReports, Duration wall, Duration horizon,
                Duration policyInterval, double maxPolicyReadsPerSecond, int concurrency, boolean statusOnly,
                Optional<Instant> policyReceivedAt, HttpExchanges.Settings http) {
            this(endpoints, bearerToken, packageId, fleet, failures, interruptedDownloads, duplicateReports, wall, horizon, policyInterval,
                    maxPolicyReadsPerSecond, concurrency, statusOnly, policyReceivedAt, http, ClientCredentials.NONE);
        }

        /** @return these settings with each client presenting the token {@code credentials} gives it */
        public Settings withClientCredentials(ClientCredentials credentials) {
            return new Settings(endpoints, bearerToken, packageId, fleet, failures, interruptedDownloads, duplicateReports, wall, horizon,
                    policyInterval, maxPolicyReadsPerSecond, concurrency, statusOnly, policyReceivedAt, http, credentials);
        }

        /** @throws IllegalArgumentException for a share outside 0..1, a negative wall or concurrency below 1 */
        public Settings {
            Objects.requireNonNull(endpoints, "endpoints");
            Objects.requireNonNull(bearerToken, "bearerToken");
            Objects.requireNonNull(packageId, "packageId");
            Objects.requireNonNull(fleet, "fleet");
            Objects.requireNonNull(failures, "failures");
            Objects.requireNonNull(policyReceivedAt, "policyReceivedAt");
            Objects.requireNonNull(http, "http");
            Objects.requireNonNull(clientCredentials, "clientCredentials");
            // Checked here too so a bad share is refused before any request is made.
            new HttpClientTransport.Injections(fleet.seed(), interruptedDownloads, duplicateReports);
            if (wall == null || wall.isNegative()) {
                throw new IllegalArgumentException("wall is a duration of at least 0, was " + wall);
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency is at least 1, was " + concurrency);
            }
            if (horizon == null || horizon.isNegative() || horizon.isZero()) {
                throw new IllegalArgumentException("horizon must be more than zero, was " + horizon);
            }
            if (policyInterval == null || policyInterval.isNegative() || policyInterval.isZero()) {
                throw new IllegalArgumentException("policyInterval must be more than zero, was " + policyInterval);
            }
            if (!(maxPolicyReadsPerSecond > 0)) {
                throw new IllegalArgumentException("maxPolicyReadsPerSecond must be more than zero, was " + maxPolicyReadsPerSecond);
            }
        }

        /** @return the pacing: {@code horizon} in {@code wall}, never faster than the policy-read cap allows */
        public VirtualClock clock(Instant start) {
            double capSpeed = (double) policyInterval.toMillis() * maxPolicyReadsPerSecond / fleet.clients() / 1000.0;
            double speed = wall.isZero() ? capSpeed : Math.min(capSpeed, (double) horizon.toMillis() / wall.toMillis());
            // An unbounded cap (load runs) with no wall: no pacing at all.
            return new VirtualClock(start, Double.isInfinite(speed) ? 0 : speed);
        }
    }

    /**
     * What happened.
     *
     * @param packageId the package
     * @param packageVersion the version rolled out (the package's newest)
     * @param baselineVersion the package version clients were installed from before the wave
     * @param wave every client's plan, injected failure and outcome (ground truth)
     * @param counters what the transport sent, retried and downloaded
     * @param wallTime how long the wave took
     */
    public record Result(String packageId, int packageVersion, int baselineVersion, WaveSimulation.WaveReport wave, TransportCounters.Snapshot counters,
            Duration wallTime) {
    }

    /**
     * The services that cannot be reached at all (no HTTP answer of any status at their base URL).
     *
     * @return their names ({@code manifest-builder}, {@code dp-locator}, {@code fsp}, {@code state-ingest}, {@code rollout}; a service
     *     with several replicas as {@code fsp <url>} per replica) with the error; empty when all answer
     */
    public static Map<String, String> unreachableServices(ServiceEndpoints endpoints, HttpExchanges.Settings settings) {
        try (HttpExchanges http = new HttpExchanges(settings, new TransportCounters())) {
            return unreachableServices(endpoints, http);
        }
    }

    private static Map<String, String> unreachableServices(ServiceEndpoints endpoints, HttpExchanges http) {
        Map<String, URI> services = new LinkedHashMap<>();
        services.put("manifest-builder", endpoints.manifestBuilder());
        services.put("dp-locator", endpoints.dpLocator());
        putReplicas(services, "fsp", endpoints.fspReplicas());
        putReplicas(services, "state-ingest", endpoints.stateIngestReplicas());
        services.put("rollout", endpoints.rollout());
        // Asked side by side: a service that is down costs its retries once, not once per service.
        Map<String, CompletableFuture<Optional<String>>> checks = new LinkedHashMap<>();
        services.forEach((name, url) -> checks.put(name, CompletableFuture.supplyAsync(() -> {
            try {
                http.send(() -> http.request(url).GET().build(), HttpResponse.BodyHandlers.discarding());
                return Optional.<String>empty();
            } catch (ClientTransport.TransportException e) {
                return Optional.of(e.getMessage());
            }
        })));
        Map<String, String> unreachable = new LinkedHashMap<>();
        checks.forEach((name, check) -> check.join().ifPresent(reason -> unreachable.put(name, reason)));
        return unreachable;
    }

    private static void putReplicas(Map<String, URI> services, String name, List<URI> replicas) {
        replicas.forEach(url -> services.put(replicas.size() == 1 ? name : name + " " + url, url));
    }

    /**
     * Reads the package from manifest-builder, then runs the wave until it ends.
     *
     * @param settings how to run
     * @param listener progress, called from worker threads as clients finish
     * @return the ground truth and the transport's counts
     * @throws ClientTransport.TransportException when manifest-builder cannot give the version, key, signature or
     *     manifests (unreachable, 401/403 without a viewer token, 404 for an unknown package)
     * @throws InterruptedException when interrupted while pacing
     */
    public static Result run(Settings settings, WaveSimulation.Listener listener) throws InterruptedException {
        TransportCounters counters = new TransportCounters();
        try (HttpExchanges http = new HttpExchanges(settings.http(), counters)) {
            return run(settings, listener, http, counters);
        }
    }

    private static Result run(Settings settings, WaveSimulation.Listener listener, HttpExchanges http, TransportCounters counters)
            throws InterruptedException {
        ManifestBuilderClient manifestBuilder = new ManifestBuilderClient(settings.endpoints().manifestBuilder(), http, settings.bearerToken());

        int newest = manifestBuilder.newestVersion(settings.packageId());
        ServiceJson.PackageVersionInfo version = manifestBuilder.packageVersion(settings.packageId(), newest);
        PublicKey key = manifestBuilder.signingKey();
        int baselineVersion = version.previousVersion().orElse(newest);
        CcmSetupManifest baseline = manifestBuilder.manifest(settings.packageId(), baselineVersion);

        HttpClientTransport.PackageTarget target = new HttpClientTransport.PackageTarget(settings.packageId(), newest,
                version.cabSignature(), key);
        ClientTransport network = new HttpClientTransport(settings.endpoints(), http, target,
                new HttpClientTransport.Injections(settings.fleet().seed(), settings.interruptedDownloads(), settings.duplicateReports()),
                settings.clientCredentials());
        if (settings.statusOnly()) {
            CcmSetupManifest current = baselineVersion == newest ? baseline : manifestBuilder.manifest(settings.packageId(), newest);
            network = new StatusOnlyTransport(network, current);
        }

        List<SimulatedClient> fleet = FleetGenerator.generate(settings.fleet());
        Instant start = settings.policyReceivedAt().orElseGet(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS));
        WaveSimulation.Settings wave = new WaveSimulation.Settings(start, newest, settings.policyInterval(), settings.failures(),
                settings.fleet().seed(), settings.horizon(), settings.clock(start), settings.concurrency(), GRANT_PATIENCE,
                WaveSimulation.TERMINAL_STATUSES);

        long began = System.nanoTime();
        WaveSimulation.WaveReport report = WaveSimulation.run(fleet,
                client -> ClientUpgrade.installedFrom(baseline, Map.of(ClientUpgrade.SCEP_INSTALLER, client.scepVersion())), network, wave, listener);
        return new Result(settings.packageId(), newest, baselineVersion, report, counters.snapshot(), Duration.ofNanos(System.nanoTime() - began));
    }

    /**
     * @param advertisementDurationDays the site's upgrade window in days
     * @return the simulated time one ring takes at most: the advertisement duration plus one day, so a client whose
     *     task falls at the very end still reaches its next daily maintenance window
     */
    public static Duration ringWindow(int advertisementDurationDays) {
        return Duration.ofDays(advertisementDurationDays + 1L);
    }
}
