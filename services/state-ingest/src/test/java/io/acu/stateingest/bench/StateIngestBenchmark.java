package io.acu.stateingest.bench;

import io.acu.formats.Version;
import io.acu.formats.WmiDateTime;
import io.acu.formats.statemessage.Machine;
import io.acu.formats.statemessage.Report;
import io.acu.formats.statemessage.ReportDetails;
import io.acu.formats.statemessage.ReportHeader;
import io.acu.formats.statemessage.ReportXml;
import io.acu.formats.statemessage.State;
import io.acu.formats.statemessage.StateMessage;
import io.acu.formats.statemessage.Topic;
import io.acu.formats.statemessage.UserParameters;
import io.acu.infra.quarkus.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;

/**
 * Benchmark harness, not a test: state messages persisted end to end (HTTP intake → Kafka acks=all → batch consumer
 * → PostgreSQL) per second, printed next to a PostgreSQL {@code COPY} of the same rows into a table with the same
 * columns and indexes, on the same server (fsync on, {@link DurablePostgresTestResource}) in the same run. Goal
 * (issue 5): at least 20,000 msg/s and 50 % of COPY. Prints the figures; asserts nothing about speed. Run with
 * {@code mvn -pl services/state-ingest test -Dtest=StateIngestBenchmark -Dacu.benchmark=true}
 * ({@code -Dacu.benchmark.messages=100000}, {@code -Dacu.benchmark.perReport=20}).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = DurablePostgresTestResource.class, parallel = true)
@EnabledIfSystemProperty(named = "acu.benchmark", matches = "true")
class StateIngestBenchmark {

    private static final int CONCURRENCY = 32;
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    @TestHTTPResource("/api/state-messages")
    URL intake;

    @Test
    void endToEndMessagesPerSecondNextToCopy() throws Exception {
        int messages = Integer.getInteger("acu.benchmark.messages", 100_000);
        int perReport = Integer.getInteger("acu.benchmark.perReport", 20);
        String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        List<byte[]> reports = new ArrayList<>();
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r * perReport < messages; r++) {
            String client = "GUID:" + run + "-" + String.format("%012d", r);
            List<StateMessage> batch = new ArrayList<>();
            for (int m = 0; m < perReport && r * perReport + m < messages; m++) {
                Instant time = T0.plusSeconds(m);
                StateMessage message = new StateMessage(WmiDateTime.of(time), OptionalLong.of(m), new Topic("{9BCF7827-E04F-4C3A-8D8C-B943316A2D7F}",
                        m % 2 == 0 ? 2001 : 2002, 0, "", ""), new State(m % 2 == 0 ? 3 : 1, 0), new UserParameters(0, List.of("4.3.215.0", "0x00000000")));
                batch.add(message);
                csv.append(UUID.randomUUID()).append(",acu.client.state-messages,").append(client).append(",WKS,5.00.7804.1000,")
                        .append(message.topic().type()).append(",").append(message.topic().id()).append(",0,").append(message.state().id())
                        .append(",Managed,0,0x00000000,4.3.215.0,").append(time).append(",").append(message.messageTime().text()).append(",")
                        .append(m).append(",\"{4.3.215.0,0x00000000}\",").append(time).append(",127.0.0.1\n");
            }
            reports.add(ReportXml.write(new Report(new ReportHeader(new Machine(true, 1, client, Version.parse("5.00.7804.1000"), "WKS", 437, 1033, 5),
                    new ReportDetails("State Message Data", "Full", WmiDateTime.of(T0), "1.0", "1.0")), batch)));
        }
        String where = "SELECT count(*) FROM state_ingest.state_message WHERE client_id LIKE 'GUID:" + run + "-%'";

        long start = System.nanoTime();
        post(reports);
        double posted = (System.nanoTime() - start) / 1e9;
        while (count(where) < messages) {
            Thread.sleep(50);
        }
        double endToEnd = (System.nanoTime() - start) / 1e9;

        double copySeconds;
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE state_ingest.bench_copy (LIKE state_ingest.state_message INCLUDING ALL)");
            long copyStart = System.nanoTime();
            long copied = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY state_ingest.bench_copy (event_id, source_topic, client_id, netbios_name, client_version, topic_type, topic_id, topic_id_type,"
                            + " state_id, state_name, criticality, error_code, reported_version, message_time, message_time_wmi, serial_number,"
                            + " user_parameters, received_at, remote_address) FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
            copySeconds = (System.nanoTime() - copyStart) / 1e9;
            if (copied != messages) {
                throw new AssertionError("COPY wrote " + copied + " rows, expected " + messages);
            }
            statement.execute("DROP TABLE state_ingest.bench_copy");
        }
        double e2eRate = messages / endToEnd;
        double copyRate = messages / copySeconds;
        System.out.printf(Locale.ROOT, "%n== state-ingest end-to-end benchmark (%,d messages, %d per report, %d concurrent POSTs, fsync on) ==%n",
                messages, perReport, CONCURRENCY);
        System.out.printf(Locale.ROOT, "HTTP intake → Kafka → PostgreSQL: %,10.0f msg/s (%.2f s; all POSTs answered after %.2f s)%n", e2eRate, endToEnd, posted);
        System.out.printf(Locale.ROOT, "PostgreSQL COPY of the same rows:  %,10.0f msg/s (%.2f s)%n", copyRate, copySeconds);
        System.out.printf(Locale.ROOT, "ratio: %.1f %% (goal >= 50 %% and >= 20,000 msg/s)%n%n", 100 * e2eRate / copyRate);
    }

    /**
     * POSTs every report from {@link #CONCURRENCY} threads with blocking sends. ({@code sendAsync} would hop to the
     * common pool for every response, and with fewer than 3 cores the JDK runs each such hop on a new thread: 5,000
     * thread starts charged to the figure.)
     */
    private void post(List<byte[]> bodies) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService senders = Executors.newFixedThreadPool(CONCURRENCY);
        AtomicInteger failures = new AtomicInteger();
        URI uri = intake.toURI();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (byte[] body : bodies) {
                all.add(senders.submit(() -> {
                    try {
                        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/xml")
                                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 202) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }));
            }
            for (Future<?> sent : all) {
                sent.get(10, TimeUnit.MINUTES);
            }
        } finally {
            senders.shutdownNow();
        }
        if (failures.get() > 0) {
            throw new AssertionError(failures.get() + " of " + bodies.size() + " reports were not answered 202");
        }
    }

    private static Connection connect() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = connect(); ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
