package io.acu.stateingest.bench;

import io.acu.contracts.ReportedStateMessage;
import io.acu.contracts.Topics;
import io.acu.formats.catalogue.StateCatalogue;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.stateingest.domain.StateMessageRecord;
import io.acu.stateingest.persistence.HistoryRetention;
import io.acu.stateingest.persistence.StateMessageStore;
import io.quarkus.cache.CacheManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark (issue 17): the dashboard's ops calls at ConfigMgr scale, and what keeping the ops counts costs the write
 * path. Seeds clients through the real write path ({@link StateMessageStore#write}, the consumers' statement, its
 * triggers included) into PostgreSQL with default durability: per client a client deployment in progress (800/100)
 * then succeeded (800/400, 10 % hash mismatch 800/325 with its error code) and an Endpoint Protection agent managed
 * (2001/3, 8 % install failed 2001/4 with one of three error codes, 4 % still waiting 2001/2), over a 10-day
 * window: three history rows and two current states per client. At each fleet size ({@code -Dacu.benchmark.clients},
 * default {@code 100000,1000000}) after {@code ANALYZE}, each call the dashboard makes is timed
 * {@code -Dacu.benchmark.calls} times (default 30) with the 2 s cache emptied first (what one poll costs the database)
 * and again answered from the cache; it prints p50 and p99 per call, and the CPU one uncached poll of all calls costs
 * (service JVM and PostgreSQL, from /proc). Last, the write path's rate with the count triggers disabled and enabled,
 * alternating ({@code -Dacu.benchmark.writeRounds}, default 8, of {@code -Dacu.benchmark.writeRound} clients, default
 * 50,000), on fresh clients; medians ({@code -Dacu.benchmark.onlyTable=client_state} or {@code state_message} toggles that
 * table's triggers only, to see which count costs what). Prints the figures; asserts nothing about speed. Run with
 * {@code mvn -pl services/state-ingest test -Dtest=OpsScaleBenchmark -Dacu.benchmark=true}.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = DurablePostgresTestResource.class, parallel = true)
@EnabledIfSystemProperty(named = "acu.benchmark", matches = "true")
class OpsScaleBenchmark {

    private static final Instant WINDOW_START = Instant.parse("2026-11-20T00:00:00Z");
    private static final int BATCH = 1000;
    private static final String EP_TOPIC_ID = "{9BCF7827-E04F-4C3A-8D8C-B943316A2D7F}";
    private static final String DEPLOYMENT_TOPIC_ID = "{1FFD119F-4ED5-4C9A-9765-CAACE1E26FD7}";
    private static final List<String> CALLS = List.of(
            "/api/compliance?topicType=2001&targetVersion=4.3.215.0",
            "/api/compliance?topicType=800&targetVersion=5.00.7804.1000",
            "/api/failures?topicType=2001&limit=10",
            "/api/failures?topicType=800&limit=10",
            "/api/rollout/progress?bucket=PT1H",
            "/api/distribution");
    private static final StateCatalogue CATALOGUE = StateCatalogue.standard();

    @Inject
    StateMessageStore store;

    @Inject
    CacheManager caches;

    @Inject
    HistoryRetention retention;

    @TestHTTPResource("/")
    URL service;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void opsCallsAtScaleAndTheWritePathsCost() throws Exception {
        int[] fleets = Arrays.stream(System.getProperty("acu.benchmark.clients", "100000,1000000").split(",")).mapToInt(Integer::parseInt).toArray();
        int calls = Integer.getInteger("acu.benchmark.calls", 30);
        int postgresPort = URI.create(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class).substring("jdbc:".length())).getPort();
        System.out.printf(Locale.ROOT, "%n== ops calls at scale (state-ingest, PostgreSQL fsync on, %d calls each) ==%n", calls);
        // The window's days get their history partitions, as they would have had when each day was near.
        for (Instant day = WINDOW_START; day.isBefore(WINDOW_START.plus(Duration.ofDays(12))); day = day.plus(Duration.ofDays(7))) {
            retention.maintain(day).await().atMost(Duration.ofMinutes(1));
        }
        int seeded = 0;
        for (int fleet : fleets) {
            long start = System.nanoTime();
            int messages = seed(seeded, fleet);
            double seconds = (System.nanoTime() - start) / 1e9;
            seeded = fleet;
            sql("ANALYZE state_ingest.state_message; ANALYZE state_ingest.client_state; ANALYZE state_ingest.client_state_count;"
                    + " ANALYZE state_ingest.client_first_reached; ANALYZE state_ingest.first_reached_count");
            System.out.printf(Locale.ROOT, "%n%,d clients (seeded %,d messages through the write path at %,.0f msg/s):%n", fleet, messages, messages / seconds);
            System.out.printf(Locale.ROOT, "  %-60s %10s %10s %10s %10s%n", "call", "p50 ms", "p99 ms", "cached p50", "cached p99");
            for (String call : CALLS) {
                get(call); // warm: plans and JIT
                double[] uncached = new double[calls];
                double[] cached = new double[calls];
                for (int i = 0; i < calls; i++) {
                    invalidateCaches();
                    uncached[i] = get(call);
                    cached[i] = get(call);
                }
                System.out.printf(Locale.ROOT, "  %-60s %10.1f %10.1f %10.2f %10.2f%n", call, percentile(uncached, 50), percentile(uncached, 99),
                        percentile(cached, 50), percentile(cached, 99));
            }
            CpuAccounting.Snapshot before = CpuAccounting.take(postgresPort);
            int polls = 10;
            for (int i = 0; i < polls; i++) {
                invalidateCaches();
                for (String call : CALLS) {
                    get(call);
                }
            }
            CpuAccounting.Snapshot used = CpuAccounting.take(postgresPort).since(before);
            double jvm = used.seconds().entrySet().stream().filter(e -> e.getKey().startsWith("JVM")).mapToDouble(e -> e.getValue()).sum();
            System.out.printf(Locale.ROOT, "  CPU per uncached poll of all %d calls: state-ingest JVM %.1f ms, PostgreSQL %.1f ms (a poll answered from"
                    + " the cache costs PostgreSQL nothing)%n", CALLS.size(), 1000 * jvm / polls, 1000 * used.seconds().getOrDefault("PostgreSQL", 0.0) / polls);
        }

        // The write path with and without the count triggers, alternating, on fresh clients (the counts are not
        // kept while disabled, so this comes last).
        int round = Integer.getInteger("acu.benchmark.writeRound", 50_000);
        System.out.printf(Locale.ROOT, "%nwrite path, %,d fresh clients per round (%,d messages), batches of %d:%n", round, 3 * round, BATCH);
        List<Double> off = new ArrayList<>();
        List<Double> on = new ArrayList<>();
        int writeRounds = Integer.getInteger("acu.benchmark.writeRounds", 8);
        for (int r = 0; r < writeRounds; r++) {
            boolean triggers = r % 2 == 1;
            String only = System.getProperty("acu.benchmark.onlyTable", "");
            sql("ALTER TABLE state_ingest.client_state " + (triggers && !only.equals("state_message") ? "ENABLE" : "DISABLE") + " TRIGGER USER;"
                    + " ALTER TABLE state_ingest.state_message " + (triggers && !only.equals("client_state") ? "ENABLE" : "DISABLE") + " TRIGGER USER");
            long start = System.nanoTime();
            int messages = seed(seeded, seeded + round);
            double rate = messages / ((System.nanoTime() - start) / 1e9);
            seeded += round;
            (triggers ? on : off).add(rate);
            System.out.printf(Locale.ROOT, "  round %d, counts %s: %,.0f msg/s%n", r + 1, triggers ? "kept" : "off ", rate);
        }
        double offRate = percentile(off.stream().mapToDouble(Double::doubleValue).toArray(), 50);
        double onRate = percentile(on.stream().mapToDouble(Double::doubleValue).toArray(), 50);
        System.out.printf(Locale.ROOT, "  medians: counts kept %,.0f msg/s vs %,.0f without: %.1f %% of the rate (goal: at least 90 %%)%n", onRate, offRate,
                100 * onRate / offRate);
    }

    /** Writes clients [from, to) through the real write path; returns the messages written. */
    private int seed(int from, int to) {
        List<StateMessageRecord> batch = new ArrayList<>(BATCH);
        int written = 0;
        for (int i = from; i < to; i++) {
            for (StateMessageRecord record : client(i)) {
                batch.add(record);
                if (batch.size() == BATCH) {
                    written += batch.size();
                    store.write(batch).await().atMost(Duration.ofMinutes(2));
                    batch = new ArrayList<>(BATCH);
                }
            }
        }
        if (!batch.isEmpty()) {
            written += batch.size();
            store.write(batch).await().atMost(Duration.ofMinutes(2));
        }
        return written;
    }

    /** One client's three messages, spread over a 10-day window by its number. */
    private static List<StateMessageRecord> client(int i) {
        String clientId = String.format(Locale.ROOT, "GUID:%08X-0000-4C61-8E2B-%012d", i, i);
        Instant t = WINDOW_START.plusSeconds((i * 7919L) % (10 * 86_400L));
        boolean hashMismatch = i % 10 == 3;
        int ep = i % 25;
        return List.of(
                record(clientId, i, 800, DEPLOYMENT_TOPIC_ID, 100, t, null, List.of("5.0.7804.1000", "Deployment")),
                hashMismatch
                        ? record(clientId, i, 800, DEPLOYMENT_TOPIC_ID, 325, t.plusSeconds(600), null, List.of("SCEPInstall.exe", "0x80091007"))
                        : record(clientId, i, 800, DEPLOYMENT_TOPIC_ID, 400, t.plusSeconds(600), null, List.of("5.0.7804.1000", "Deployment")),
                ep < 2 ? record(clientId, i, 2001, EP_TOPIC_ID, 4, t.plusSeconds(900), 2L, List.of("4.3.215.0", ep == 0 ? "0x80070643" : "0x80070005"))
                        : ep == 2 ? record(clientId, i, 2001, EP_TOPIC_ID, 2, t.plusSeconds(900), 2L, List.of("4.3.215.0", "0x00000000"))
                        : record(clientId, i, 2001, EP_TOPIC_ID, 3, t.plusSeconds(900), 2L, List.of("4.3.215.0", "0x00000000")));
    }

    private static StateMessageRecord record(String clientId, int i, int topicType, String topicId, int stateId, Instant time, Long serial,
            List<String> parameters) {
        String stateName = CATALOGUE.stateName(topicType, stateId).orElse(null);
        String wmi = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSSSS").withZone(java.time.ZoneOffset.UTC).format(time) + "+000";
        ReportedStateMessage message = new ReportedStateMessage(clientId, "WKS-" + i, "5.00.7804.1000", topicType, topicId, 0, stateId, stateName,
                stateName != null, 0, time, wmi, serial, parameters, topicType == 800 && stateId != 325 ? null : parameters.get(1));
        String topic = topicType == 800 ? Topics.FSP_MESSAGES : Topics.CLIENT_STATE_MESSAGES;
        return StateMessageRecord.of(UUID.randomUUID(), topic, message, time.plusSeconds(5), "192.0.2.10", CATALOGUE);
    }

    private double get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(service.toURI().resolve(path)).timeout(Duration.ofSeconds(60)).build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        double millis = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + new String(response.body()));
        }
        return millis;
    }

    private void invalidateCaches() {
        for (String name : caches.getCacheNames()) {
            caches.getCache(name).orElseThrow().invalidateAll().await().indefinitely();
        }
    }

    private static double percentile(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    private static void sql(String statements) throws Exception {
        var config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class))) {
            for (String statement : statements.split(";")) {
                connection.createStatement().execute(statement);
            }
        }
    }
}
