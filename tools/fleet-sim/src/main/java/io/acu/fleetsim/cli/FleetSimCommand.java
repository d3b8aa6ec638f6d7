package io.acu.fleetsim.cli;

import io.acu.fleetsim.domain.ClientTransport;
import io.acu.fleetsim.domain.FleetGenerator;
import io.acu.fleetsim.domain.InjectedFailure;
import io.acu.fleetsim.domain.WaveSimulation;
import io.acu.fleetsim.http.ClientCredentials;
import io.acu.fleetsim.http.HttpExchanges;
import io.acu.fleetsim.http.RetryPolicy;
import io.acu.fleetsim.http.ServiceEndpoints;
import io.acu.fleetsim.run.FleetRun;
import io.acu.fleetsim.run.ReportFlood;
import io.acu.formats.PackageId;
import io.acu.formats.Version;
import io.acu.contracts.client.ClientTokens;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code acu-fleet-sim} command line: {@code run} plays one upgrade wave of a simulated fleet against the
 * running services ({@link FleetRun}) and prints a summary; {@code flood} posts one status report per simulated client
 * to one URL as fast as it answers ({@link ReportFlood}), to measure the generator or size an intake. Exit codes: 0
 * done, 2 bad options (picocli usage error with the reason), 3 a service unreachable or refusing what the run needs
 * ({@code run}), 1 anything else ({@code flood}: a report refused or unanswered after the retries).
 */
@Command(name = "acu-fleet-sim", mixinStandardHelpOptions = true, version = "acu-fleet-sim 0.1.0",
        description = "Simulated ConfigMgr clients running the automatic client upgrade against acu's services.",
        subcommands = {FleetSimCommand.Run.class, FleetSimCommand.Flood.class})
public final class FleetSimCommand {

    /** Exit code when a service cannot be reached or refuses what the run needs. */
    public static final int SERVICE_UNAVAILABLE = 3;

    private FleetSimCommand() {
    }

    /**
     * Entry point.
     *
     * @param args picocli arguments, e.g. {@code run --manifest-builder http://127.0.0.1:8081 ...}
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** @return the command line, for callers that run it in-process (tests, the launcher) */
    public static CommandLine commandLine() {
        return new CommandLine(FleetSimCommand.class);
    }

    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Run one upgrade wave: each client reads its own policy from rollout, asks for a download grant, "
                    + "upgrades on a virtual clock; print a summary.")
    static final class Run implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--manifest-builder", required = true, paramLabel = "URL", description = "manifest-builder's base URL.")
        URI manifestBuilder;

        @Option(names = "--dp-locator", required = true, paramLabel = "URL", description = "dp-content manager's base URL (content locations).")
        URI dpLocator;

        @Option(names = "--fsp", required = true, paramLabel = "URL", description = "The fallback status point's base URL.")
        URI fsp;

        @Option(names = "--state-ingest", required = true, paramLabel = "URL", description = "state-ingest's base URL (state-message intake).")
        URI stateIngest;

        @Option(names = "--rollout", required = true, paramLabel = "URL", description = "rollout's base URL (client policy, download grants).")
        URI rollout;

        @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:ACU_TOKEN}",
                description = "Bearer token with acu-viewer for manifest-builder's package API (default: $ACU_TOKEN).")
        String token;

        @Option(names = "--client-token-key-file", paramLabel = "FILE", defaultValue = "${env:ACU_INTAKE_CLIENT_TOKENS_KEY_FILE}",
                description = "The site's client-token key: each client presents a token issued to its client ID at state-ingest's intake"
                        + " and to rollout (absent: no tokens, for an open intake and rollout).")
        Path clientTokenKeyFile;

        @Option(names = "--package", paramLabel = "ID", defaultValue = "CAS00006", description = "Client package ID (default: ${DEFAULT-VALUE}).")
        String packageId;

        @Option(names = "--clients", paramLabel = "N", defaultValue = "2000", description = "Fleet size (default: ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed: same seed, same fleet and fates (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--boundary-groups", paramLabel = "GROUP", split = ",", defaultValue = "BG-HQ,BG-Branch",
                description = "Boundary groups the clients are spread over (default: ${DEFAULT-VALUE}).")
        List<String> boundaryGroups;

        @Option(names = "--maintenance-window-share", paramLabel = "SHARE", defaultValue = "0.7", converter = CliValues.ShareConverter.class,
                description = "Share of clients with a nightly 4-hour maintenance window (default: ${DEFAULT-VALUE}).")
        double maintenanceWindowShare;

        @Option(names = "--client-version", paramLabel = "VERSION", defaultValue = "5.00.7804.1000", description = "Installed client version (default: ${DEFAULT-VALUE}).")
        String clientVersion;

        @Option(names = "--scep-version", paramLabel = "VERSION", defaultValue = "4.2.223.1", description = "Installed SCEP agent version (default: ${DEFAULT-VALUE}).")
        String scepVersion;

        @Option(names = "--horizon", paramLabel = "DURATION", defaultValue = "32d", converter = CliValues.DurationConverter.class,
                description = "The longest simulated time the wave lasts; it ends earlier when every client is done or the rollout halted "
                        + "(default: ${DEFAULT-VALUE}).")
        Duration horizon;

        @Option(names = "--wall", paramLabel = "DURATION", defaultValue = "240s", converter = CliValues.DurationConverter.class,
                description = "Wall time the whole horizon takes, e.g. 240s; 0 = as fast as --max-policy-reads allows (default: ${DEFAULT-VALUE}).")
        Duration wall;

        @Option(names = "--policy-interval", paramLabel = "DURATION", defaultValue = "60m", converter = CliValues.DurationConverter.class,
                description = "Simulated time between a waiting client's policy reads (machine policy polling) (default: ${DEFAULT-VALUE}).")
        Duration policyInterval;

        @Option(names = "--max-policy-reads", paramLabel = "N", defaultValue = "200",
                description = "Pacing cap: policy reads per wall second of the whole fleet polling (default: ${DEFAULT-VALUE}).")
        double maxPolicyReads;

        @Option(names = "--start", paramLabel = "INSTANT",
                description = "Simulated instant the clients receive the policy, ISO-8601 UTC (default: now); fix it for repeatable times.")
        Instant start;

        @Option(names = "--concurrency", paramLabel = "N", defaultValue = "32", description = "Clients talking to the services at once (default: ${DEFAULT-VALUE}).")
        int concurrency;

        @Option(names = "--failures", defaultValue = "none", converter = CliValues.FailureRatesConverter.class, paramLabel = "KIND=RATE,...",
                description = "Injected failure rates, e.g. download=0.02,hash=0.01,install=0.02 (default: ${DEFAULT-VALUE}).")
        InjectedFailure.Rates failures;

        @Option(names = "--bad-hotfix", description = "The new version's EP agent fails to install (2001/4, 0x80070643) on "
                + "40 %% of clients, on top of --failures: a pilot's gate should halt the rollout.")
        boolean badHotfix;

        @Option(names = "--interrupted", paramLabel = "SHARE", defaultValue = "0", converter = CliValues.ShareConverter.class,
                description = "Share of file downloads cut mid-way and resumed with Range (default: ${DEFAULT-VALUE}).")
        double interrupted;

        @Option(names = "--status-only", description = "Load mode: no cab or file downloads, only the status messages.")
        boolean statusOnly;

        @Option(names = "--duplicates", paramLabel = "SHARE", defaultValue = "0", converter = CliValues.ShareConverter.class,
                description = "Share of clients that send each accepted report a second time (default: ${DEFAULT-VALUE}).")
        double duplicates;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = CliValues.DurationConverter.class,
                description = "Longest wait for a response (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Option(names = "--retry-after-cap", paramLabel = "DURATION", defaultValue = "5s", converter = CliValues.DurationConverter.class,
                description = "Longest wait a service's Retry-After imposes (default: ${DEFAULT-VALUE}).")
        Duration retryAfterCap;

        @Override
        public Integer call() throws InterruptedException {
            FleetRun.Settings settings = settings();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Map<String, String> unreachable = FleetRun.unreachableServices(settings.endpoints(), settings.http());
            if (!unreachable.isEmpty()) {
                unreachable.forEach((service, reason) -> err.println("acu-fleet-sim: " + service + " is unreachable: " + reason));
                return SERVICE_UNAVAILABLE;
            }
            FleetRun.Result result;
            try {
                result = FleetRun.run(settings, progress(out, clients));
            } catch (ClientTransport.TransportException e) {
                err.println("acu-fleet-sim: " + e.getMessage());
                return SERVICE_UNAVAILABLE;
            }
            out.print(RunSummary.format(result));
            out.flush();
            return result.counters().unreachable() > 0 ? SERVICE_UNAVAILABLE : 0;
        }

        /** Builds the run's settings; a value the domain refuses becomes a usage error with its reason. */
        FleetRun.Settings settings() {
            try {
                PackageId.parse(packageId);
                FleetGenerator.FleetSpec fleet = new FleetGenerator.FleetSpec(clients, seed, boundaryGroups, maintenanceWindowShare,
                        Version.parse(clientVersion), Version.parse(scepVersion));
                HttpExchanges.Settings http = new HttpExchanges.Settings(Duration.ofSeconds(5), positive(timeout, "--timeout"),
                        new RetryPolicy(RetryPolicy.DEFAULT.maxAttempts(), RetryPolicy.DEFAULT.firstBackoff(), RetryPolicy.DEFAULT.maxBackoff(),
                                retryAfterCap));
                return new FleetRun.Settings(new ServiceEndpoints(manifestBuilder, dpLocator, fsp, stateIngest, rollout),
                        Optional.ofNullable(token).filter(t -> !t.isBlank()), packageId, fleet, badHotfix ? InjectedFailure.badHotfix(failures) : failures,
                        interrupted, duplicates, wall, positive(horizon, "--horizon"), positive(policyInterval, "--policy-interval"), maxPolicyReads,
                        concurrency, statusOnly, Optional.ofNullable(start), http)
                        .withClientCredentials(clientTokenKeyFile == null ? ClientCredentials.NONE
                                : ClientCredentials.issuedBy(ClientTokens.fromKeyFile(clientTokenKeyFile)));
            } catch (IllegalArgumentException e) { // InvalidValueException (package ID, versions) included
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }

        private static Duration positive(Duration value, String option) {
            if (value.isZero()) {
                throw new IllegalArgumentException(option + " must be more than 0");
            }
            return value;
        }

        /** Prints a line at each tenth of the fleet that finished its attempt. */
        private static WaveSimulation.Listener progress(PrintWriter out, int fleetSize) {
            AtomicInteger finished = new AtomicInteger();
            int step = Math.max(1, fleetSize / 10);
            return (result, simulatedAt) -> {
                int done = finished.incrementAndGet();
                if (done % step == 0) {
                    synchronized (out) {
                        out.printf("%d clients finished their upgrade attempt (simulated %s)%n", done, simulatedAt);
                        out.flush();
                    }
                }
            };
        }
    }

    @Command(name = "flood", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Post one fallback status point report (state 400) per simulated client to URL, N at once, as fast as it "
                    + "answers, through the client a load run's reports take; print the rate, the latency and this process's CPU per report.")
    static final class Flood implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--url", required = true, paramLabel = "URL", description = "Where to post, e.g. http://127.0.0.1:8084/SMS_FSP/.sms_fsp.")
        URI url;

        @Option(names = "--reports", paramLabel = "N", defaultValue = "100000", description = "Reports, one client each (default: ${DEFAULT-VALUE}).")
        int reports;

        @Option(names = "--concurrency", paramLabel = "N", defaultValue = "32",
                description = "Reports in flight at once, at most " + ReportFlood.MAX_CONCURRENCY + " (default: ${DEFAULT-VALUE}).")
        int concurrency;

        @Option(names = "--warm-up", paramLabel = "N", defaultValue = "0",
                description = "Reports posted first and not measured, so the JIT has compiled the posting path (default: ${DEFAULT-VALUE}).")
        int warmUp;

        @Override
        public Integer call() throws InterruptedException {
            ReportFlood.Settings settings;
            try {
                settings = new ReportFlood.Settings(url, reports, concurrency, warmUp, 42, HttpExchanges.Settings.DEFAULT);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            ReportFlood.Result result = ReportFlood.run(settings);
            PrintWriter out = spec.commandLine().getOut();
            java.util.OptionalDouble cpu = result.cpuMicrosPerReport();
            String cpuPerReport = cpu.isPresent() ? String.format(java.util.Locale.ROOT, "%.1f", cpu.getAsDouble()) : "n/a";
            out.printf(java.util.Locale.ROOT, "flood: %d reports in %.2f s: %.1f req/s, %d answered 2xx, %d refused; latency p50 %d us, p99 %d us; "
                    + "CPU of this process %s us per report (%d connections)%n", result.answered2xx() + result.refused(),
                    result.elapsed().toNanos() / 1e9, result.perSecond(), result.answered2xx(), result.refused(), result.latency().p50Micros(),
                    result.latency().p99Micros(), cpuPerReport, Math.min(concurrency, reports));
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            result.firstRefusal().ifPresent(refusal -> err.println("acu-fleet-sim: the first refusal: " + refusal));
            result.stoppedBecause().ifPresent(reason -> err.println("acu-fleet-sim: stopped early, a report could not be delivered: " + reason));
            err.flush();
            return result.refused() == 0 && result.stoppedBecause().isEmpty() ? 0 : 1;
        }
    }
}
