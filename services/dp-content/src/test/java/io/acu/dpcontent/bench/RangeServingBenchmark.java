package io.acu.dpcontent.bench;

import io.acu.dpcontent.DistributionFixture;
import io.acu.dpcontent.Manifests;
import io.acu.formats.Sha256;
import io.acu.infra.LocalPorts;
import io.acu.infra.WorkDirs;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark harness (not a test: it prints figures and asserts only that responses are correct): sustained Range
 * download throughput of one 25 MiB file with 32 concurrent clients, from this service's DP route and from nginx
 * (Debian package) serving the same file on loopback, in the same run. Goal: dp-content ≥ 80 % of nginx.
 *
 * <p>Run: {@code mvn -B -o -pl services/dp-content install -Dtest=RangeServingBenchmark -Dacu.bench=true}
 * (optional {@code -Dacu.bench.seconds=10} per round and server, {@code -Dacu.bench.rounds=3},
 * {@code -Dacu.bench.warmup-seconds=5}). Each client loops: a random 1 MiB {@code Range} of the file, body read fully,
 * from a separate JVM ({@link RangeLoadClient}). Both servers get the same load: first a warm-up each, long enough for
 * the JIT to have compiled the service's serving path (so the figure is the sustained rate, not the compiler's work,
 * which nginx does not have), then rounds alternating the two; the figures are the means over the rounds.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = DistributionFixture.class)
@EnabledIfSystemProperty(named = "acu.bench", matches = "true")
class RangeServingBenchmark {

    private static final int FILE_BYTES = 25 * 1024 * 1024;
    private static final int RANGE_BYTES = 1024 * 1024;
    private static final int CLIENTS = 32;

    @Test
    void rangeThroughputSideBySideWithNginx() throws Exception {
        int seconds = Integer.getInteger("acu.bench.seconds", 10);
        int warmup = Integer.getInteger("acu.bench.warmup-seconds", 5);
        int rounds = Integer.getInteger("acu.bench.rounds", 3);
        byte[] content = Manifests.bytes(2507, FILE_BYTES);
        Sha256 hash = Sha256.compute(content);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String self = "http://127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        check(http.send(HttpRequest.newBuilder(URI.create(self + "/api/dp/library/" + hash))
                .header("Authorization", "Bearer " + DistributionFixture.CONTENT_API_TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.discarding()).statusCode(), 201);
        check(http.send(HttpRequest.newBuilder(URI.create(self + "/api/dp/packages/CAS000BE/1")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + DistributionFixture.CONTENT_API_TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"files\":[{\"name\":\"client.bin\",\"sha256\":\"" + hash
                        + "\",\"sizeBytes\":" + FILE_BYTES + "}]}")).build(), HttpResponse.BodyHandlers.discarding()).statusCode(), 200);
        String dpUrl = self + "/SMS_DP_SMSPKG$/CAS000BE/client.bin";

        Path dir = WorkDirs.newRunDir("range-bench");
        Files.createDirectories(dir.resolve("www"));
        Files.write(dir.resolve("www/client.bin"), content);
        Optional<Process> nginx = startNginx(dir);
        try {
            System.out.printf(Locale.ROOT, "%nRange serving benchmark: %d MiB file, %d clients, %d KiB ranges, %d x %d s per server after %d s warm-up%n",
                    FILE_BYTES >> 20, CLIENTS, RANGE_BYTES >> 10, rounds, seconds, warmup);
            run(http, dpUrl, warmup);
            if (nginx.isPresent()) {
                String nginxUrl = "http://127.0.0.1:" + nginxPort + "/client.bin";
                run(http, nginxUrl, warmup);
                // Rounds alternate the two servers, so a change in the machine's other load falls on both alike.
                double dp = 0;
                double ng = 0;
                for (int round = 1; round <= rounds; round++) {
                    double dpRound = run(http, dpUrl, seconds);
                    double ngRound = run(http, nginxUrl, seconds);
                    System.out.printf(Locale.ROOT, "  round %d     dp-content %8.1f MiB/s, nginx %8.1f MiB/s, %5.1f %%%n", round, dpRound, ngRound,
                            100 * dpRound / ngRound);
                    dp += dpRound / rounds;
                    ng += ngRound / rounds;
                }
                System.out.printf(Locale.ROOT, "  dp-content  %8.1f MiB/s%n  nginx       %8.1f MiB/s%n  ratio       %8.1f %% (goal >= 80 %%)%n",
                        dp, ng, 100 * dp / ng);
            } else {
                System.out.printf(Locale.ROOT, "  dp-content  %8.1f MiB/s%n", run(http, dpUrl, seconds));
                System.out.println("  nginx       not installed (apt-get install nginx): no reference figure");
            }
        } finally {
            nginx.ifPresent(Process::destroy);
        }
    }

    private int nginxPort;

    private Optional<Process> startNginx(Path dir) throws Exception {
        Path binary = Path.of("/usr/sbin/nginx");
        if (!Files.isExecutable(binary)) {
            return Optional.empty();
        }
        nginxPort = LocalPorts.freePort();
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        Files.writeString(dir.resolve("nginx.conf"), user + "worker_processes 2;\ndaemon off;\npid " + dir.resolve("nginx.pid")
                + ";\nerror_log " + dir.resolve("error.log") + ";\nevents { worker_connections 256; }\nhttp {\n  access_log off;\n"
                + "  sendfile on;\n  tcp_nopush on;\n  server {\n    listen 127.0.0.1:" + nginxPort + ";\n    root " + dir.resolve("www")
                + ";\n  }\n}\n");
        Process process = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!LocalPorts.isListening(nginxPort, Duration.ofMillis(200)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (!LocalPorts.isListening(nginxPort, Duration.ofMillis(200))) {
            process.destroy();
            throw new IllegalStateException("nginx did not start; see " + dir.resolve("error.log"));
        }
        return Optional.of(process);
    }

    /** @return MiB/s received by {@link RangeLoadClient} (its own JVM) over {@code seconds} */
    private static double run(HttpClient unused, String url, int seconds) throws Exception {
        Path classes = Path.of(RangeLoadClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Process load = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", classes.toString(), RangeLoadClient.class.getName(), url,
                Integer.toString(seconds), Integer.toString(CLIENTS), Integer.toString(RANGE_BYTES), Integer.toString(FILE_BYTES))
                .redirectErrorStream(true).start();
        String out = new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        check(load.waitFor(), 0);
        Matcher m = Pattern.compile("bytes=(\\d+) seconds=([0-9.]+)").matcher(out);
        if (!m.find()) {
            throw new AssertionError("load client said: " + out);
        }
        return Long.parseLong(m.group(1)) / Double.parseDouble(m.group(2)) / (1024 * 1024);
    }

    private static void check(int actual, int expected) {
        if (actual != expected) {
            throw new AssertionError("expected " + expected + ", got " + actual);
        }
    }
}
