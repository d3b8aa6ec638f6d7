package io.acu.manifestbuilder.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestUpdated;
import io.acu.infra.KafkaTestClient;
import io.acu.infra.quarkus.JwtTestResource;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.manifestbuilder.support.Api;
import io.acu.outbox.OutboxSender;
import io.acu.outbox.TraceContext;
import io.acu.manifestbuilder.support.Fixtures;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transactional outbox across a failed publish: while every send fails (broker unreachable, process dying
 * before the acknowledgement) the committed version's event waits in the outbox and nothing reaches the topic;
 * once sending works again (the restarted relay) the event is published exactly once and marked. And an event
 * Kafka refuses for good is parked without holding up the rest.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(JwtTestResource.class)
class OutboxRestartTest {

    private static final String PACKAGE = "OBX0000A";

    @TempDir
    Path dir;

    @Test
    void aFailedPublishIsRetriedAfterRestartAndLandsExactlyOnce() throws Exception {
        OutboxSender real = (OutboxSender) ClientProxy.unwrap(Arc.container().instance(OutboxSender.class).get());
        AtomicInteger failedSends = new AtomicInteger();
        QuarkusMock.installMockForType(new OutboxSender(null) {
            @Override
            public Uni<Void> send(String topic, String key, byte[] value, TraceContext trace) {
                failedSends.incrementAndGet();
                return Uni.createFrom().failure(new IllegalStateException("broker unreachable (test)"));
            }
        }, OutboxSender.class);

        Api.importPackage(PACKAGE);
        Api.hotfix(Api.metadata(PACKAGE)).multiPart("file", Api.file(Fixtures.SCEP_V5, dir, "SCEPInstall.exe").toFile())
                .post("/api/hotfixes").then().statusCode(201).body("packageVersion", equalTo(5));

        awaitAtLeast(failedSends, 3);
        assertThat(outboxRows()).hasSize(1).allSatisfy(row -> assertThat(row).endsWith("|unpublished"));
        try (KafkaTestClient kafka = new KafkaTestClient(Api.bootstrapServers())) {
            assertThat(Api.recordsFor(kafka, PACKAGE, Duration.ofSeconds(2))).isEmpty();
        }

        // "Restart": sending works again; the relay finds the unpublished row on its own.
        AtomicInteger sends = new AtomicInteger();
        QuarkusMock.installMockForType(new OutboxSender(null) {
            @Override
            public Uni<Void> send(String topic, String key, byte[] value, TraceContext trace) {
                sends.incrementAndGet();
                return real.send(topic, key, value, trace);
            }
        }, OutboxSender.class);

        List<ConsumerRecord<String, byte[]>> records = Api.manifestUpdates(PACKAGE, 5, Duration.ofSeconds(30), Duration.ofSeconds(2));
        assertThat(records).hasSize(1);
        assertThat(EventJson.decode(records.get(0).value(), ManifestUpdated.class).payload().packageVersion()).isEqualTo(5);
        assertThat(outboxRows()).hasSize(1).allSatisfy(row -> assertThat(row).endsWith("|published"));
        assertThat(sends.get()).isEqualTo(1);
    }

    /**
     * An event Kafka refuses for good (larger than the producer's 1 MiB max.request.size) is parked with its reason
     * and the event written after it is still published: one refusal never blocks the outbox.
     */
    @Test
    void anEventKafkaRefusesIsParkedAndTheNextOneFlows() throws Exception {
        String oversized = "{\"eventId\":\"00000000-0000-4000-8000-00000000b100\",\"pad\":\"" + "x".repeat(1_300_000) + "\"}";
        try (Connection connection = connect(); var insert = connection.prepareStatement(
                "INSERT INTO manifest_builder.outbox_event (event_id, topic, record_key, payload) VALUES (?::uuid, ?, ?, ?)")) {
            insert.setString(1, "00000000-0000-4000-8000-00000000b100");
            insert.setString(2, "acu.manifest.updated");
            insert.setString(3, "OBX0000B");
            insert.setString(4, oversized);
            insert.executeUpdate();
        }

        Api.importPackage("OBX0000C");
        Api.hotfix(Api.metadata("OBX0000C")).multiPart("file", Api.file(Fixtures.SCEP_V5, dir, "SCEPInstall.exe").toFile())
                .post("/api/hotfixes").then().statusCode(201).body("packageVersion", equalTo(5));

        List<ConsumerRecord<String, byte[]>> records = Api.manifestUpdates("OBX0000C", 5, Duration.ofSeconds(30), Duration.ofSeconds(2));
        assertThat(records).hasSize(1);
        try (Connection connection = connect(); ResultSet row = connection.createStatement().executeQuery(
                "SELECT published_at IS NULL, parked_reason FROM manifest_builder.outbox_event WHERE record_key = 'OBX0000B'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getBoolean(1)).as("never published").isTrue();
            assertThat(row.getString(2)).startsWith("org.apache.kafka.common.errors.RecordTooLargeException: ");
        }
        io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString(
                        "acu_outbox_parked_total{table=\"manifest_builder.outbox_event\",topic=\"acu.manifest.updated\"} 1.0"));
    }

    private static void awaitAtLeast(AtomicInteger counter, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (counter.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(counter.get()).as("failed sends").isGreaterThanOrEqualTo(count);
    }

    /** {@code eventId|published} or {@code eventId|unpublished} per outbox row of the package. */
    static List<String> outboxRows() throws Exception {
        try (Connection connection = connect();
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT event_id, published_at FROM manifest_builder.outbox_event WHERE record_key = '" + PACKAGE + "'")) {
            List<String> result = new ArrayList<>();
            while (rows.next()) {
                result.add(rows.getString(1) + "|" + (rows.getObject(2) == null ? "unpublished" : "published"));
            }
            return result;
        }
    }

    private static Connection connect() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
    }
}
