package io.acu.launcher.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.acu.fleetsim.domain.FleetGenerator;
import io.acu.fleetsim.domain.InjectedFailure;
import io.acu.fleetsim.domain.SimulatedClient;
import io.acu.fleetsim.http.HttpExchanges;
import io.acu.fleetsim.http.TransportCounters;
import io.acu.fleetsim.run.FleetRun;
import io.acu.infra.ServiceProcess;
import io.acu.launcher.AcuStack;
import io.acu.launcher.wave.DemoSeed;
import io.acu.launcher.wave.DemoWave;
import io.acu.launcher.wave.SiteApi;
import io.acu.launcher.wave.UpgradeSettings;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * The load run behind {@code ./acu load} (issues 8 and 13): on a running {@link AcuStack}, the demo's seed, settings,
 * a one-ring "everyone at once" rollout plan and the hotfix (steps 1-5 of {@link DemoWave}), then a fleet of N
 * simulated clients in fleet-sim's status-only mode, with no pacing and a share of clients sending each report twice.
 * Each client reads its own policy from rollout once (it is offered the new version then, as a real client is: rollout
 * records the offer), downloads nothing (so asks for no download grant), and sends its fallback status point message
 * (800) and, when it deployed, its Endpoint Protection message (2001). The policy reads come first (every client's
 * first read falls within the first simulated minute, its upgrade days later) and are timed as their own phase.
 *
 * <p>Then it waits until state-ingest has persisted every accepted message and rollout has applied every client's
 * final state (or either stops moving for a minute), audits state-ingest's rows against the ground truth
 * ({@link DeliveryAudit}) and rollout's counts against it ({@link RolloutCounts}), and collects the figures of a
 * {@link LoadReport}: state-ingest and rollout side by side ({@link SideBySide}), with both consumer groups' lag
 * sampled from Kafka every second ({@link GroupLag}).
 */
public final class LoadHarness {

    /**
     * What the stack must be started with for a load run: the fallback status point's throttle off. ConfigMgr's FSP
     * default (10,000 messages per hour for the point, 2,000 per sender address here) would refuse a fleet of
     * 100,000 clients that all post from this machine's one loopback address within minutes. (Every stack already lets
     * the intakes take the simulated fleet's MessageTimes from days ahead: see {@link AcuStack}.)
     */
    public static final Map<String, Map<String, String>> STACK_SETTINGS = Map.of(
            "fsp", Map.of(
                    "ACU_FSP_GLOBAL_COUNT", "0",
                    "ACU_FSP_PER_ADDRESS_COUNT", "0"));

    private static final Duration SETTLE_QUIET = Duration.ofSeconds(60);
    /** Every client is offered at its first policy read (one ring, everyone at once): those reads fall within a simulated minute. */
    private static final Duration LOAD_POLICY_INTERVAL = Duration.ofMinutes(1);
    /** How often lag is sampled and the end of the run looked for: rollout's finishing time is known to this. */
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration OFFERING_TIMEOUT = Duration.ofMinutes(2);
    private static final String STATE_INGEST_GROUP = "state-ingest";
    private static final String ROLLOUT_GROUP = "rollout";

    private LoadHarness() {
    }

    /**
     * How to load the stack.
     *
     * @param clients fleet size, at least 1
     * @param duplicates fraction 0..1 of clients that send each accepted report twice
     * @param concurrency clients posting at once, at least 1
     * @param seed the fleet's and the wave's seed
     * @param days the automatic upgrade window (simulated; no pacing, so it only spreads the clients' task times)
     */
    public record Options(int clients, double duplicates, int concurrency, long seed, int days) {

        /** @throws IllegalArgumentException for a value outside its range */
        public Options {
            if (clients < 1) {
                throw new IllegalArgumentException("clients must be at least 1, was " + clients);
            }
            if (!(duplicates >= 0 && duplicates <= 1)) {
                throw new IllegalArgumentException("the duplicate share is a fraction 0..1, was " + duplicates);
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
            }
            if (days < 1 || days > 31) {
                throw new IllegalArgumentException("days must be 1..31, was " + days);
            }
        }
    }

    /**
     * Runs the load.
     *
     * @param stack a freshly started stack (the audit counts every row of state-ingest's table as this run's)
     * @param out progress lines
     * @return the figures
     * @throws io.acu.launcher.wave.SiteApi.SiteApiException when a service refuses a step of the seed
     * @throws IllegalStateException when distribution fails, or the database cannot be read at the end
     */
    public static LoadReport run(AcuStack stack, DemoSeed seed, Options options, PrintStream out) throws InterruptedException {
        int version = DemoWave.prepareSite(stack, seed, UpgradeSettings.within(options.days()), out).packageVersion();
        SiteApi viewer = SiteApi.rolloutOnly(stack.service("rollout").baseUri(), stack.viewerToken());
        awaitOffering(viewer, version, out);
        FleetGenerator.FleetSpec fleetSpec = DemoWave.fleetSpec(options.clients(), options.seed());
        List<String> clientIds = FleetGenerator.generate(fleetSpec).stream().map(SimulatedClient::clientId).toList();
        FleetRun.Settings settings = new FleetRun.Settings(DemoWave.endpoints(stack), Optional.of(stack.viewerToken()), DemoSeed.PACKAGE_ID,
                fleetSpec, new InjectedFailure.Rates(0.02, 0.01, 0.02), 0, options.duplicates(), Duration.ZERO, FleetRun.ringWindow(options.days()),
                LOAD_POLICY_INTERVAL, Double.MAX_VALUE, options.concurrency(), true, Optional.empty(), HttpExchanges.Settings.DEFAULT,
                stack.clientCredentials());
        StateIngestRows rows = new StateIngestRows(stack.infrastructure().postgres());

        out.printf("[6/6] %,d clients read their policy, then report their upgrade (status only, no pacing, %d at once, %.0f %% send each report "
                + "twice) ...%n", options.clients(), options.concurrency(), options.duplicates() * 100);
        out.flush();
        AtomicLong finished = new AtomicLong();
        Peaks peaks = new Peaks();
        FleetRun.Result result;
        try (GroupLag groupLag = new GroupLag(stack.infrastructure().kafka().bootstrapServers(), List.of(STATE_INGEST_GROUP, ROLLOUT_GROUP))) {
            Thread sampler = new Thread(() -> sample(stack, rows, viewer, version, groupLag, finished, peaks, out), "acu-load-sampler");
            sampler.setDaemon(true);
            sampler.start();
            try {
                result = FleetRun.run(settings, (client, at) -> finished.incrementAndGet());
            } finally {
                sampler.interrupt();
            }
            TransportCounters.Phase policy = result.counters().policyPhase();
            TransportCounters.Phase reports = result.counters().reportPhase();
            // The reporting starts when the policy reads are over: the few clients whose random upgrade time fell within
            // the first simulated minute report while the others still read their policy, and do not move the start.
            Instant reportingStart = later(policy.lastAnswered(), reports.firstSent());
            Duration sending = reports.lastAnswered() == null ? Duration.ZERO : Duration.between(reportingStart, reports.lastAnswered());
            DeliveryAudit audit = DeliveryAudit.of(result.wave());
            RolloutCounts expected = RolloutCounts.expected(result.wave());
            out.printf("      %,d policy reads in %.1f s; reports sent in %.1f s; waiting for state-ingest to persist %,d messages and rollout to "
                    + "apply %,d clients' final states ...%n", policy.requests(), policy.duration().toMillis() / 1000.0, sending.toMillis() / 1000.0,
                    audit.requiredMessages(), expected.finished());
            out.flush();
            Finish finish = awaitFinished(stack, rows, audit.requiredMessages(), viewer, version, expected, groupLag, peaks);
            Map<String, Double> cpuAtEnd = ProcessCpu.snapshot(servicePids(stack));
            Map.Entry<Instant, Map<String, Double>> cpuAtStart = peaks.cpu.floorEntry(reportingStart);
            Map<String, Double> cpu = ProcessCpu.between(cpuAtStart == null ? Map.of() : cpuAtStart.getValue(), cpuAtEnd);
            try {
                DeliveryAudit.Findings findings = audit.audit(rows.rowsByClientAndTopic(clientIds));
                Instant last = rows.lastIngestedAt().orElse(reportingStart);
                Duration endToEnd = Duration.between(reportingStart, last);
                SideBySide sideBySide = new SideBySide(audit.requiredMessages(), endToEnd,
                        finish.rolloutDone().map(done -> Duration.between(reportingStart, done)), peaks.lag(STATE_INGEST_GROUP), peaks.lag(ROLLOUT_GROUP));
                return new LoadReport(options.clients(), result.counters(), findings, rows.repeatedSerials(clientIds),
                        DeadLetters.count(stack.infrastructure().kafka().bootstrapServers()), endToEnd, sending, peaks.metricLag.get(),
                        finish.rollout(), expected, sideBySide, peakResidentBytes(stack), cpu);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read state-ingest's rows: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Waits until rollout offers the version to the load's one ring (it starts the ring once it has seen the content
     * INSTALLED, a moment after dp-content reported it), so every client is offered it at its first policy read.
     *
     * @throws IllegalStateException when the ring has not started within {@link #OFFERING_TIMEOUT}
     */
    private static void awaitOffering(SiteApi viewer, int version, PrintStream out) throws InterruptedException {
        long deadline = System.nanoTime() + OFFERING_TIMEOUT.toNanos();
        String seen = "no rollout yet";
        while (System.nanoTime() < deadline) {
            JsonNode rollout = viewer.rollout(DemoSeed.PACKAGE_ID, version);
            if (rollout != null) {
                String status = rollout.path("status").asText();
                String ring = rollout.path("rings").path(0).path("state").asText();
                seen = status + ", ring " + rollout.path("rings").path(0).path("ring").asText() + " " + ring;
                if (("RUNNING".equals(status) || "COMPLETED".equals(status)) && ("ACTIVE".equals(ring) || "PASSED".equals(ring) || "PROMOTED".equals(ring))) {
                    out.printf("      rollout of v%d: %s%n", version, seen);
                    return;
                }
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException("rollout did not start offering v" + version + " within " + OFFERING_TIMEOUT.toSeconds() + " s (" + seen + ")");
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b == null ? Instant.now() : b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
    /** Each running service's PID, by instance name. */
    private static Map<String, Long> servicePids(AcuStack stack) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (ServiceProcess service : stack.services().values()) {
            service.pid().ifPresent(pid -> pids.put(service.name(), pid));
        }
        return pids;
    }

    /** Each service's peak RSS so far, by instance name. */
    public static Map<String, OptionalLong> peakResidentBytes(AcuStack stack) {
        Map<String, OptionalLong> peaks = new LinkedHashMap<>();
        for (ServiceProcess service : stack.services().values()) {
            OptionalLong pid = service.pid();
            peaks.put(service.name(), pid.isPresent() ? ProcessMemory.peakResidentBytes(pid.getAsLong()) : OptionalLong.empty());
        }
        return peaks;
    }

    /**
     * When each service had everything.
     *
     * @param rollout rollout's counts at the end (empty when it showed no rollout of the version)
     * @param rolloutDone when a poll first found rollout had applied every client's final state; empty when it never did
     */
    private record Finish(Optional<RolloutCounts> rollout, Optional<Instant> rolloutDone) {
    }

    /**
     * Polls until state-ingest's rows reach {@code expectedRows} and rollout's finished clients reach those of
     * {@code expected}, or each stops growing for a minute (the audit then says what is missing).
     */
    private static Finish awaitFinished(AcuStack stack, StateIngestRows rows, long expectedRows, SiteApi viewer, int version, RolloutCounts expected,
            GroupLag groupLag, Peaks peaks) throws InterruptedException {
        Progress stored = new Progress();
        Progress applied = new Progress();
        Optional<RolloutCounts> counts = Optional.empty();
        Optional<Instant> rolloutDone = Optional.empty();
        while (!(stored.done || stored.quiet()) || !(rolloutDone.isPresent() || applied.quiet())) {
            peaks.sample(stack, groupLag);
            if (!stored.done) {
                try {
                    long now = rows.rows();
                    stored.saw(now, now >= expectedRows);
                } catch (SQLException e) {
                    // the database is busy or restarting: the quiet period still runs
                }
            }
            if (rolloutDone.isEmpty()) {
                try {
                    counts = RolloutCounts.of(viewer.rollouts(DemoSeed.PACKAGE_ID), version);
                    Instant answered = Instant.now();
                    long now = counts.map(RolloutCounts::finished).orElse(0L);
                    applied.saw(now, now >= expected.finished());
                    if (applied.done) {
                        rolloutDone = Optional.of(answered);
                    }
                } catch (SiteApi.SiteApiException e) {
                    // rollout is busy: the quiet period still runs
                }
            }
            Thread.sleep(POLL.toMillis());
        }
        if (rolloutDone.isPresent()) {
            // Read once more, so a late change (an outcome moving after the count was reached) shows in the check.
            try {
                counts = RolloutCounts.of(viewer.rollouts(DemoSeed.PACKAGE_ID), version);
            } catch (SiteApi.SiteApiException e) {
                // the counts of the last poll stand
            }
        }
        return new Finish(counts, rolloutDone);
    }

    /** One service's count while the end of the run is awaited: done, or no growth for {@link #SETTLE_QUIET}. */
    private static final class Progress {
        private long last = -1;
        private long lastGrowth = System.nanoTime();
        private boolean done;

        void saw(long count, boolean reached) {
            done = reached;
            if (count != last) {
                last = count;
                lastGrowth = System.nanoTime();
            }
        }

        boolean quiet() {
            return System.nanoTime() - lastGrowth >= SETTLE_QUIET.toNanos();
        }
    }

    /** The peaks seen while the run goes on: state-ingest's lag metric, and both groups' lag from Kafka. */
    private static final class Peaks {
        final DoubleAccumulator metricLag = new DoubleAccumulator(Math::max, 0);
        /** CPU seconds by role, sampled every second, to find the reporting phase's start afterwards. */
        final NavigableMap<Instant, Map<String, Double>> cpu = new ConcurrentSkipListMap<>();
        private final Map<String, LongAccumulator> groupLag = new ConcurrentHashMap<>();

        void sample(AcuStack stack, GroupLag groups) {
            ConsumerLag.maxLag(stack.service("state-ingest").baseUri()).ifPresent(metricLag::accumulate);
            groups.now().ifPresent(lag -> lag.forEach((group, records) ->
                    groupLag.computeIfAbsent(group, g -> new LongAccumulator(Math::max, Long.MIN_VALUE)).accumulate(records)));
        }

        OptionalLong lag(String group) {
            LongAccumulator peak = groupLag.get(group);
            return peak == null ? OptionalLong.empty() : OptionalLong.of(peak.get());
        }
    }

    /** Every second: the lags into {@code peaks}; every ten: a progress line. */
    private static void sample(AcuStack stack, StateIngestRows rows, SiteApi viewer, int version, GroupLag groupLag, AtomicLong finished, Peaks peaks,
            PrintStream out) {
        for (long tick = 1; !Thread.currentThread().isInterrupted(); tick++) {
            peaks.sample(stack, groupLag);
            peaks.cpu.put(Instant.now(), ProcessCpu.snapshot(servicePids(stack)));
            if (tick % 10 == 0) {
                String persisted;
                try {
                    persisted = String.format("%,d", rows.rows());
                } catch (SQLException e) {
                    persisted = "?";
                }
                String applied;
                try {
                    applied = RolloutCounts.of(viewer.rollouts(DemoSeed.PACKAGE_ID), version)
                            .map(c -> String.format("%,d of %,d offered", c.finished(), c.offered())).orElse("none");
                } catch (SiteApi.SiteApiException e) {
                    applied = "?";
                }
                out.printf("      %,d clients done, %s rows persisted, rollout finished %s; lag peak state-ingest %s, rollout %s%n", finished.get(), persisted,
                        applied, peaks.lag(STATE_INGEST_GROUP).isPresent() ? String.format("%,d", peaks.lag(STATE_INGEST_GROUP).getAsLong()) : "?",
                        peaks.lag(ROLLOUT_GROUP).isPresent() ? String.format("%,d", peaks.lag(ROLLOUT_GROUP).getAsLong()) : "?");
                out.flush();
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
