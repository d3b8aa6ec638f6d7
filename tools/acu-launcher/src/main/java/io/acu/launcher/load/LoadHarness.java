package io.acu.launcher.load;

import io.acu.fleetsim.domain.FleetGenerator;
import io.acu.fleetsim.domain.InjectedFailure;
import io.acu.fleetsim.domain.SimulatedClient;
import io.acu.fleetsim.http.HttpExchanges;
import io.acu.fleetsim.run.FleetRun;
import io.acu.infra.ServiceProcess;
import io.acu.launcher.AcuStack;
import io.acu.launcher.wave.DemoSeed;
import io.acu.launcher.wave.DemoWave;
import io.acu.launcher.wave.UpgradeSettings;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAccumulator;

/**
 * The load run behind {@code ./acu load} (issue 8): on a running {@link AcuStack}, the demo's seed, settings and
 * hotfix (steps 1-4 of {@link DemoWave}), then a fleet of N simulated clients in fleet-sim's status-only mode (no
 * downloads: every client sends its fallback status point message, 800, and when it deployed its Endpoint Protection
 * message, 2001), with no pacing and a share of clients sending each report twice. It waits until state-ingest has
 * persisted every accepted message (or stops growing), then audits the rows against the ground truth
 * ({@link DeliveryAudit}) and collects the figures of a {@link LoadReport}.
 */
public final class LoadHarness {

    /**
     * What the stack must be started with for a load run: the fallback status point's throttle off. ConfigMgr's FSP
     * default (10,000 messages per hour for the point, 2,000 per sender address here) would refuse a fleet of
     * 100,000 clients that all post from this machine's one loopback address within minutes.
     */
    public static final Map<String, Map<String, String>> STACK_SETTINGS = Map.of("fsp", Map.of(
            "ACU_FSP_GLOBAL_COUNT", "0",
            "ACU_FSP_PER_ADDRESS_COUNT", "0"),
            // Status-only clients hold a download grant for milliseconds; rollout's cap per DP would only measure its consumer lag.
            "rollout", Map.of("ACU_ROLLOUT_GRANTS_MAX_IN_FLIGHT", "1000000"));

    private static final Duration SETTLE_QUIET = Duration.ofSeconds(60);
    /** Every client is offered at its first policy read (one ring, everyone at once): those reads fall within a simulated minute. */
    private static final Duration LOAD_POLICY_INTERVAL = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofSeconds(1);

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
        DemoWave.prepareSite(stack, seed, UpgradeSettings.within(options.days()), out);
        FleetGenerator.FleetSpec fleetSpec = DemoWave.fleetSpec(options.clients(), options.seed());
        List<String> clientIds = FleetGenerator.generate(fleetSpec).stream().map(SimulatedClient::clientId).toList();
        FleetRun.Settings settings = new FleetRun.Settings(DemoWave.endpoints(stack), Optional.of(stack.viewerToken()), DemoSeed.PACKAGE_ID,
                fleetSpec, new InjectedFailure.Rates(0.02, 0.01, 0.02), 0, options.duplicates(), Duration.ZERO, FleetRun.ringWindow(options.days()),
                LOAD_POLICY_INTERVAL, Double.MAX_VALUE, options.concurrency(), true, Optional.empty(), HttpExchanges.Settings.DEFAULT);
        StateIngestRows rows = new StateIngestRows(stack.infrastructure().postgres());

        out.printf("[5/5] %,d clients report their upgrade (status only, no pacing, %d at once, %.0f %% send each report twice) ...%n",
                options.clients(), options.concurrency(), options.duplicates() * 100);
        out.flush();
        AtomicLong finished = new AtomicLong();
        DoubleAccumulator peakLag = new DoubleAccumulator(Math::max, 0);
        Thread sampler = new Thread(() -> sample(stack, rows, finished, peakLag, out), "acu-load-sampler");
        sampler.setDaemon(true);
        Instant firstSend = Instant.now();
        sampler.start();
        FleetRun.Result result;
        try {
            result = FleetRun.run(settings, (client, at) -> finished.incrementAndGet());
        } finally {
            sampler.interrupt();
        }
        Duration sending = Duration.between(firstSend, Instant.now());
        DeliveryAudit audit = DeliveryAudit.of(result.wave());
        out.printf("      sent in %.1f s; waiting for state-ingest to persist %,d messages ...%n", sending.toMillis() / 1000.0, audit.requiredMessages());
        out.flush();
        try {
            awaitPersisted(rows, audit.requiredMessages(), stack, peakLag);
            DeliveryAudit.Findings findings = audit.audit(rows.rowsByClientAndTopic(clientIds));
            Instant last = rows.lastIngestedAt().orElse(firstSend);
            return new LoadReport(options.clients(), result.counters(), findings, rows.repeatedSerials(clientIds),
                    DeadLetters.count(stack.infrastructure().kafka().bootstrapServers()), Duration.between(firstSend, last), sending,
                    peakLag.get(), peakResidentBytes(stack));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read state-ingest's rows: " + e.getMessage(), e);
        }
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

    /** Polls until the rows reach {@code expected}, or stop growing for a minute (the audit then says what is missing). */
    private static void awaitPersisted(StateIngestRows rows, long expected, AcuStack stack, DoubleAccumulator peakLag) throws InterruptedException {
        long last = -1;
        Instant lastGrowth = Instant.now();
        while (Duration.between(lastGrowth, Instant.now()).compareTo(SETTLE_QUIET) < 0) {
            ConsumerLag.maxLag(stack.service("state-ingest").baseUri()).ifPresent(peakLag::accumulate);
            try {
                long now = rows.rows();
                if (now >= expected) {
                    return;
                }
                if (now != last) {
                    last = now;
                    lastGrowth = Instant.now();
                }
            } catch (SQLException e) {
                // the database is busy or restarting: the quiet period still runs
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Every second: consumer lag into {@code peakLag}; every ten: a progress line. */
    private static void sample(AcuStack stack, StateIngestRows rows, AtomicLong finished, DoubleAccumulator peakLag, PrintStream out) {
        for (long tick = 1; !Thread.currentThread().isInterrupted(); tick++) {
            ConsumerLag.maxLag(stack.service("state-ingest").baseUri()).ifPresent(peakLag::accumulate);
            if (tick % 10 == 0) {
                String persisted;
                try {
                    persisted = String.format("%,d", rows.rows());
                } catch (SQLException e) {
                    persisted = "?";
                }
                out.printf("      %,d clients done, %s rows persisted, consumer lag peak %,.0f%n", finished.get(), persisted, peakLag.get());
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
