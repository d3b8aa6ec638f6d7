package io.acu.stateingest.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.acu.contracts.ErrorCodeCount;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.RingFigures;
import io.acu.contracts.RingState;
import io.acu.contracts.RolloutChange;
import io.acu.contracts.RolloutStateChanged;
import io.acu.contracts.RolloutStatus;
import io.acu.contracts.Topics;
import io.acu.infra.KafkaTestClient;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * state-ingest keeps the latest RolloutStateChanged of each package version from the real broker in PostgreSQL:
 * an earlier change arriving late and a re-delivered one change nothing, an unreadable record is dead-lettered with
 * its reason and the consumer moves on, and the ops API answers the newest version with the older ones' status; the
 * halted gauge follows.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class RolloutChangedConsumerTest {

    private static final Instant T0 = Instant.parse("2027-03-01T08:00:00Z");
    private static final String HALT_REASON = "ring pilot: 9 of 20 reported clients failed (45.0 %, threshold 20.0 %)";

    @Test
    void theLatestChangeWinsWhateverTheArrivalOrderAndJunkIsDeadLettered() throws Exception {
        // A package of this run only: other test classes share the broker and the database.
        String packageId = "R" + UUID.randomUUID().toString().substring(0, 2).toUpperCase() + "00005";
        EventEnvelope<RolloutStateChanged> ringStarted = event(new RolloutStateChanged(packageId, 5, RolloutChange.RING_STARTED, "pilot",
                RolloutStatus.RUNNING, rings(RingState.ACTIVE, 0, 0), List.of(), null, "rollout", T0));
        EventEnvelope<RolloutStateChanged> halted = event(new RolloutStateChanged(packageId, 5, RolloutChange.HALTED, "pilot",
                RolloutStatus.HALTED, rings(RingState.HALTED, 11, 9),
                List.of(new ErrorCodeCount("0x80070643", "Fatal error during installation", 2001, 4, 9)), HALT_REASON, "rollout",
                T0.plusSeconds(600)));
        EventEnvelope<RolloutStateChanged> previousVersion = event(new RolloutStateChanged(packageId, 4, RolloutChange.COMPLETED, null,
                RolloutStatus.COMPLETED, rings(RingState.PASSED, 20, 0), List.of(), "baseline", "rollout", T0.minusSeconds(86_400)));
        byte[] junk = "{\"eventId\":\"not a uuid\"}".getBytes(StandardCharsets.UTF_8);

        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers())) {
            // HALTED first, then the RING_STARTED that happened before it, then HALTED again (redelivery), then junk.
            kafka.send(Topics.ROLLOUT_CHANGED, packageId, EventJson.encodeBytes(halted));
            kafka.send(Topics.ROLLOUT_CHANGED, packageId, EventJson.encodeBytes(ringStarted));
            kafka.send(Topics.ROLLOUT_CHANGED, packageId, EventJson.encodeBytes(halted));
            kafka.send(Topics.ROLLOUT_CHANGED, packageId, junk);
            // After the junk, on the same partition: once it is stored, everything before it was consumed.
            kafka.send(Topics.ROLLOUT_CHANGED, packageId, EventJson.encodeBytes(previousVersion));

            List<ConsumerRecord<String, byte[]>> dead = awaitDeadLetter(kafka, packageId);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).value()).isEqualTo(junk);
            assertThat(header(dead.get(0), "dead-letter-reason")).isEqualTo("Not an event: 'type' is missing or not a string");
        }
        JsonPath rollout = awaitOlderVersions(packageId);

        assertThat(rollout.getInt("packageVersion")).isEqualTo(5);
        assertThat(rollout.getString("status")).isEqualTo("HALTED");
        assertThat(rollout.getString("lastChange")).isEqualTo("HALTED");
        assertThat(rollout.getString("ring")).isEqualTo("pilot");
        assertThat(rollout.getString("eventId")).isEqualTo(halted.eventId().toString());
        assertThat(rollout.getString("reason")).isEqualTo(HALT_REASON);
        assertThat(rollout.getString("actor")).isEqualTo("rollout");
        assertThat(Instant.parse(rollout.getString("changedAt"))).isEqualTo(T0.plusSeconds(600));
        assertThat(rollout.getList("rings.ring")).containsExactly("pilot", "early", "broad");
        assertThat(rollout.getList("rings.state")).containsExactly("HALTED", "PENDING", "PENDING");
        Map<String, Object> pilot = rollout.getMap("rings[0]");
        assertThat(pilot).containsEntry("offered", 20).containsEntry("succeeded", 11).containsEntry("failed", 9)
                .containsEntry("stalled", 0).containsEntry("inProgress", 0);
        assertThat(rollout.getMap("topErrorCodes[0]")).containsEntry("errorCode", "0x80070643")
                .containsEntry("name", "Fatal error during installation").containsEntry("topicType", 2001).containsEntry("stateId", 4)
                .containsEntry("clients", 9);
        assertThat(rollout.getList("olderVersions")).hasSize(1);
        assertThat(rollout.getMap("olderVersions[0]")).containsEntry("packageVersion", 4).containsEntry("status", "COMPLETED")
                .containsEntry("lastChange", "COMPLETED");

        assertThat(count("SELECT count(*) FROM state_ingest.rollout_state WHERE package_id = '" + packageId + "'")).isEqualTo(2);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("acu_stateingest_rollout_halted{package=\"" + packageId + "\",version=\"5\"} 1.0")
                .contains("acu_stateingest_rollout_halted{package=\"" + packageId + "\",version=\"4\"} 0.0");
    }

    @Test
    void malformedAndUnknownPackagesAreExplained() {
        given().get("/api/packages/CAS0006/rollout").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("CAS0006"));
        given().get("/api/packages/XYZ0000F/rollout").then().statusCode(404)
                .contentType("application/problem+json").body("detail", equalTo("no RolloutStateChanged seen for package XYZ0000F"));
    }

    private static List<RingFigures> rings(RingState pilotState, long succeeded, long failed) {
        boolean done = pilotState == RingState.PASSED;
        return List.of(new RingFigures("pilot", pilotState, 20, succeeded, failed, 0, 20 - succeeded - failed),
                new RingFigures("early", done ? RingState.PASSED : RingState.PENDING, done ? 100 : 0, done ? 100 : 0, 0, 0, 0),
                new RingFigures("broad", done ? RingState.PASSED : RingState.PENDING, done ? 880 : 0, done ? 880 : 0, 0, 0, 0));
    }

    private static EventEnvelope<RolloutStateChanged> event(RolloutStateChanged change) {
        return EventEnvelope.of(change, "rollout", change.changedAt());
    }

    /** This test's dead letters; only this class sends junk to the topic, so the first record to arrive is ours. */
    private static List<ConsumerRecord<String, byte[]>> awaitDeadLetter(KafkaTestClient kafka, String packageId) {
        return kafka.readFromStart(Topics.ROLLOUT_CHANGED_BY_STATE_INGEST.deadLetterTopic(), 1, Duration.ofSeconds(60)).stream()
                .filter(r -> packageId.equals(r.key())).toList();
    }

    private static JsonPath awaitOlderVersions(String packageId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var response = given().get("/api/packages/" + packageId + "/rollout");
            if (response.statusCode() == 200 && !response.jsonPath().getList("olderVersions").isEmpty()) {
                return response.jsonPath();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the rollout of " + packageId + " never showed its older version");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static long count(String sql) throws Exception {
        var config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
