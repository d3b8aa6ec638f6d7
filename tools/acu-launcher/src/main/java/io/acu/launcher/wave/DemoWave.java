package io.acu.launcher.wave;

import com.fasterxml.jackson.databind.JsonNode;
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
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The seed's upgrade wave on a running {@link AcuStack}, as an operator would run it: import CAS00006 v4,
 * set the site's automatic client upgrade settings (window, exclusions) and the rollout plan of CAS00006 on
 * rollout (a pilot of named clients, early 10 %, broad the rest, each with a small gate), apply hotfix KB2907566
 * (SCEPInstall.exe 4.3.215.0), wait until both distribution points have v5, then let the simulated fleet upgrade
 * itself ring by ring (fleet-sim over HTTP: its own policy, a download grant, content location by boundary group,
 * ranged downloads, fallback status point and state messages) until the rollout completes or halts, and wait until
 * state-ingest and rollout have counted every client the simulator knows the fate of. Progress goes to
 * {@code out} as progress bars.
 */
public final class DemoWave {

    /** The ConfigMgr client version of the fleet before and after (the hotfix changes only the EP agent). */
    public static final Version CLIENT_VERSION = Version.parse("5.00.7804.1000");
    /** The Endpoint Protection agent version every client has before the wave. */
    public static final Version SEED_SCEP_VERSION = Version.parse("4.2.223.1");
    /** The ring names of the demo's plan, in order. */
    public static final List<String> RINGS = List.of("pilot", "early", "broad");
    /** Simulated rings a wave may take at most, each an upgrade window plus a day, before it is cut off. */
    static final int WINDOWS_PER_WAVE = 5;
    private static final Duration DISTRIBUTION_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(2);
    /** How long the last ring's gate may take to decide once every report is counted: a few evaluation intervals. */
    private static final Duration DECISION_TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoWave() {
    }

    /**
     * A ring's health gate in the demo's plan (rollout's {@code gate}); soak is zero, stalls count as failures.
     *
     * @param successPercent share of the ring's offered clients that must succeed, 0..100
     * @param failurePercent failures per reported client above which the rollout halts, 0..100
     * @param minSample clients that must have reported before either decision
     */
    public record Gate(double successPercent, double failurePercent, int minSample) {
        /** The demo's gate: 80 % success, halt above 20 % failures, 10 clients reported; the default injected failures (5 %) pass it. */
        public static final Gate DEMO = new Gate(80, 20, 10);
    }

    /**
     * How to run the wave.
     *
     * @param clients fleet size, at least 1
     * @param days the automatic upgrade window (AdvertisementDuration), 1..31
     * @param seed the fleet's and the wave's random seed
     * @param wall wall time one ring's window (days + 1) takes (zero: as fast as the pacing cap allows)
     * @param excludedClients how many clients of the fleet (its first ones) the site puts in the exclusion list
     * @param failures injected failure rates (download, hash mismatch, EP install)
     * @param interruptedDownloads share of downloads cut mid-way and resumed with Range
     * @param concurrency clients talking to the services at once
     * @param pilotClients how many clients (those after the excluded ones) the plan names as its pilot ring
     * @param gate each ring's gate
     * @param policyInterval simulated time between a waiting client's policy reads
     * @param maxPolicyReadsPerSecond fleet-sim's pacing cap (see {@link FleetRun.Settings})
     */
    public record Options(int clients, int days, long seed, Duration wall, int excludedClients, InjectedFailure.Rates failures,
            double interruptedDownloads, int concurrency, int pilotClients, Gate gate, Duration policyInterval, double maxPolicyReadsPerSecond) {

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
            if (pilotClients < 0 || excludedClients + pilotClients > clients) {
                throw new IllegalArgumentException("pilotClients must be 0.." + (clients - excludedClients) + ", was " + pilotClients);
            }
            Objects.requireNonNull(wall, "wall");
            Objects.requireNonNull(failures, "failures");
            Objects.requireNonNull(gate, "gate");
            Objects.requireNonNull(policyInterval, "policyInterval");
        }

        /**
         * The demo's defaults for a fleet of {@code clients}: 1 % excluded, a pilot of 2 % (at least 20), a few percent of
         * each failure kind, clients reading their policy once a simulated day (at most 300 reads a second).
         */
        public static Options defaults(int clients, int days, long seed, Duration wall) {
            int excluded = Math.max(1, clients / 100);
            return new Options(clients, days, seed, wall, excluded, new InjectedFailure.Rates(0.02, 0.01, 0.02), 0.1, 16,
                    Math.min(clients - excluded, Math.max(20, clients / 50)), Gate.DEMO, Duration.ofDays(1), 300);
        }

        /** @return these options with the bad hotfix: the new EP agent fails to install on 40 % of the clients */
        public Options withBadHotfix() {
            return new Options(clients, days, seed, wall, excludedClients, InjectedFailure.badHotfix(failures), interruptedDownloads, concurrency,
                    pilotClients, gate, policyInterval, maxPolicyReadsPerSecond);
        }

        /** @return whether the bad-hotfix scenario is on (EP install failures at least {@link InjectedFailure#BAD_HOTFIX_INSTALL_FAILURE}) */
        public boolean badHotfix() {
            return failures.installFailure() >= InjectedFailure.BAD_HOTFIX_INSTALL_FAILURE;
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
     * @param rollout rollout's view of the version's rollout (status, reason, rings, top error codes, history)
     * @param pilot the client IDs of the plan's pilot ring
     * @param badHotfix whether the bad-hotfix scenario ran (the pilot must halt)
     */
    public record Outcome(FleetRun.Result run, Tally expected, Tally observed, JsonNode distribution, JsonNode failures2001, JsonNode failures800,
            int packageVersion, java.net.URI dashboard, JsonNode rollout, Set<String> pilot, boolean badHotfix) {

        /** @return whether state-ingest counts exactly what the simulated fleet did */
        public boolean stateIngestMatches() {
            return expected.equals(observed);
        }

        /** @return the rings whose figures in rollout (offered, succeeded, failed) differ from the ground truth */
        public List<String> ringMismatches() {
            Map<String, WaveSimulation.RingTally> truth = run.wave().byRing();
            List<String> differ = new ArrayList<>();
            for (JsonNode ring : rollout.path("rings")) {
                if (ringDiffers(ring, truth)) {
                    differ.add(ring.path("ring").asText());
                }
            }
            return differ;
        }

        /** @return clients outside the pilot that were offered the new version (ground truth) */
        public long offeredOutsidePilot() {
            return run.wave().results().stream().filter(r -> r.offered() && !pilot.contains(r.client().clientId())).count();
        }

        /**
         * @return what the scenario expects of the rollout, or empty when it holds: a good hotfix COMPLETED with every ring
         *     PASSED; a bad one HALTED in the pilot with nobody outside the pilot offered the version
         */
        public Optional<String> scenarioBroken() {
            String status = rollout.path("status").asText();
            if (badHotfix) {
                String pilotState = rollout.path("rings").path(0).path("state").asText();
                if (!"HALTED".equals(status) || !"HALTED".equals(pilotState)) {
                    return Optional.of("the bad hotfix should halt in the pilot; the rollout is " + status + ", the pilot " + pilotState);
                }
                long outside = offeredOutsidePilot();
                long outsideByRollout = 0;
                for (JsonNode ring : rollout.path("rings")) {
                    outsideByRollout += "pilot".equals(ring.path("ring").asText()) ? 0 : ring.path("offered").asLong();
                }
                return outside + outsideByRollout == 0 ? Optional.empty()
                        : Optional.of(outside + " clients outside the pilot were offered the bad version (rollout counts " + outsideByRollout + ")");
            }
            for (JsonNode ring : rollout.path("rings")) {
                if (!"PASSED".equals(ring.path("state").asText())) {
                    return Optional.of("ring " + ring.path("ring").asText() + " is " + ring.path("state").asText() + ", not PASSED");
                }
            }
            return "COMPLETED".equals(status) ? Optional.empty() : Optional.of("the rollout is " + status + ", not COMPLETED");
        }

        /** @return whether state-ingest and rollout count what the fleet did and the rollout ended as the scenario says */
        public boolean consistent() {
            return stateIngestMatches() && ringMismatches().isEmpty() && scenarioBroken().isEmpty();
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
        List<String> pilot = fleet.subList(options.excludedClients(), options.excludedClients() + options.pilotClients()).stream()
                .map(SimulatedClient::clientId).toList();
        PreparedSite prepared = prepareSite(stack, seed, new UpgradeSettings(true, options.days(), excluded, false),
                demoPlan(pilot, options.gate()), out);
        SiteApi site = prepared.site();
        int version = prepared.packageVersion();
        JsonNode distribution = prepared.distribution();

        Duration window = FleetRun.ringWindow(options.days());
        out.printf("[6/6] %d clients upgrade themselves ring by ring (%s%s), %s wall per %d-day window, until the rollout completes or halts ...%n",
                options.clients(), options.badHotfix() ? "bad hotfix: 40 % of EP installs fail, " : "", "pilot " + pilot.size() + " clients",
                options.wall().isZero() ? "as fast as possible" : options.wall().toSeconds() + " s", window.toDays());
        out.flush();
        FleetRun.Settings settings = new FleetRun.Settings(endpoints(stack), Optional.of(stack.viewerToken()), DemoSeed.PACKAGE_ID, fleetSpec,
                options.failures(), options.interruptedDownloads(), 0, options.wall().multipliedBy(WINDOWS_PER_WAVE),
                window.multipliedBy(WINDOWS_PER_WAVE), options.policyInterval(), options.maxPolicyReadsPerSecond(), options.concurrency(), false,
                Optional.empty(), HttpExchanges.Settings.DEFAULT, stack.clientCredentials());
        FleetRun.Result result;
        try (ProgressBar clientsBar = bar("clients done", options.clients() - excluded.size(), out)) {
            // What rollout and the dashboard see, next to what the fleet did.
            Thread poller = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        clientsBar.setExtraMessage(" " + ringLine(site.rollout(DemoSeed.PACKAGE_ID, version)) + "; state-ingest on target: "
                                + site.compliance(2001, DemoSeed.TARGET_SCEP_VERSION).path("byState").path("ON_TARGET").asLong());
                    } catch (RuntimeException e) {
                        clientsBar.setExtraMessage(" " + e.getMessage());
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
        out.printf("      waiting for state-ingest and rollout to count every message ...%n");
        out.flush();
        Tally observed = awaitSettled(site, expected);
        JsonNode rollout = awaitRolloutCounted(site, version, result.wave());
        return new Outcome(result, expected, observed, distribution, site.failures(2001), site.failures(800), version, site.dashboard(), rollout,
                Set.copyOf(pilot), options.badHotfix());
    }

    /** @return a one-line summary of a rollout for the progress bar, e.g. {@code RUNNING pilot PASSED 20/20, early ACTIVE 3/18, broad PENDING} */
    static String ringLine(JsonNode rollout) {
        if (rollout == null) {
            return "rollout: not yet";
        }
        StringBuilder line = new StringBuilder(rollout.path("status").asText());
        String separator = " ";
        for (JsonNode ring : rollout.path("rings")) {
            line.append(separator).append(ring.path("ring").asText()).append(' ').append(ring.path("state").asText()).append(' ')
                    .append(ring.path("succeeded").asLong()).append('/').append(ring.path("offered").asLong());
            separator = ", ";
        }
        return line.toString();
    }

    /**
     * The demo's rollout plan: the pilot ring names {@code pilot} (the pre-production collection), then {@code early}
     * with 10 % of the other clients and {@code broad} with the rest; every ring passes on {@code gate} and starts the
     * next one automatically.
     *
     * @return the plan object {@code PUT /api/rollout-plans/{packageId}} takes
     */
    public static JsonNode demoPlan(List<String> pilot, Gate gate) {
        ObjectNode plan = JSON.createObjectNode();
        ArrayNode rings = plan.putArray("rings");
        ObjectNode first = rings.addObject().put("name", "pilot");
        pilot.forEach(first.putArray("clientIds")::add);
        first.putArray("boundaryGroups");
        first.put("manualPromote", false);
        gate(first, gate);
        gate(rings.addObject().put("name", "early").put("percent", 10), gate);
        gate(rings.addObject().put("name", "broad").put("rest", true), gate);
        return plan;
    }

    /** A plan of one ring holding every client, whose gate neither halts nor waits: the version goes to everyone at once (load runs). */
    public static JsonNode everyoneAtOnce() {
        ObjectNode plan = JSON.createObjectNode();
        gate(plan.putArray("rings").addObject().put("name", "all").put("rest", true), new Gate(0, 100, 1));
        return plan;
    }

    private static void gate(ObjectNode ring, Gate gate) {
        ring.putObject("gate").put("successPercent", gate.successPercent()).put("failurePercent", gate.failurePercent())
                .put("minSample", gate.minSample()).put("soak", "PT0S").put("stalledCountAsFailure", true).putArray("ignoredErrorCodes");
    }

    /**
     * The site after steps 1 to 5 of the wave, ready for clients.
     *
     * @param site the operator's API client (admin token)
     * @param packageVersion the version the hotfix created, e.g. 5
     * @param distribution dp-content's status of that version on both distribution points (all INSTALLED)
     */
    public record PreparedSite(SiteApi site, int packageVersion, JsonNode distribution) {
    }

    /**
     * Steps 1 to 5 with a plan that offers the version to every client at once ({@link #everyoneAtOnce()}), what the
     * load harness and the fault tests run before their clients.
     *
     * @see #prepareSite(AcuStack, DemoSeed, UpgradeSettings, JsonNode, PrintStream)
     */
    public static PreparedSite prepareSite(AcuStack stack, DemoSeed seed, UpgradeSettings settings, PrintStream out) throws InterruptedException {
        return prepareSite(stack, seed, settings, everyoneAtOnce(), out);
    }

    /**
     * Steps 1 to 5 of the wave: import CAS00006 v4, store the automatic client upgrade settings and the rollout plan on
     * rollout, apply hotfix KB2907566, and wait until both distribution points installed the new version.
     *
     * @param settings the site's automatic client upgrade settings
     * @param plan the rollout plan of CAS00006 ({@code {"rings":[…]}}), stored before the hotfix creates the version
     * @throws SiteApi.SiteApiException when a service refuses a step
     * @throws IllegalStateException when distribution fails or does not finish within 3 minutes
     */
    public static PreparedSite prepareSite(AcuStack stack, DemoSeed seed, UpgradeSettings settings, JsonNode plan, PrintStream out)
            throws InterruptedException {
        SiteApi site = siteApi(stack);
        out.printf("[1/6] Importing the site's client package %s v%d (%s 4.2.223.0)%n", DemoSeed.PACKAGE_ID, DemoSeed.SEED_VERSION, DemoSeed.INSTALLER);
        site.importPackage(seed.seedManifest());
        int excludedCount = settings.excludedClientIds().size();
        out.printf("[2/6] Automatic client upgrade (rollout): within %d days, maintenance windows respected, %d %s excluded%n",
                settings.advertisementDurationDays(), excludedCount, excludedCount == 1 ? "client" : "clients");
        site.putClientUpgradeSettings(settings);
        JsonNode stored = site.putRolloutPlan(DemoSeed.PACKAGE_ID, plan);
        StringBuilder rings = new StringBuilder();
        for (JsonNode ring : stored.path("plan").path("rings")) {
            rings.append(rings.isEmpty() ? "" : " -> ").append(ring.path("name").asText())
                    .append(ring.path("clientIds").size() > 0 ? " (" + ring.path("clientIds").size() + " clients)"
                            : ring.path("rest").asBoolean() ? " (the rest)" : ring.path("percent").isNumber() ? " (" + ring.path("percent").asText() + " %)" : "");
        }
        JsonNode gate = stored.path("plan").path("rings").path(0).path("gate");
        out.printf("[3/6] Rollout plan v%d for %s: %s; gate: %s %% success, halt above %s %% failures, sample %d%n", stored.path("planVersion").asInt(),
                DemoSeed.PACKAGE_ID, rings, gate.path("successPercent").asText(), gate.path("failurePercent").asText(), gate.path("minSample").asInt());
        out.printf("[4/6] Applying hotfix KB2907566 (%s %s, SHA-256 %s)%n", DemoSeed.INSTALLER, DemoSeed.TARGET_SCEP_VERSION, seed.hotfixHash().hex());
        int version = site.applyHotfix(DemoSeed.HOTFIX_METADATA, DemoSeed.INSTALLER, seed.hotfixInstaller()).path("packageVersion").asInt();
        out.printf("      manifest-builder built %s v%d%n", DemoSeed.PACKAGE_ID, version);
        out.printf("[5/6] Distributing v%d to the distribution points ...%n", version);
        out.flush();
        JsonNode distribution = awaitDistribution(site, version);
        for (JsonNode point : distribution.path("distributionPoints")) {
            out.printf("      %-6s %s%n", point.path("distributionPoint").asText(), point.path("state").asText());
        }
        return new PreparedSite(site, version, distribution);
    }

    /** @return the operator's API client for this stack (manifest-builder, the distribution manager, state-ingest, rollout; admin token) */
    public static SiteApi siteApi(AcuStack stack) {
        return new SiteApi(stack.service("manifest-builder").baseUri(), stack.service("dp-content").baseUri(),
                stack.service("state-ingest").baseUri(), stack.service("rollout").baseUri(), stack.adminToken());
    }

    /** @return the demo's fleet of {@code clients} with {@code seed}: both boundary groups, half each, on the seed's versions */
    public static FleetGenerator.FleetSpec fleetSpec(int clients, long seed) {
        return new FleetGenerator.FleetSpec(clients, seed, List.of(AcuStack.HQ_BOUNDARY_GROUP, AcuStack.BRANCH_BOUNDARY_GROUP), 0.5,
                CLIENT_VERSION, SEED_SCEP_VERSION);
    }

    /**
     * @return the services' URLs as fleet-sim needs them; status reports go to every replica of fsp and of state-ingest
     *     ({@link AcuStack#replicas(String)}), spread and failed over by fleet-sim
     */
    public static ServiceEndpoints endpoints(AcuStack stack) {
        return new ServiceEndpoints(stack.service("manifest-builder").baseUri(), stack.service("dp-content").baseUri(),
                baseUris(stack.replicas("fsp")), baseUris(stack.replicas("state-ingest")), stack.service("rollout").baseUri());
    }

    private static List<java.net.URI> baseUris(List<io.acu.infra.ServiceProcess> replicas) {
        return replicas.stream().map(io.acu.infra.ServiceProcess::baseUri).toList();
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

    /**
     * Waits until rollout's ring figures equal the ground truth (its consumers lag the fleet by a little), then up to
     * {@link #DECISION_TIMEOUT} more for the gate of the last ring to decide (rollout evaluates its gates on a timer,
     * so the counts arrive before the decision), and returns the rollout as it then stands; after a timeout the last
     * view, which the caller prints as differing.
     */
    private static JsonNode awaitRolloutCounted(SiteApi site, int version, WaveSimulation.WaveReport wave) throws InterruptedException {
        JsonNode[] last = new JsonNode[1];
        try {
            await(SETTLE_TIMEOUT, () -> {
                last[0] = site.rollout(DemoSeed.PACKAGE_ID, version);
                return last[0] != null && ringsMatch(last[0], wave) ? last[0] : null;
            }, "rollout to count every client");
            return await(DECISION_TIMEOUT, () -> {
                last[0] = site.rollout(DemoSeed.PACKAGE_ID, version);
                return last[0] != null && !"RUNNING".equals(last[0].path("status").asText()) ? last[0] : null;
            }, "rollout's gates to decide");
        } catch (IllegalStateException e) {
            if (last[0] == null) {
                throw e;
            }
            return last[0];
        }
    }

    private static boolean ringsMatch(JsonNode rollout, WaveSimulation.WaveReport wave) {
        Map<String, WaveSimulation.RingTally> truth = wave.byRing();
        for (JsonNode ring : rollout.path("rings")) {
            if (ringDiffers(ring, truth)) {
                return false;
            }
        }
        return true;
    }

    /** Whether one ring of rollout's view (offered, succeeded, failed + stalled) differs from the simulator's ground truth. */
    static boolean ringDiffers(JsonNode ring, Map<String, WaveSimulation.RingTally> truth) {
        WaveSimulation.RingTally t = truth.getOrDefault(ring.path("ring").asText(), new WaveSimulation.RingTally(0, 0, 0, 0, 0));
        return ring.path("offered").asLong() != t.offered() || ring.path("succeeded").asLong() != t.succeeded()
                || ring.path("failed").asLong() + ring.path("stalled").asLong() != t.failed();
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
