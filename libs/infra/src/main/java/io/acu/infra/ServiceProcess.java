package io.acu.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * One packaged acu service ({@code services/<name>/target/quarkus-app/quarkus-run.jar}) running as a
 * child JVM on a free port, configured through environment variables, logging to its own file.
 * Used by the launcher and by cross-service and fault tests (which may {@link #kill()} it).
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path logFile;
    private Process process;
    private int starts;

    private ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path logFile) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = environment;
        this.logFile = logFile;
    }

    /**
     * Describes a service to run; nothing starts until {@link #start()}.
     *
     * @param projectDir the acu checkout (holds {@code services/<name>})
     * @param name service module name, e.g. {@code state-ingest}
     * @param environment variables for the service (infrastructure URLs, settings); the HTTP port is added
     * @param logDir folder for {@code <name>.log}
     * @throws InfraStartException when the service has not been packaged
     */
    public static ServiceProcess of(Path projectDir, String name, Map<String, String> environment, Path logDir) {
        return of(projectDir, name, LocalPorts.freePort(), environment, logDir);
    }

    /**
     * Describes a service to run on a given port (when its configuration must know its own URL).
     *
     * @see #of(Path, String, Map, Path)
     */
    public static ServiceProcess of(Path projectDir, String name, int port, Map<String, String> environment, Path logDir) {
        return of(projectDir, name, name, port, environment, logDir);
    }

    /**
     * Describes one of several instances of a service (e.g. a second dp-content as a distribution
     * point only): its own name, log {@code <instance>.log} and working directory.
     *
     * @param module service module name, e.g. {@code dp-content}
     * @param instance this instance's name, e.g. {@code dp-content-dp02}
     * @see #of(Path, String, Map, Path)
     */
    public static ServiceProcess of(Path projectDir, String module, String instance, int port, Map<String, String> environment, Path logDir) {
        Path jar = runnerJar(projectDir, module);
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        return new ServiceProcess(instance, jar, port, env, logDir.resolve(instance + ".log"));
    }

    /**
     * The packaged service's runner, {@code services/<name>/target/quarkus-app/quarkus-run.jar}.
     *
     * @throws InfraStartException when it does not exist, naming the build command
     */
    public static Path runnerJar(Path projectDir, String name) {
        Path jar = projectDir.resolve("services").resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new InfraStartException(name + " is not packaged (" + jar + " missing); build with: mvn package -DskipTests");
        }
        return jar;
    }

    /** @return the service module name */
    public String name() {
        return name;
    }

    /** @return base URL, {@code http://127.0.0.1:<port>} */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** @return the folder the service runs in, {@code <logDir>/../data/<name>}: relative paths in its configuration resolve here */
    public Path workingDirectory() {
        return logFile.toAbsolutePath().getParent().resolveSibling("data").resolve(name);
    }

    /** @return the file its stdout and stderr go to */
    public Path logFile() {
        return logFile;
    }

    /**
     * The operating-system process ID of the running JVM, e.g. to read its memory figures from
     * {@code /proc/<pid>/status} (Linux) in the load harness.
     *
     * @return the pid while started (a killed or stopped service has none); a restart gets a new one
     */
    public synchronized java.util.OptionalLong pid() {
        return process != null && process.isAlive() ? java.util.OptionalLong.of(process.pid()) : java.util.OptionalLong.empty();
    }

    /** @return whether the JVM is alive */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the JVM (small heap; the {@link JvmProfile#current() JVM profile}'s JIT and GC), listening on
     * loopback only and guarded by {@link OrphanGuard} so it dies with this JVM. The first start
     * truncates the log; a restart appends to it. Returns at once; call {@link #awaitReady()} to wait
     * for {@code /q/health/ready}.
     */
    public synchronized ServiceProcess start() {
        List<String> options = new ArrayList<>(JvmProfile.current().options("384m"));
        // quarkus-run.jar declares Add-Opens for `java -jar`; started from a classpath they must be explicit.
        addOpensOfManifest().forEach(module -> options.add("--add-opens=" + module + "=ALL-UNNAMED"));
        ProcessBuilder builder = new ProcessBuilder(OrphanGuard.javaCommand(options, jar.toString(),
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint", List.of()))
                .redirectErrorStream(true)
                .redirectOutput(starts == 0 ? ProcessBuilder.Redirect.to(logFile.toFile()) : ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        // Relative paths in a service's configuration (content libraries, keys) land in its own folder.
        builder.directory(workingDirectory().toFile());
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(workingDirectory());
            process = builder.start();
            starts++;
        } catch (IOException e) {
            throw new InfraStartException("cannot start " + name + " on port " + port + "; log: " + logFile, e);
        }
        return this;
    }

    private List<String> addOpensOfManifest() {
        try (JarFile runner = new JarFile(jar.toFile())) {
            String opens = runner.getManifest().getMainAttributes().getValue("Add-Opens");
            return opens == null ? List.of() : List.of(opens.trim().split("\\s+"));
        } catch (IOException e) {
            throw new InfraStartException("cannot read the manifest of " + jar, e);
        }
    }

    /** @return the process's exit code when it has exited on its own, empty while running or after stop */
    public synchronized java.util.OptionalInt exitCode() {
        return process != null && !process.isAlive() ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    /**
     * Waits until {@code GET /q/health/ready} answers 200 (all its checks UP).
     *
     * @throws InfraStartException when the process exits or is not ready within 120 s; names port and log
     */
    public ServiceProcess awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        HttpRequest ready = HttpRequest.newBuilder(baseUri().resolve("/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!isRunning()) {
                throw new InfraStartException(name + " exited while starting on port " + port + "; log " + logFile + ":\n" + WorkDirs.tail(logFile, 30));
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfraStartException("interrupted waiting for " + name);
            }
            sleep(Duration.ofMillis(250));
        }
        throw new InfraStartException(name + " not ready within " + READY_TIMEOUT.toSeconds() + " s on port " + port + "; log " + logFile + ":\n"
                + WorkDirs.tail(logFile, 30));
    }

    /** Stops the service gracefully (SIGTERM; SIGKILL after 20 s). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills the service at once (SIGKILL), as a crashed pod: for fault tests. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraStartException("interrupted");
        }
    }
}
