package io.acu.launcher;

import io.acu.infra.InfraStartException;
import io.acu.infra.Infrastructure;
import io.acu.infra.ServiceProcess;
import io.acu.launcher.wave.DemoSeed;
import io.acu.launcher.wave.DemoWave;
import io.acu.launcher.wave.FinalTable;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code acu} command line (run through {@code ./acu}): {@code demo} starts the whole stack,
 * {@code infra} only Kafka and PostgreSQL for a developer's own runs. Both stop everything they
 * started on Ctrl-C.
 */
@Command(name = "acu", mixinStandardHelpOptions = true, version = "acu 0.1.0",
        description = "acu: rolling ConfigMgr client upgrades across a managed fleet.",
        subcommands = {AcuCommand.Demo.class, AcuCommand.Infra.class, io.acu.launcher.load.LoadCommand.class,
                io.acu.launcher.rollout.RolloutCommand.class})
public final class AcuCommand {

    /** Exit code when infrastructure or a service could not start. */
    static final int START_FAILED = 3;
    /**
     * Exit code when state-ingest's or rollout's counts differ from the fleet's ground truth after the wave, or the
     * rollout did not end as the scenario says (a good hotfix COMPLETED, a bad one HALTED in the pilot).
     */
    static final int WAVE_MISMATCH = 1;
    /** Exit code when a step of the wave failed (a service refused it or timed out). */
    static final int WAVE_FAILED = 4;

    private AcuCommand() {
    }

    /**
     * Entry point.
     *
     * @param args picocli arguments, e.g. {@code demo --exit}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(AcuCommand.class).execute(args));
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = {"Start Kafka, PostgreSQL and the services (two distribution points) on free ports, run the seed's upgrade wave "
                    + "(CAS00006 v4 + hotfix KB2907566: SCEPInstall.exe 4.3.215.0) with a simulated fleet, print the final table, "
                    + "and keep the dashboard up until Ctrl-C."})
    static final class Demo implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--exit", description = "Stop everything when the wave is done (for scripts and CI); the exit code is 1 when "
                + "state-ingest's or rollout's counts differ from the fleet's ground truth, or the rollout did not end as the scenario says.")
        boolean exitWhenDone;

        @Option(names = "--clients", defaultValue = "2000", description = "Simulated clients (default: ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--days", defaultValue = "7", description = "The automatic upgrade window, AdvertisementDuration in days, 1..31 "
                + "(default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--seed", defaultValue = "42", description = "Random seed of the fleet and the wave (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--wall", defaultValue = "60", description = "Wall-clock seconds one ring's simulated window (--days + 1) takes at "
                + "most; 0 = as fast as the services answer (default: ${DEFAULT-VALUE}).")
        int wallSeconds;

        @Option(names = "--bad-hotfix", description = "The hotfix's EP agent fails to install (2001/4, 0x80070643) on 40 %% of the clients: "
                + "the pilot's gate halts the rollout and nobody outside the pilot is offered it.")
        boolean badHotfix;

        @Option(names = "--no-wave", description = "Only start the stack (no seed, no hotfix, no fleet).")
        boolean noWave;

        @Option(names = "--project-dir", description = "The acu checkout (default: ${DEFAULT-VALUE}).", defaultValue = "${sys:acu.project.dir:-.}")
        Path projectDir;

        @Option(names = "--log-dir", description = "Where service logs go (default: <project>/target/acu-demo/logs).")
        Path logDir;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            DemoWave.Options options;
            try {
                if (wallSeconds < 0) {
                    throw new IllegalArgumentException("--wall must be 0 or more seconds, was " + wallSeconds);
                }
                DemoWave.Options defaults = DemoWave.Options.defaults(clients, days, seed, Duration.ofSeconds(wallSeconds));
                options = badHotfix ? defaults.withBadHotfix() : defaults;
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            Path project = projectDir.toAbsolutePath().normalize();
            Path logs = logDir != null ? logDir.toAbsolutePath() : project.resolve("target/acu-demo/logs");
            System.setProperty("acu.work.dir", project.resolve("target/acu-demo").toString());
            out.println("Starting Kafka, PostgreSQL and the services (logs in " + logs + ") ...");
            out.flush();
            AcuStack stack;
            try {
                stack = AcuStack.start(project, logs);
            } catch (InfraStartException e) {
                spec.commandLine().getErr().println("acu: " + e.getMessage());
                return START_FAILED;
            }
            int[] exitCode = {0};
            Path state = project.resolve(io.acu.launcher.rollout.RolloutCommand.DEMO_STATE);
            AutoCloseable running = () -> {
                Files.deleteIfExists(state);
                stack.close();
            };
            runUntilStopped(out, running, exitWhenDone, () -> {
                writeState(state, stack);
                printStack(out, stack);
                if (!noWave) {
                    exitCode[0] = runWave(stack, project, options);
                }
            }, () -> reportExits(stack));
            return exitCode[0];
        }

        private int runWave(AcuStack stack, Path project, DemoWave.Options options) {
            PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
            try {
                DemoWave.Outcome outcome = DemoWave.run(stack, DemoSeed.load(project), options, console);
                FinalTable.print(outcome, console);
                return outcome.consistent() ? 0 : WAVE_MISMATCH;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return WAVE_FAILED;
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("acu: the wave stopped: " + e.getMessage());
                reportExits(stack);
                return WAVE_FAILED;
            }
        }

        /** Writes the services' URLs where {@code ./acu rollout} finds rollout's ({@code <instance>=<URL>} lines). */
        private static void writeState(Path state, AcuStack stack) {
            StringBuilder urls = new StringBuilder("# The running ./acu demo's services; deleted when it stops.\n");
            stack.services().forEach((name, service) -> urls.append(name).append('=').append(service.baseUri()).append('\n'));
            try {
                Files.createDirectories(state.getParent());
                Files.writeString(state, urls);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + state, e);
            }
        }

        /** Says so once when a service's JVM has exited on its own (crash, port clash) while the demo runs. */
        private void reportExits(AcuStack stack) {
            for (ServiceProcess service : stack.services().values()) {
                service.exitCode().ifPresent(code -> {
                    if (reportedExits.add(service.name())) {
                        spec.commandLine().getErr().println("acu: " + service.name() + " exited with code " + code + "; log: " + service.logFile());
                    }
                });
            }
        }

        private final java.util.Set<String> reportedExits = java.util.concurrent.ConcurrentHashMap.newKeySet();

        private static void printStack(PrintWriter out, AcuStack stack) {
            out.println();
            out.printf("%-18s %-28s %s%n", "service", "URL", "log");
            for (ServiceProcess service : stack.services().values()) {
                out.printf("%-18s %-28s %s%n", service.name(), service.baseUri(), service.logFile());
            }
            printInfrastructure(out, stack.infrastructure());
            out.println("Health: <URL>/q/health   Metrics: <URL>/q/metrics   OpenAPI: <URL>/q/openapi");
            Path tokenFile = stack.services().get("manifest-builder").logFile().getParent().resolveSibling("credentials").resolve("admin.jwt");
            try {
                Files.writeString(tokenFile, stack.adminToken());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + tokenFile, e);
            }
            out.println();
            out.println("An acu-admin token (valid 24 h) is in " + tokenFile + ". Upload a hotfix with:");
            out.println("  curl -H \"Authorization: Bearer $(cat " + tokenFile + ")\" \\");
            out.println("    -F 'metadata={\"kbNumber\":\"KB2907566\",\"title\":\"SCEP\",\"packageId\":\"CAS00006\"};type=application/json' \\");
            out.println("    -F file=@SCEPInstall.exe " + stack.services().get("manifest-builder").baseUri() + "/api/hotfixes");
            out.println("Watch or steer the rollout with: ./acu rollout status|promote|pause|resume|revoke [--note TEXT]");
        }
    }

    @Command(name = "infra", mixinStandardHelpOptions = true,
            description = "Start only Kafka and PostgreSQL and print the environment a service needs; keep them up until Ctrl-C.")
    static final class Infra implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--exit", description = "Stop as soon as both are up.")
        boolean exitWhenReady;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            Infrastructure infrastructure;
            Path project = Path.of(System.getProperty("acu.project.dir", ".")).toAbsolutePath().normalize();
            System.setProperty("acu.work.dir", project.resolve("target/acu-infra").toString());
            try {
                infrastructure = Infrastructure.start();
            } catch (InfraStartException e) {
                spec.commandLine().getErr().println("acu: " + e.getMessage());
                return START_FAILED;
            }
            return runUntilStopped(out, infrastructure, exitWhenReady, () -> {
                printInfrastructure(out, infrastructure);
                out.println("Environment for a service (e.g. mvn -pl services/fsp quarkus:dev):");
                infrastructure.serviceEnvironment().forEach((key, value) -> out.println("export " + key + "='" + value + "'"));
            }, () -> { });
        }
    }

    private static void printInfrastructure(PrintWriter out, Infrastructure infrastructure) {
        Map<String, String> config = infrastructure.quarkusConfig();
        out.printf("%-18s %s%n", "kafka", infrastructure.kafka().bootstrapServers());
        out.printf("%-18s %s (user %s)%n", "postgresql", config.get("quarkus.datasource.jdbc.url"), config.get("quarkus.datasource.username"));
        out.flush();
    }

    /**
     * Runs {@code print} (the URLs; for the demo also the wave), then waits for Ctrl-C (or returns at once with
     * {@code exitWhenReady}), running
     * {@code watch} every two seconds meanwhile; always closes {@code running}.
     */
    private static int runUntilStopped(PrintWriter out, AutoCloseable running, boolean exitWhenReady, Runnable print, Runnable watch)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            out.println("Stopping ...");
            out.flush();
            closeQuietly(running);
            stopped.countDown();
        }, "acu-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        print.run();
        if (exitWhenReady) {
            Runtime.getRuntime().removeShutdownHook(stopper);
            stopper.run();
            out.println("Stopped.");
            return 0;
        }
        out.println("Running. Press Ctrl-C to stop.");
        out.flush();
        while (!stopped.await(2, java.util.concurrent.TimeUnit.SECONDS)) {
            watch.run();
        }
        return 0;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("acu: error while stopping: " + e.getMessage());
        }
    }
}
