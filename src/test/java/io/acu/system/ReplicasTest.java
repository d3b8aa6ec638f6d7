package io.acu.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestUpdated;
import io.acu.contracts.Topics;
import io.acu.fleetsim.run.FleetRun;
import io.acu.formats.Sha256;
import io.acu.infra.KafkaTestClient;
import io.acu.infra.ServiceProcess;
import io.acu.launcher.AcuStack;
import io.acu.launcher.load.LoadHarness;
import io.acu.launcher.load.StateIngestRows;
import io.acu.launcher.wave.DemoSeed;
import io.acu.launcher.wave.DemoWave;
import io.acu.launcher.wave.SiteApi;
import io.acu.launcher.wave.UpgradeSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's proof: the stack with two replicas each of manifest-builder, dp-content's distribution manager (one
 * leader), state-ingest and fsp ({@link AcuStack#start(Path, Path, Map, int)}) plays a status-only wave of 2,000
 * simulated clients that spread their reports over both intake replicas, and one replica of each is SIGKILLed while
 * the clients are still reporting. Once 300 clients have finished:
 * <ol>
 *   <li>{@code fsp-2} and {@code state-ingest-2} are killed: the clients' requests to them are refused and go to the
 *       other replica at once; a request the dead replica had taken (perhaps already on Kafka) is answered by nobody
 *       and retried elsewhere, which state-ingest's idempotent store must absorb; the partitions state-ingest-2
 *       consumed move to state-ingest;
 *   <li>a new hotfix is uploaded to {@code manifest-builder-2}, which is killed right after answering 201: the new
 *       version and its ManifestUpdated are committed together (outbox), and whichever replica's relay takes the
 *       outbox (advisory lock) publishes it — the killed one before it died, or the survivor after. The site's
 *       address for the source share is {@code manifest-builder}'s (where a load balancer would be), and both read
 *       one source library, so the content stays reachable;
 *   <li>as soon as dp-content recorded the new version's distribution (the leader is fetching and pushing its
 *       file), the replica that leads the distribution manager ({@code acu_dp_manager_leading}) is killed; its
 *       PostgreSQL session dies with it, and the other replica takes over within seconds. When the killed leader was
 *       {@code dp-content}, which is also distribution point dp01, it is started again, as its pod would be, since
 *       dp01 must receive the version too.
 * </ol>
 * Then: every message the services answered 2xx is stored exactly once and the compliance counts equal the ground
 * truth; the topic {@code acu.manifest.updated} holds exactly one ManifestUpdated per package version; both DPs serve
 * the new file, and each DP's own count of pushes (its log lines {@code content push <sha256> stored|already-held},
 * which span a restart; and dp02's {@code acu_dp_content_pushes_total}) shows every file stored once and none sent
 * again. The 100,000-client variant is {@code ./acu load --clients 100000 --replicas 2}.
 */
class ReplicasTest {

    private static final Path PROJECT = Path.of(System.getProperty("acu.project.dir", ".")).toAbsolutePath();
    private static final int CLIENTS = 2000;
    private static final int FAULT_AFTER_CLIENTS = 300;
    /** The simulated week in this much wall time: long enough that every kill falls while clients still report. */
    private static final Duration WAVE_WALL_TIME = Duration.ofSeconds(60);
    private static final String PAYLOAD_NAME = "acu-replicas-payload.bin";
    /** Large enough that fetching and pushing it to two DPs is still under way when the leader is killed. */
    private static final int PAYLOAD_BYTES = 32 * 1024 * 1024;
    private static final Pattern PUSH_LINE = Pattern.compile("content push ([0-9A-Fa-f]{64}) (stored|already-held) \\(");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static AcuStack stack;

    @BeforeAll
    static void startTwoReplicasOfEach() {
        stack = AcuStack.start(PROJECT, PROJECT.resolve("target/replicas-logs"), LoadHarness.STACK_SETTINGS, 2);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void oneReplicaOfEachKilledMidWaveAndNothingIsLostDoubledOrSentTwice() throws Exception {
        long began = System.nanoTime();
        DemoSeed seed = DemoSeed.load(PROJECT);
        SiteApi site = DemoWave.prepareSite(stack, seed, UpgradeSettings.within(7), System.out).site();
        StateIngestRows rows = new StateIngestRows(stack.infrastructure().postgres());
        byte[] payload = new byte[PAYLOAD_BYTES];
        new Random(914).nextBytes(payload);
        String metadata = "{\"kbNumber\":\"KB8000914\",\"title\":\"Replicas test payload\",\"packageId\":\"" + DemoSeed.PACKAGE_ID + "\","
                + "\"files\":[{\"fileName\":\"" + PAYLOAD_NAME + "\",\"fileVersion\":\"1.0.0.914\"}]}";
        SiteApi uploadToSecond = new SiteApi(stack.service("manifest-builder-2").baseUri(), stack.service("dp-content").baseUri(),
                stack.service("state-ingest").baseUri(), stack.service("rollout").baseUri(), stack.adminToken());

        AtomicLong finished = new AtomicLong();
        Map<String, Long> finishedAtKill = new LinkedHashMap<>();
        int[] hotfixVersion = new int[1];
        String[] killedLeader = new String[1];
        FleetRun.Result result = MidWave.waveWithFault(stack, 914, CLIENTS, FAULT_AFTER_CLIENTS, WAVE_WALL_TIME, finished, () -> {
            kill("fsp-2", finished, finishedAtKill);
            kill("state-ingest-2", finished, finishedAtKill);

            hotfixVersion[0] = uploadToSecond.applyHotfix(metadata, PAYLOAD_NAME, payload).path("packageVersion").asInt();
            kill("manifest-builder-2", finished, finishedAtKill);

            // The leader has taken the version on (ManifestUpdated consumed, distribution recorded): its pushes are under way.
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (site.distribution(DemoSeed.PACKAGE_ID, hotfixVersion[0]) == null && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<String> leaders = stack.replicas("dp-content").stream().filter(ReplicasTest::leads).map(ServiceProcess::name).toList();
            assertThat(leaders).as("distribution managers leading").hasSize(1);
            killedLeader[0] = leaders.get(0);
            kill(killedLeader[0], finished, finishedAtKill);
            System.out.println("killed mid-wave, with this many clients finished: " + finishedAtKill);
            if ("dp-content".equals(killedLeader[0])) {
                stack.service("dp-content").start().awaitReady(); // dp01 must get the version too
            }
        });
        long clientsFinished = finished.get();
        System.out.printf("wave: %d clients finished, %d messages accepted, %d failovers, %d retries, %.1f s%n", clientsFinished,
                result.counters().messagesAccepted(), result.counters().failovers(), result.counters().retries(), result.wallTime().toMillis() / 1000.0);

        // Each kill struck while clients were still reporting.
        assertThat(finishedAtKill).hasSize(4).allSatisfy((name, done) -> assertThat(done).as(name + " killed mid-wave").isLessThan(clientsFinished));
        // The clients used both replicas and passed over the dead ones.
        assertThat(result.counters().failovers()).as("requests passed over to the other replica").isPositive();

        // 1. Every message answered 2xx stored exactly once; the counts are the ground truth.
        MidWave.assertEveryAcceptedMessageStoredOnce(result, rows);
        DemoWave.Tally expected = DemoWave.expected(result.wave());
        assertThat(DemoWave.observed(DemoWave.siteApi(stack))).as("compliance counts against the ground truth").isEqualTo(expected);

        // 2. Exactly one ManifestUpdated per package version, the killed replica's upload included.
        int version = hotfixVersion[0];
        Map<Integer, Long> published = manifestUpdatedPerVersion();
        assertThat(published).containsEntry(version, 1L).containsEntry(version - 1, 1L);
        assertThat(published.values()).as("ManifestUpdated records per version: " + published).containsOnly(1L);

        // 3. The other manager took over and distributed the version; both DPs serve the file as uploaded.
        ServiceProcess survivor = stack.replicas("dp-content").stream().filter(s -> !s.name().equals(killedLeader[0])).findFirst().orElseThrow();
        assertThat(leads(survivor)).as(survivor.name() + " leads after " + killedLeader[0] + " was killed").isTrue();
        var distribution = DemoWave.awaitDistribution(site, version);
        assertThat(distribution.path("distributionPoints").findValuesAsText("state")).containsExactly("INSTALLED", "INSTALLED");
        Sha256 payloadHash = Sha256.compute(payload);
        for (String distributionPoint : List.of("dp-content", "dp-content-dp02")) {
            assertThat(MidWave.servedHash(stack.service(distributionPoint), version, PAYLOAD_NAME)).as("the file on " + distributionPoint)
                    .isEqualTo(payloadHash);
        }

        // 4. Each file pushed to each DP once, as the DP counts: stored once, never received again.
        for (String distributionPoint : List.of("dp-content", "dp-content-dp02")) {
            Map<String, Map<String, Long>> pushes = pushesLogged(stack.service(distributionPoint));
            System.out.println(distributionPoint + " pushes by outcome and file: " + pushes);
            assertThat(pushes.getOrDefault("already-held", Map.of())).as(distributionPoint + ": files sent again although held").isEmpty();
            assertThat(pushes.get("stored")).as(distributionPoint + ": pushes stored per file").containsEntry(payloadHash.hex().toUpperCase(), 1L)
                    .allSatisfy((file, times) -> assertThat(times).as(file).isEqualTo(1L));
        }
        ServiceProcess dp02 = stack.service("dp-content-dp02");
        long storedOnDp02 = pushesLogged(dp02).get("stored").size();
        assertThat(metric(dp02.baseUri(), "acu_dp_content_pushes_total{outcome=\"stored\"}")).isEqualTo((double) storedOnDp02);
        assertThat(metric(dp02.baseUri(), "acu_dp_content_pushes_total{outcome=\"already-held\"}")).isZero();

        System.out.printf("replicas test: %.0f s from the site's preparation to the last check%n", (System.nanoTime() - began) / 1e9);
    }

    private static void kill(String instance, AtomicLong finished, Map<String, Long> finishedAtKill) {
        stack.service(instance).kill();
        finishedAtKill.put(instance, finished.get());
    }

    /** Whether a dp-content instance leads the distribution manager now ({@code acu_dp_manager_leading} is 1). */
    private static boolean leads(ServiceProcess manager) {
        try {
            return metric(manager.baseUri(), "acu_dp_manager_leading") == 1.0;
        } catch (IOException e) {
            return false; // not answering: not leading
        }
    }

    /**
     * The value of a sample on a service's {@code /q/metrics}: the line that starts with {@code sample} followed by a
     * space or by labels (e.g. {@code acu_dp_manager_leading} matches {@code acu_dp_manager_leading{...} 1.0}); summed
     * when several lines match.
     *
     * @throws IOException when the service does not answer
     */
    private static double metric(URI service, String sample) throws IOException {
        HttpResponse<String> metrics;
        try {
            metrics = HTTP.send(HttpRequest.newBuilder(service.resolve("/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String name = sample.contains("{") ? sample.substring(0, sample.indexOf('{')) : sample;
        String labels = sample.contains("{") ? sample.substring(sample.indexOf('{') + 1, sample.length() - 1) : "";
        double sum = 0;
        boolean found = false;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{") && line.contains(labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        assertThat(found).as(sample + " on " + service + "/q/metrics").isTrue();
        return sum;
    }

    /** The pushes a DP logged, by outcome ({@code stored}, {@code already-held}), then by file (SHA-256, upper case): how many. */
    private static Map<String, Map<String, Long>> pushesLogged(ServiceProcess distributionPoint) throws IOException {
        try (var lines = Files.lines(distributionPoint.logFile())) {
            return lines.map(PUSH_LINE::matcher).filter(Matcher::find).collect(Collectors.groupingBy(m -> m.group(2), TreeMap::new,
                    Collectors.groupingBy(m -> m.group(1).toUpperCase(), TreeMap::new, Collectors.counting())));
        }
    }

    /** The ManifestUpdated records on {@code acu.manifest.updated} for the seed's package, counted per package version. */
    private static Map<Integer, Long> manifestUpdatedPerVersion() {
        try (KafkaTestClient kafka = new KafkaTestClient(stack.infrastructure().kafka().bootstrapServers())) {
            // Asks for more than there can be: reads everything published, then the timeout ends the read.
            List<ConsumerRecord<String, byte[]>> records = kafka.readFromStart(Topics.MANIFEST_UPDATED, 1000, Duration.ofSeconds(15));
            return records.stream().map(r -> EventJson.decode(r.value(), ManifestUpdated.class).payload())
                    .filter(m -> DemoSeed.PACKAGE_ID.equals(m.packageId()))
                    .collect(Collectors.groupingBy(ManifestUpdated::packageVersion, TreeMap::new, Collectors.counting()));
        }
    }
}
