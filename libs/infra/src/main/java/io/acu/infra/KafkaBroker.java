package io.acu.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker in KRaft mode (single node, broker and controller roles) running as
 * its own JVM from the jars that {@code infra/kafka-broker} copies to {@code target/kafka-libs}.
 *
 * <p>A separate process keeps the broker's Kafka/Scala classpath apart from the services' clients
 * and keeps a broker crash out of the test JVM. Ports are free loopback ports picked at start; data
 * and the log live in a run folder under {@code acu.work.dir}. {@link #stop()} and {@link #restart()}
 * keep ports and data (for fault tests); {@link #close()} stops and deletes the folder.
 */
public final class KafkaBroker implements KafkaCluster {

    /** System property naming the folder with the broker's jars. */
    public static final String LIBS_PROPERTY = "acu.kafka.libs";
    /** Environment variable naming the folder with the broker's jars (the launcher script sets it). */
    public static final String LIBS_ENV = "ACU_KAFKA_LIBS";
    static final String LIBS_IN_PROJECT = "infra/kafka-broker/target/kafka-libs";
    private static final String STARTED_LINE = "Kafka Server started";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Path libs;
    private final Path runDir;
    private final int brokerPort;
    private final int controllerPort;
    private Process process;

    private KafkaBroker(Path libs, Path runDir, int brokerPort, int controllerPort) {
        this.libs = libs;
        this.runDir = runDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /**
     * Formats storage and starts a new broker; returns once it accepts connections.
     *
     * @throws InfraStartException when the jars are missing or the broker does not come up within
     *     90 s; the message names the port and the log file
     */
    public static KafkaBroker start() {
        Path libs = locateLibs();
        KafkaBroker broker = new KafkaBroker(libs, WorkDirs.newRunDir("kafka"), LocalPorts.freePort(), LocalPorts.freePort());
        broker.writeConfig();
        broker.format();
        broker.launch();
        return broker;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** @return the broker's log file (stdout and stderr of its JVM) */
    public Path logFile() {
        return runDir.resolve("kafka.log");
    }

    /** @return whether the broker process is alive */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 20 s) but keeps its ports and data. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts a stopped broker again on the same ports with the same data. */
    public synchronized void restart() {
        stop();
        launch();
    }

    @Override
    public synchronized void close() {
        stop();
        WorkDirs.deleteTree(runDir);
    }

    private static Path locateLibs() {
        Optional<Path> named = Optional.ofNullable(System.getProperty(LIBS_PROPERTY))
                .or(() -> Optional.ofNullable(System.getenv(LIBS_ENV)))
                .filter(s -> !s.isBlank())
                .map(Path::of);
        // A folder named explicitly must be right; only an unnamed one is searched for.
        Path libs = named.orElseGet(() -> WorkDirs.findUpwards(LIBS_IN_PROJECT).orElse(null));
        if (libs == null || !hasJars(libs)) {
            throw new InfraStartException("Kafka broker libraries not found in "
                    + (libs != null ? libs : "./" + LIBS_IN_PROJECT + " or any parent folder")
                    + "; build them with: mvn -pl infra/kafka-broker package");
        }
        return libs.toAbsolutePath();
    }

    private static boolean hasJars(Path dir) {
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("kafka_"));
        } catch (IOException e) {
            return false;
        }
    }

    private void writeConfig() {
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + runDir.resolve("data"),
                // Keying by client ID spreads clients over partitions; 3 keeps a single node light.
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "");
        String log4j = String.join("\n",
                "status = warn",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.out.ref = out",
                "logger.kafka.name = kafka",
                "logger.kafka.level = warn",
                "logger.apache.name = org.apache.kafka",
                "logger.apache.level = warn",
                // The readiness line comes from this logger.
                "logger.server.name = kafka.server.KafkaRaftServer",
                "logger.server.level = info",
                "");
        try {
            Files.writeString(runDir.resolve("server.properties"), properties, StandardCharsets.UTF_8);
            Files.writeString(runDir.resolve("log4j2.properties"), log4j, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write broker config in " + runDir, e);
        }
    }

    private List<String> javaCommand(String mainClass, String... args) {
        // Sized for a 2-core machine: small heap; quick JIT unless the profile says production. The broker dies with
        // this JVM (OrphanGuard).
        List<String> options = new ArrayList<>(JvmProfile.current().options("512m"));
        options.add("-Dlog4j2.configurationFile=" + runDir.resolve("log4j2.properties"));
        return OrphanGuard.javaCommand(options, libs + "/*", mainClass, List.of(args));
    }

    private void format() {
        String clusterId = Uuid.randomUuid().toString();
        Path formatLog = runDir.resolve("format.log");
        try {
            Process format = new ProcessBuilder(javaCommand("kafka.tools.StorageTool",
                    "format", "-t", clusterId, "-c", runDir.resolve("server.properties").toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(formatLog.toFile())
                    .start();
            if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new InfraStartException("Kafka storage format failed; see " + formatLog + ":\n" + WorkDirs.tail(formatLog, 20));
            }
        } catch (IOException e) {
            throw new InfraStartException("cannot run the Kafka storage tool; see " + formatLog, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraStartException("interrupted while formatting Kafka storage in " + runDir, e);
        }
    }

    private synchronized void launch() {
        Path log = logFile();
        long logOffset = log.toFile().length(); // a restart appends: look for the line after this
        try {
            process = new ProcessBuilder(javaCommand("kafka.Kafka", runDir.resolve("server.properties").toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new InfraStartException("cannot start the Kafka broker JVM on port " + brokerPort + "; log: " + log, e);
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new InfraStartException("Kafka broker exited with code " + process.exitValue() + " while starting on port "
                        + brokerPort + "; log " + log + ":\n" + WorkDirs.tail(log, 30));
            }
            if (LocalPorts.isListening(brokerPort, Duration.ofMillis(200)) && logContains(log, logOffset, STARTED_LINE)) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
        stop();
        throw new InfraStartException("Kafka broker did not start within " + START_TIMEOUT.toSeconds() + " s on port " + brokerPort
                + "; log " + log + ":\n" + WorkDirs.tail(log, 30));
    }

    private static boolean logContains(Path log, long fromByte, String text) {
        try {
            byte[] bytes = Files.readAllBytes(log);
            int from = (int) Math.min(fromByte, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraStartException("interrupted while waiting for the Kafka broker");
        }
    }

}
