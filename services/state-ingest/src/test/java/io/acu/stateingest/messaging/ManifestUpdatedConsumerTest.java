package io.acu.stateingest.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acu.contracts.CabinetFile;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestItem;
import io.acu.contracts.ManifestUpdated;
import io.acu.contracts.Topics;
import io.acu.infra.KafkaTestClient;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * state-ingest learns each package's target version from ManifestUpdated on the real broker, stores
 * it in PostgreSQL once per event, never moves it back, and dead-letters what it cannot read.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class ManifestUpdatedConsumerTest {

    private static final String SCEP_V5_HASH = "B0336B863EE0FEE92A309F1BF1F11B878236D45C60165AAF7A6ED48454262595";

    @Test
    void targetFollowsTheNewestVersionOnceAndDeadLettersJunk() throws Exception {
        EventEnvelope<ManifestUpdated> v5 = manifestUpdated(5);
        EventEnvelope<ManifestUpdated> v4 = manifestUpdated(4);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers())) {
            kafka.send(Topics.MANIFEST_UPDATED, v5.key(), EventJson.encodeBytes(v5));
            awaitTargetVersion(5);

            // Redelivery of v5 and a late v4: neither changes the target; v4 is still recorded as processed.
            kafka.send(Topics.MANIFEST_UPDATED, v5.key(), EventJson.encodeBytes(v5));
            kafka.send(Topics.MANIFEST_UPDATED, v4.key(), EventJson.encodeBytes(v4));
            byte[] junk = "{\"eventId\":42}".getBytes(StandardCharsets.UTF_8);
            kafka.send(Topics.MANIFEST_UPDATED, "CAS00006", junk);
            kafka.send(Topics.MANIFEST_UPDATED, "CAS00006", null); // a tombstone must not stop the consumer

            List<ConsumerRecord<String, byte[]>> dead = kafka.readFromStart(
                    Topics.MANIFEST_UPDATED_BY_STATE_INGEST.deadLetterTopic(), 2, Duration.ofSeconds(30));
            assertThat(dead).hasSize(2);
            assertThat(dead.get(0).value()).isEqualTo(junk);
            assertThat(reason(dead.get(0))).isEqualTo("Not an event: 'type' is missing or not a string");
            assertThat(dead.get(1).value()).isNull();
            assertThat(reason(dead.get(1))).isEqualTo("Not an event: the record has no value");

            // The consumer moved on: a newer version after the junk is applied.
            EventEnvelope<ManifestUpdated> v6 = manifestUpdated(6);
            kafka.send(Topics.MANIFEST_UPDATED, v6.key(), EventJson.encodeBytes(v6));
            awaitTargetVersion(6);
            // Each of this test's events recorded once (other tests in the module share the table).
            assertThat(processedEvents()).filteredOn(List.of(v5.eventId(), v4.eventId(), v6.eventId())::contains)
                    .containsExactlyInAnyOrder(v5.eventId(), v4.eventId(), v6.eventId());
            given().get("/api/packages/CAS00006/target").then().statusCode(200)
                    .body("packageVersion", equalTo(6))
                    .body("clientVersion", equalTo("5.00.7804.1000"))
                    .body("eventId", equalTo(v6.eventId().toString()));
            // Compliance of the package is measured against that target (this route was once shadowed: 404).
            given().get("/api/packages/CAS00006/compliance").then().statusCode(200)
                    .body("topicType", equalTo(800))
                    .body("targetVersion", equalTo("5.00.7804.1000"));

            // A v1 record, written before manifest-builder's upgrade with the client upgrade settings in it, is still
            // read (as v2), not dead-lettered.
            EventEnvelope<ManifestUpdated> v7 = manifestUpdated(7);
            kafka.send(Topics.MANIFEST_UPDATED, v7.key(), asV1(v7));
            awaitTargetVersion(7);
            assertThat(processedEvents()).contains(v7.eventId());
        }
    }

    /** The event as schema version 1 carried it: {@code clientUpgradePolicy} in the payload. */
    private static byte[] asV1(EventEnvelope<ManifestUpdated> event) throws Exception {
        ObjectNode json = (ObjectNode) EventJson.mapper().readTree(EventJson.encodeBytes(event));
        json.put("schemaVersion", 1);
        ((ObjectNode) json.get("payload")).putObject("clientUpgradePolicy").put("enabled", true)
                .put("advertisementDurationDays", 7).put("overrideMaintenanceWindows", false)
                .putArray("excludedClientIds").add("GUID:0C7D1E2F-3A4B-4C5D-8E6F-7A8B9C0D1E2F");
        return EventJson.mapper().writeValueAsBytes(json);
    }

    @Test
    void malformedAndUnknownPackagesAreExplained() {
        given().get("/api/packages/CAS0006/target").then().statusCode(400).body("detail", containsString("CAS0006"));
        given().get("/api/packages/XYZ00001/target").then().statusCode(404).body("detail", containsString("XYZ00001"));
        given().get("/api/packages/XYZ00001/compliance").then().statusCode(404).body("detail", containsString("XYZ00001"));
    }

    private static EventEnvelope<ManifestUpdated> manifestUpdated(int version) {
        ManifestUpdated payload = new ManifestUpdated("CAS00006", version, version - 1, "5.00.7804.1000", "5.00.7783.1000", "KB2907566",
                List.of(new ManifestItem("SCEPInstall.exe", SCEP_V5_HASH, "4.3.215.0", 13_731_776L, 17, true)),
                new CabinetFile("ccmsetup.cab", SCEP_V5_HASH, 4096, "c2lnbmF0dXJl", "SHA256withECDSA", "http://mb/api/signing-key"),
                "http://mb/source/CAS00006/" + version + "/");
        return EventEnvelope.of(payload, "manifest-builder", Instant.parse("2026-11-29T10:00:00Z"));
    }

    private static void awaitTargetVersion(int version) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var response = given().get("/api/packages/CAS00006/target");
            if (response.statusCode() == 200 && response.jsonPath().getInt("packageVersion") == version) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("CAS00006 target never reached version " + version);
    }

    private static List<UUID> processedEvents() throws Exception {
        var config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
             ResultSet rows = connection.createStatement().executeQuery("SELECT event_id FROM state_ingest.processed_event")) {
            List<UUID> ids = new java.util.ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
            return ids;
        }
    }

    private static String reason(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
