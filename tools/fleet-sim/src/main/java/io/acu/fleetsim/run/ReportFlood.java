package io.acu.fleetsim.run;

import io.acu.fleetsim.domain.FleetGenerator;
import io.acu.fleetsim.domain.SimulatedClient;
import io.acu.fleetsim.domain.StatusReports;
import io.acu.fleetsim.http.HttpExchanges;
import io.acu.fleetsim.http.TransportCounters;
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
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * @param target where to post, e.g. {@code http://127.0.0.1:8084/SMS_FSP/.sms_fsp}
     * @param reports how many reports, one client each, at least 1
     * @param concurrency reports in flight at once, at least 1
     * @param seed the simulated fleet's seed
     * @param http timeouts and retries
     */
    public record Settings(URI target, int reports, int concurrency, long seed, HttpExchanges.Settings http) {

        /** @throws IllegalArgumentException for fewer than one report or thread */
        public Settings {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(http, "http");
            if (reports < 1 || concurrency < 1) {
                throw new IllegalArgumentException("reports and concurrency are at least 1, were " + reports + " and " + concurrency);
            }
        }
    }

    /**
     * @param answered2xx reports answered 2xx
     * @param refused reports answered otherwise after the retries
     * @param elapsed wall time from the first post to the last answer
     * @param cpu this process's CPU time over the same span (every thread, the JIT and GC included)
     * @param latency per attempt, request sent to response
     */
    public record Result(long answered2xx, long refused, Duration elapsed, Duration cpu, TransportCounters.Latency latency) {

        /** @return reports answered per second of wall time */
        public double perSecond() {
            return (answered2xx + refused) / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }

        /** @return microseconds of this process's CPU per report */
        public double cpuMicrosPerReport() {
            return cpu.toNanos() / 1e3 / Math.max(1, answered2xx + refused);
        }
    }

    /**
     * Runs the flood.
     *
     * @return the counts and figures
     * @throws InterruptedException when interrupted while waiting for the posting threads
     */
    public static Result run(Settings settings) throws InterruptedException {
        List<SimulatedClient> fleet = FleetGenerator.generate(new FleetGenerator.FleetSpec(settings.reports(), settings.seed(),
                List.of("BG-HQ", "BG-Branch"), 0.7, io.acu.formats.Version.parse("5.00.7804.1000"), io.acu.formats.Version.parse("4.2.223.1")));
        TransportCounters counters = new TransportCounters();
        LongAdder ok = new LongAdder();
        LongAdder refused = new LongAdder();
        AtomicInteger next = new AtomicInteger();
        Instant reportedAt = Instant.now();
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        try (HttpExchanges http = new HttpExchanges(settings.http(), counters)) {
            long cpuBefore = processCpuNanos(os);
            long began = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < settings.concurrency(); t++) {
                Thread thread = new Thread(() -> {
                    for (int i = next.getAndIncrement(); i < fleet.size(); i = next.getAndIncrement()) {
                        SimulatedClient client = fleet.get(i);
                        byte[] body = ReportXml.write(StatusReports.fallbackStatus(client, StatusReports.FSP_DEPLOYMENT_SUCCEEDED,
                                "{00000000-0000-0000-0000-" + String.format("%012d", i) + "}", "http://dp01/SMS_DP_SMSPKG$/CAS00006", reportedAt));
                        try {
                            HttpResponse<Void> response = http.send(() -> http.request(settings.target())
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/xml").build(),
                                    HttpResponse.BodyHandlers.discarding());
                            (response.statusCode() / 100 == 2 ? ok : refused).increment();
                        } catch (io.acu.fleetsim.domain.ClientTransport.TransportException e) {
                            refused.increment(); // unreachable after the retries: counted, and the flood goes on
                        }
                    }
                }, "acu-flood-" + t);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - began);
            Duration cpu = Duration.ofNanos(processCpuNanos(os) - cpuBefore);
            return new Result(ok.sum(), refused.sum(), elapsed, cpu, counters.latency());
        }
    }

    private static long processCpuNanos(java.lang.management.OperatingSystemMXBean os) {
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
