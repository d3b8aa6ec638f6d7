package io.acu.launcher.load;

import io.acu.infra.InfraStartException;
import io.acu.infra.JvmProfile;
import io.acu.launcher.AcuStack;
import io.acu.launcher.wave.DemoSeed;
import io.acu.launcher.wave.SiteApi;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code acu load}: starts the stack, runs the {@link LoadHarness} with N clients, prints the {@link LoadReport} and
 * stops everything. Exit code 0 when nothing was lost or double counted and rollout counts what the fleet did, 1 when
 * not, 3 when the stack did not start, 4 when a step of the run failed.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Start the stack, apply the seed's hotfix, then let N simulated clients read their policy from rollout once and report "
                + "their upgrade as fast as the services take it (fleet-sim status-only mode, a share of duplicates), and print: the policy "
                + "reads, sent, accepted, persisted, duplicates absorbed, dead-lettered, lost, double-counted, throughput, intake latency "
                + "percentiles, consumer lag, rollout's counts against the fleet's, state-ingest and rollout consuming side by side, and each "
                + "service's peak RSS.",
                "The fallback status point's throttle is switched off for the run; the rollout plan offers the version to everyone at once.",
                "With --replicas N, manifest-builder, dp-content's distribution manager, state-ingest and fsp run N instances each, and the "
                + "clients spread their reports over the fsp and state-ingest instances."})
public final class LoadCommand implements Callable<Integer> {

    /** Exit code when a message was lost or counted twice, or rollout's counts differ from the fleet's. */
    static final int NOT_EXACT = 1;
    /** Exit code when infrastructure or a service could not start (as {@code acu demo}). */
    static final int START_FAILED = 3;
    /** Exit code when a step failed (a service refused it or timed out). */
    static final int RUN_FAILED = 4;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--clients", defaultValue = "100000", description = "Simulated clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--duplicates", defaultValue = "0.05", description = "Share 0..1 of clients that send each report twice (default: ${DEFAULT-VALUE}).")
    double duplicates;

    @Option(names = "--concurrency", defaultValue = "32", description = "Clients posting at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--seed", defaultValue = "8", description = "Random seed of the fleet (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--days", defaultValue = "7", description = "Simulated upgrade window in days, 1..31; no pacing (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--replicas", defaultValue = "1", description = "Instances of manifest-builder, dp-content's manager, state-ingest and "
            + "fsp each; reports are spread over the fsp and state-ingest instances (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--jvm", defaultValue = "production", description = "JIT and GC of the broker and the services: production "
            + "(C2 and G1, as deploy/k8s runs the pods) or quick-start (C1 and the serial collector: starts faster, runs slower) "
            + "(default: ${DEFAULT-VALUE}).")
    String jvm;

    @Option(names = "--project-dir", description = "The acu checkout (default: ${DEFAULT-VALUE}).", defaultValue = "${sys:acu.project.dir:-.}")
    Path projectDir;

    @Option(names = "--log-dir", description = "Where service logs go (default: <project>/target/acu-load/logs).")
    Path logDir;

    @Override
    public Integer call() throws InterruptedException {
        LoadHarness.Options options;
        try {
            options = new LoadHarness.Options(clients, duplicates, concurrency, seed, days);
            System.setProperty(JvmProfile.PROPERTY, JvmProfile.of(jvm).optionName());
            if (replicas < 1) {
                throw new IllegalArgumentException("replicas must be at least 1, was " + replicas);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path project = projectDir.toAbsolutePath().normalize();
        Path logs = logDir != null ? logDir.toAbsolutePath() : project.resolve("target/acu-load/logs");
        System.setProperty("acu.work.dir", project.resolve("target/acu-load").toString());
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        out.println("Starting Kafka, PostgreSQL and the services" + (replicas > 1 ? " (" + replicas + " replicas of " + String.join(", ", AcuStack.REPLICATED)
                + ")" : "") + " (logs in " + logs + ") ...");
        AcuStack stack;
        DemoSeed demoSeed;
        try {
            demoSeed = DemoSeed.load(project);
            stack = AcuStack.start(project, logs, LoadHarness.STACK_SETTINGS, replicas);
        } catch (InfraStartException e) {
            spec.commandLine().getErr().println("acu: " + e.getMessage());
            return START_FAILED;
        }
        try (stack) {
            LoadReport report = LoadHarness.run(stack, demoSeed, options, out);
            out.println();
            report.print(out);
            if (!report.exact()) {
                spec.commandLine().getErr().println("acu: messages were lost or counted twice (see above)");
                return NOT_EXACT;
            }
            if (!report.rolloutMatches()) {
                spec.commandLine().getErr().println("acu: rollout's counts differ from what the fleet did (see above)");
                return NOT_EXACT;
            }
            return 0;
        } catch (SiteApi.SiteApiException | IllegalStateException e) {
            spec.commandLine().getErr().println("acu: the load run stopped: " + e.getMessage());
            return RUN_FAILED;
        } finally {
            out.println("Stopped.");
        }
    }
}
