package io.acu.fleetsim.run;

import io.acu.fleetsim.domain.ClientTransport;
import io.acu.fleetsim.domain.FleetGenerator;
import io.acu.fleetsim.domain.SimulatedClient;
import io.acu.fleetsim.domain.StatusReports;
import io.acu.fleetsim.http.HttpExchanges;
import io.acu.fleetsim.http.RetryPolicy;
import io.acu.fleetsim.http.ServiceJson;
import io.acu.fleetsim.http.TransportCounters;
import io.acu.formats.Version;
import io.acu.formats.statemessage.ReportXml;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Posts one fallback status point report (state 400, client deployment succeeded) for each of N simulated clients to
 * one URL, {@code concurrency} at once, as fast as it answers, through the same client and retry loop a load run's
 * status reports take ({@link HttpExchanges}), each report written the way a load run writes it. What it measures is
 * the generator: against a handler that does nothing ({@code ../shared/bench/ref-vertx-202.sh}) its rate and its own
 * CPU per request tell whether fleet-sim can load the intakes faster than they answer.
 */
public final class ReportFlood {

    private ReportFlood() {
    }

    /** The high half of each report's topic GUID; the low half is the client's index, so every report has its own. */
    private static final long FLOOD_TOPIC_PREFIX = 0x00000000_0000_4000L;

    /** The most reports in flight at once: the connections the client pool keeps per service. */
    public static final int MAX_CONCURRENCY = 512;

    /** The most reports and warm-up reports together: the simulated fleet is held in memory (a large site's size). */
    public static final int MAX_REPORTS = 1_000_000;

    /**
     * @param target where to post: an absolute http or https URL with a host, e.g. {@code http://127.0.0.1:8084/SMS_FSP/.sms_fsp}
     * @param reports how many reports, one client each, at least 1; with {@code warmUp} at most {@link #MAX_REPORTS}
     * @param concurrency reports in flight at once, 1 to {@link #MAX_CONCURRENCY}
     * @param warmUp reports posted first and not measured (so the JIT has compiled the posting path), 0 or more
     * @param seed the simulated fleet's seed
     * @param http timeouts and retries
     */
    public record Settings(URI target, int reports, int concurrency, int warmUp, long seed, HttpExchanges.Settings http) {

        /** @throws IllegalArgumentException for a target that is not an http(s) URL, or a count out of its range */
        public Settings {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(http, "http");
            if (!("http".equalsIgnoreCase(target.getScheme()) || "https".equalsIgnoreCase(target.getScheme())) || target.getHost() == null
                    || target.getPort() > 65_535) {
                throw new IllegalArgumentException("the target must be an http or https URL with a host (and a port up to 65535), was '" + target + "'");
            }
            if (reports < 1 || concurrency < 1 || concurrency > MAX_CONCURRENCY || warmUp < 0 || (long) reports + warmUp > MAX_REPORTS) {
                throw new IllegalArgumentException("reports are at least 1, concurrency 1 to " + MAX_CONCURRENCY + ", warm-up 0 or more, reports and "
                        + "warm-up together at most " + MAX_REPORTS + "; were " + reports + ", " + concurrency + " and " + warmUp);
            }
        }
    }

    /**
     * @param answered2xx reports answered 2xx
     * @param refused reports answered otherwise after the retries
     * @param elapsed wall time from the first post to the last answer
     * @param cpu this process's CPU time over the same span (every thread, the JIT and GC included)
     * @param latency per attempt answered, request sent to response
     * @param stoppedBecause why the flood stopped early: a report that could not be delivered after the retries
     *     (unreachable, no answer in time, still 5xx or 429); the reports not yet posted were not sent
     * @param firstRefusal the first answer other than 2xx, with its status and reason
     */
    public record Result(long answered2xx, long refused, Duration elapsed, Duration cpu, TransportCounters.Latency latency,
            Optional<String> stoppedBecause, Optional<String> firstRefusal) {

        /** @return reports answered per second of wall time */
        public double perSecond() {
            return (answered2xx + refused) / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }

        /** @return microseconds of this process's CPU per report answered; empty when none was */
        public java.util.OptionalDouble cpuMicrosPerReport() {
            long answered = answered2xx + refused;
            return answered == 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(cpu.toNanos() / 1e3 / answered);
        }
    }

    /**
     * Runs the warm-up, then the measured flood; stops at the first report that could not be delivered.
     *
     * @return the counts and figures of the measured part
     * @throws InterruptedException when interrupted while waiting for the posting threads
     */
    public static Result run(Settings settings) throws InterruptedException {
        List<SimulatedClient> fleet = FleetGenerator.generate(new FleetGenerator.FleetSpec(settings.warmUp() + settings.reports(), settings.seed(),
                List.of("BG-HQ", "BG-Branch"), 0.7, Version.parse("5.00.7804.1000"), Version.parse("4.2.223.1")));
        Optional<String> warmUpRefusal = Optional.empty();
        if (settings.warmUp() > 0) {
            try (HttpExchanges http = new HttpExchanges(settings.http(), new TransportCounters())) {
                Round warmUp = new Round(settings, fleet.subList(0, settings.warmUp()), http);
                warmUp.post();
                if (warmUp.stoppedBecause.get() != null) {
                    return new Result(0, 0, Duration.ZERO, Duration.ZERO, new TransportCounters().latency(),
                            Optional.of("in the warm-up: " + warmUp.stoppedBecause.get()), warmUp.firstRefusal());
                }
                warmUpRefusal = warmUp.firstRefusal().map(refusal -> "in the warm-up: " + refusal);
            }
        }
        // The measured round gets a pool of its own, so it opens its connections as a load run's generator does.
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        TransportCounters counters = new TransportCounters();
        try (HttpExchanges http = new HttpExchanges(settings.http(), counters)) {
            Round round = new Round(settings, fleet.subList(settings.warmUp(), fleet.size()), http);
            long cpuBefore = processCpuNanos(os);
            long began = System.nanoTime();
            round.post();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - began);
            Duration cpu = Duration.ofNanos(processCpuNanos(os) - cpuBefore);
            return new Result(round.ok.sum(), round.refused.sum(), elapsed, cpu, counters.latency(), Optional.ofNullable(round.stoppedBecause.get()),
                    round.firstRefusal().isPresent() ? round.firstRefusal() : warmUpRefusal);
        }
    }

    /** One round of posts over {@code clients}, {@code concurrency} threads each taking the next client. */
    private static final class Round {
        private final Settings settings;
        private final List<SimulatedClient> clients;
        private final HttpExchanges http;
        private final Instant reportedAt = Instant.now();
        private final AtomicInteger next = new AtomicInteger();
        private final LongAdder ok = new LongAdder();
        private final LongAdder refused = new LongAdder();
        private final AtomicReference<String> stoppedBecause = new AtomicReference<>();
        private final AtomicReference<String> firstRefusal = new AtomicReference<>();

        Round(Settings settings, List<SimulatedClient> clients, HttpExchanges http) {
            this.settings = settings;
            this.clients = clients;
            this.http = http;
        }

        Optional<String> firstRefusal() {
            return Optional.ofNullable(firstRefusal.get());
        }

        void post() throws InterruptedException {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < Math.min(settings.concurrency(), clients.size()); t++) {
                Thread thread = new Thread(this::postUntilDone, "acu-flood-" + t);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }

        private void postUntilDone() {
            for (int i = next.getAndIncrement(); i < clients.size() && stoppedBecause.get() == null; i = next.getAndIncrement()) {
                SimulatedClient client = clients.get(i);
                byte[] body = ReportXml.write(StatusReports.fallbackStatus(client, StatusReports.FSP_DEPLOYMENT_SUCCEEDED,
                        "{" + new UUID(FLOOD_TOPIC_PREFIX, client.index()).toString().toUpperCase(Locale.ROOT) + "}", "http://dp01/SMS_DP_SMSPKG$/CAS00006",
                        reportedAt));
                try {
                    HttpResponse<byte[]> response = http.send(() -> http.request(settings.target())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/xml").build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() / 100 == 2) {
                        ok.increment();
                    } else {
                        refused.increment();
                        String refusal = response.statusCode() + " " + ServiceJson.problemReason(response.body());
                        firstRefusal.compareAndSet(null, refusal);
                        if (RetryPolicy.retriable(response.statusCode())) {
                            // Still failing or throttling after the retries: the rest would wait out the same retries.
                            stoppedBecause.compareAndSet(null, "POST " + settings.target() + " still answered " + refusal + " after the retries");
                        }
                    }
                } catch (ClientTransport.TransportException e) {
                    // The target is unreachable or does not answer in time even after the retries: the rest would fare alike.
                    stoppedBecause.compareAndSet(null, e.getMessage());
                }
            }
        }
    }

    private static long processCpuNanos(java.lang.management.OperatingSystemMXBean os) {
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
