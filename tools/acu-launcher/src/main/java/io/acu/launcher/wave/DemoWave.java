package io.acu.launcher.wave;

import com.fasterxml.jackson.databind.JsonNode;
import io.acu.contracts.ClientUpgradePolicy;
import io.acu.fleetsim.domain.FleetGenerator;
import io.acu.fleetsim.domain.InjectedFailure;
import io.acu.fleetsim.domain.SimulatedClient;
import io.acu.fleetsim.domain.UpgradeOutcome;
import io.acu.fleetsim.domain.WaveSimulation;
import io.acu.fleetsim.http.HttpExchanges;
import io.acu.fleetsim.http.ServiceEndpoints;
import io.acu.fleetsim.run.FleetRun;
import io.acu.formats.Version;
import io.acu.launcher.AcuStack;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The seed's upgrade wave on a running {@link AcuStack}, as an operator would run it: import CAS00006 v4,
 * set the site's automatic client upgrade settings (window, exclusions), apply hotfix KB2907566
 * (SCEPInstall.exe 4.3.215.0), wait until both distribution points have v5, then let the simulated fleet
 * upgrade itself (fleet-sim over HTTP: content locations by boundary group, ranged downloads, fallback
 * status point and state messages), and wait until state-ingest has counted every client the simulator
 * knows the fate of. Progress goes to {@code out} as progress bars.
 */
public final class DemoWave {

    /** The ConfigMgr client version of the fleet before and after (the hotfix changes only the EP agent). */
    public static final Version CLIENT_VERSION = Version.parse("5.00.7804.1000");
    /** The Endpoint Protection agent version every client has before the wave. */
    public static final Version SEED_SCEP_VERSION = Version.parse("4.2.223.1");
    private static final Duration DISTRIBUTION_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(2);

    private DemoWave() {
    }

    /**
     * How to run the wave.
     *
     * @param clients fleet size, at least 1
     * @param days the automatic upgrade window (AdvertisementDuration), 1..31
     * @param seed the fleet's and the wave's random seed
     * @param wall wall time the simulated window takes (zero: as fast as the services answer)
     * @param excludedClients how many clients of the fleet the site puts in the exclusion list
     * @param failures injected failure rates (download, hash mismatch, EP install)
     * @param interruptedDownloads share of downloads cut mid-way and resumed with Range
     * @param concurrency clients talking to the services at once
     */
    public record Options(int clients, int days, long seed, Duration wall, int excludedClients, InjectedFailure.Rates failures,
            double interruptedDownloads, int concurrency) {

        /** @throws IllegalArgumentException for a value outside its range */
        public Options {
            if (clients < 1) {
                throw new IllegalArgumentException("clients must be at least 1, was " + clients);
            }
            if (days < 1 || days > 31) {
                throw new IllegalArgumentException("days must be 1..31 (ConfigMgr's automatic upgrade window), was " + days);
            }
            if (excludedClients < 0 || excludedClients > clients) {
                throw new IllegalArgumentException("excludedClients must be 0.." + clients + ", was " + excludedClients);
            }
            Objects.requireNonNull(wall, "wall");
            Objects.requireNonNull(failures, "failures");
        }

        /** The demo's defaults for a fleet of {@code clients}: 1 % excluded, a few percent of each failure kind. */
        public static Options defaults(int clients, int days, long seed, Duration wall) {
            return new Options(clients, days, seed, wall, Math.max(1, clients / 100), new InjectedFailure.Rates(0.02, 0.01, 0.02), 0.1, 16);
        }
    }

    /**
     * What happened.
     *
     * @param run fleet-sim's result with the ground truth of every client
     * @param expected the counts the services should show, from the ground truth
     * @param observed the counts state-ingest shows
     * @param distribution dp-content's status of the new version per distribution point
     * @param failures2001 state-ingest's current EP failures (state, name, error code, clients)
     * @param failures800 state-ingest's current client deployment failures
     * @param packageVersion the version the hotfix created
     * @param dashboard state-ingest's dashboard showing this wave
     */
    public record Outcome(FleetRun.Result run, Tally expected, Tally observed, JsonNode distribution, JsonNode failures2001, JsonNode failures800,
            int packageVersion, java.net.URI dashboard) {
        /** @return whether state-ingest counts exactly what the simulated fleet did */
        public boolean consistent() {
            return expected.equals(observed);
        }
    }

    /**
     * Clients by how their upgrade ended.
     *
     * @param onTarget EP agent managed on the target version (2001/3)
     * @param epInstallFailed EP agent install failed (2001/4)
     * @param downloadFailed client deployment failed: BITS download (800/309)
     * @param hashMismatch client deployment failed: hash mismatch (800/325)
     */
    public record Tally(long onTarget, long epInstallFailed, long downloadFailed, long hashMismatch) {
    }

    /**
     * Runs the wave.
     *
     * @throws SiteApi.SiteApiException when a service refuses a step
     * @throws IllegalStateException when distribution does not finish in time
     */
    public static Outcome run(AcuStack stack, DemoSeed seed, Options options, PrintStream out) throws InterruptedException {
        FleetGenerator.FleetSpec fleetSpec = fleetSpec(options.clients(), options.seed());
        List<SimulatedClient> fleet = FleetGenerator.generate(fleetSpec);
        List<String> excluded = fleet.subList(0, options.excludedClients()).stream().map(SimulatedClient::clientId).toList();
        PreparedSite prepared = prepareSite(stack, seed, new ClientUpgradePolicy(true, options.days(), excluded, false), out);
        SiteApi site = prepared.site();
        int version = prepared.packageVersion();
        JsonNode distribution = prepared.distribution();

        out.printf("[5/5] %d clients upgrade themselves over %d simulated days (%s wall) ...%n", options.clients(), options.days() + 1,
                options.wall().isZero() ? "as fast as possible" : options.wall().toSeconds() + " s");
        out.flush();
        FleetRun.Settings settings = new FleetRun.Settings(endpoints(stack),
                Optional.of(stack.viewerToken()), DemoSeed.PACKAGE_ID, fleetSpec, options.failures(), options.interruptedDownloads(), 0,
                options.wall(), options.concurrency(), false, Optional.empty(), HttpExchanges.Settings.DEFAULT);
        FleetRun.Result result;
        try (ProgressBar clientsBar = bar("clients done", options.clients() - excluded.size(), out)) {
            // What the dashboard sees, next to what the fleet did: state-ingest's count of clients on target.
            Thread poller = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        clientsBar.setExtraMessage(" state-ingest on target: "
                                + site.compliance(2001, DemoSeed.TARGET_SCEP_VERSION).path("byState").path("ON_TARGET").asLong());
                    } catch (RuntimeException e) {
                        clientsBar.setExtraMessage(" state-ingest: " + e.getMessage());
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "acu-demo-progress");
            poller.setDaemon(true);
            poller.start();
            try {
                result = FleetRun.run(settings, (finished, at) -> clientsBar.step());
            } finally {
                poller.interrupt();
            }
        }
        Tally expected = expected(result.wave());
        out.printf("      waiting for state-ingest to count every message ...%n");
        out.flush();
        Tally observed = awaitSettled(site, expected);
        return new Outcome(result, expected, observed, distribution, site.failures(2001), site.failures(800), version, site.dashboard());
    }

    /**
     * The site after steps 1 to 4 of the wave, ready for clients.
     *
     * @param site the operator's API client (admin token)
     * @param packageVersion the version the hotfix created, e.g. 5
     * @param distribution dp-content's status of that version on both distribution points (all INSTALLED)
     */
    public record PreparedSite(SiteApi site, int packageVersion, JsonNode distribution) {
    }

    /**
     * Steps 1 to 4 of the wave, also what the load harness runs before its clients: import CAS00006 v4, store the
     * automatic client upgrade settings, apply hotfix KB2907566, and wait until both distribution points installed
     * the new version.
     *
     * @param policy the site's automatic client upgrade settings
     * @throws SiteApi.SiteApiException when a service refuses a step
     * @throws IllegalStateException when distribution fails or does not finish within 3 minutes
     */
    public static PreparedSite prepareSite(AcuStack stack, DemoSeed seed, ClientUpgradePolicy policy, PrintStream out) throws InterruptedException {
        SiteApi site = siteApi(stack);
        out.printf("[1/5] Importing the site's client package %s v%d (%s 4.2.223.0)%n", DemoSeed.PACKAGE_ID, DemoSeed.SEED_VERSION, DemoSeed.INSTALLER);
        site.importPackage(seed.seedManifest());
        int excludedCount = policy.excludedClientIds().size();
        out.printf("[2/5] Automatic client upgrade: within %d days, maintenance windows respected, %d %s excluded%n",
                policy.advertisementDurationDays(), excludedCount, excludedCount == 1 ? "client" : "clients");
        site.putClientUpgradeSettings(policy);
        out.printf("[3/5] Applying hotfix KB2907566 (%s %s, SHA-256 %s)%n", DemoSeed.INSTALLER, DemoSeed.TARGET_SCEP_VERSION, seed.hotfixHash().hex());
        int version = site.applyHotfix(DemoSeed.HOTFIX_METADATA, DemoSeed.INSTALLER, seed.hotfixInstaller()).path("packageVersion").asInt();
        out.printf("      manifest-builder built %s v%d%n", DemoSeed.PACKAGE_ID, version);
        out.printf("[4/5] Distributing v%d to the distribution points ...%n", version);
        out.flush();
        JsonNode distribution = awaitDistribution(site, version);
        for (JsonNode point : distribution.path("distributionPoints")) {
            out.printf("      %-6s %s%n", point.path("distributionPoint").asText(), point.path("state").asText());
        }
        return new PreparedSite(site, version, distribution);
    }

    /** @return the operator's API client for this stack (manifest-builder, the distribution manager, state-ingest; admin token) */
    public static SiteApi siteApi(AcuStack stack) {
        return new SiteApi(stack.service("manifest-builder").baseUri(), stack.service("dp-content").baseUri(),
                stack.service("state-ingest").baseUri(), stack.adminToken());
    }

    /** @return the demo's fleet of {@code clients} with {@code seed}: both boundary groups, half each, on the seed's versions */
    public static FleetGenerator.FleetSpec fleetSpec(int clients, long seed) {
        return new FleetGenerator.FleetSpec(clients, seed, List.of(AcuStack.HQ_BOUNDARY_GROUP, AcuStack.BRANCH_BOUNDARY_GROUP), 0.5,
                CLIENT_VERSION, SEED_SCEP_VERSION);
    }

    /** @return the services' URLs as fleet-sim needs them */
    public static ServiceEndpoints endpoints(AcuStack stack) {
        return new ServiceEndpoints(stack.service("manifest-builder").baseUri(), stack.service("dp-content").baseUri(),
                stack.service("fsp").baseUri(), stack.service("state-ingest").baseUri());
    }

    /** The counts the services must show, from the simulator's ground truth. */
    public static Tally expected(WaveSimulation.WaveReport wave) {
        var outcomes = wave.outcomes();
        return new Tally(outcomes.getOrDefault(UpgradeOutcome.Kind.UPGRADED, 0L), outcomes.getOrDefault(UpgradeOutcome.Kind.EP_INSTALL_FAILED, 0L),
                outcomes.getOrDefault(UpgradeOutcome.Kind.DOWNLOAD_FAILED, 0L), outcomes.getOrDefault(UpgradeOutcome.Kind.HASH_MISMATCH, 0L));
    }

    /** What state-ingest counts now. */
    public static Tally observed(SiteApi site) {
        JsonNode compliance = site.compliance(2001, DemoSeed.TARGET_SCEP_VERSION);
        return new Tally(compliance.path("byState").path("ON_TARGET").asLong(), clientsInState(site.failures(2001), 4),
                clientsInState(site.failures(800), 309), clientsInState(site.failures(800), 325));
    }

    private static long clientsInState(JsonNode failures, int stateId) {
        long clients = 0;
        for (JsonNode group : failures) {
            if (group.path("stateId").asInt() == stateId) {
                clients += group.path("clients").asLong();
            }
        }
        return clients;
    }

    /**
     * Waits until both distribution points have {@code version} INSTALLED.
     *
     * @return dp-content's status of the version
     * @throws IllegalStateException when a point reports INSTALL_FAILED or 3 minutes pass
     */
    public static JsonNode awaitDistribution(SiteApi site, int version) throws InterruptedException {
        return await(DISTRIBUTION_TIMEOUT, () -> {
            JsonNode status = site.distribution(DemoSeed.PACKAGE_ID, version);
            if (status == null || status.path("distributionPoints").size() < 2) {
                return null;
            }
            for (JsonNode point : status.path("distributionPoints")) {
                if (!"INSTALLED".equals(point.path("state").asText())) {
                    if ("INSTALL_FAILED".equals(point.path("state").asText())) {
                        throw new IllegalStateException("distribution of v" + version + " to " + point.path("distributionPoint").asText() + " failed: "
                                + point.path("lastError").asText());
                    }
                    return null;
                }
            }
            return status;
        }, "both distribution points INSTALLED");
    }

    private static Tally awaitSettled(SiteApi site, Tally expected) throws InterruptedException {
        Tally[] last = new Tally[1];
        try {
            return await(SETTLE_TIMEOUT, () -> {
                last[0] = observed(site);
                return last[0].equals(expected) ? last[0] : null;
            }, "state-ingest to count " + expected);
        } catch (IllegalStateException e) {
            return last[0]; // the caller prints both and says they differ
        }
    }

    private static <T> T await(Duration timeout, Supplier<T> probe, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }

    /**
     * A progress bar redrawn in place on a terminal; where the output is a file or a pipe (no console), one plain
     * line every 5 s instead, so logs stay readable.
     */
    private static ProgressBar bar(String task, long max, PrintStream out) {
        boolean terminal = System.console() != null;
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(terminal ? new me.tongfei.progressbar.ConsoleProgressBarConsumer(out)
                        : new me.tongfei.progressbar.DelegatingProgressBarConsumer(line -> out.println(line.strip()), 120))
                .setUpdateIntervalMillis(terminal ? 250 : 5000).showSpeed().build();
    }
}
