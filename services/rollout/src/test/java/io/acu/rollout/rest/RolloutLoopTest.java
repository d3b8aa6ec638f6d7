package io.acu.rollout.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.acu.contracts.CabinetFile;
import io.acu.contracts.ClientStateMessageReceived;
import io.acu.contracts.ContentDistributionStatusChanged;
import io.acu.contracts.DistributionState;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.FspStateMessageReceived;
import io.acu.contracts.ManifestItem;
import io.acu.contracts.ManifestUpdated;
import io.acu.contracts.ReportedStateMessage;
import io.acu.contracts.RolloutChange;
import io.acu.contracts.RolloutStateChanged;
import io.acu.contracts.Topics;
import io.acu.infra.KafkaTestClient;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.infra.quarkus.JwtTestResource;
import io.acu.infra.quarkus.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The whole rollout loop against the real broker and PostgreSQL: a baseline and a new version arrive as
 * ManifestUpdated, the pilot waits for the content, clients read their policy and ask for grants (cap 2 per DP in the
 * test profile), EP install failures halt the rollout, the operator's promote is refused until resume, and revoke
 * brings the policy back to the baseline. Assertions read the API, the events on {@code acu.rollout.changed} and
 * the grants' HTTP answers. A record rollout cannot read lands on rollout's own dead-letter topic of its topic.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = JwtTestResource.class, parallel = true)
class RolloutLoopTest {

    static final String PACKAGE = "CAS00006";
    static final String PILOT_1 = "GUID:00000000-0000-0000-0000-000000000001";
    static final String PILOT_2 = "GUID:00000000-0000-0000-0000-000000000002";
    static final String PILOT_3 = "GUID:00000000-0000-0000-0000-000000000003";
    static final String OTHER = "GUID:00000000-0000-0000-0000-0000000000AA";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aBadHotfixHaltsInThePilotAndRevokeOffersTheBaseline() {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            // The plan: three pilot clients, gate on 2 reports, early 50 %, broad the rest.
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("""
                    {"rings": [
                      {"name": "pilot", "clientIds": ["%s", "%s", "%s"], "gate": {"minSample": 2, "successPercent": 90, "failurePercent": 10, "soak": "PT0S"}},
                      {"name": "early", "percent": 50},
                      {"name": "broad", "rest": true}]}""".formatted(PILOT_1, PILOT_2.toLowerCase(), PILOT_3))
                    .put("/api/rollout-plans/" + PACKAGE)
                    .then().statusCode(200).body("planVersion", equalTo(1)).body("plan.rings[0].clientIds[1]", equalTo(PILOT_2));

            send(kafka, manifest(4));
            send(kafka, manifest(5));
            eventually(() -> given().auth().oauth2(TestTokens.viewer())
                    .get("/api/rollouts/" + PACKAGE + "/5").then().statusCode(200).body("status", equalTo("WAITING_FOR_CONTENT")));
            given().auth().oauth2(TestTokens.viewer()).get("/api/rollouts/" + PACKAGE + "/4").then().statusCode(200).body("status", equalTo("COMPLETED"));

            // Content not yet on the DP: even the pilot is offered the baseline.
            policy(PILOT_1).body("offeredVersion", equalTo(4)).body("candidateVersion", equalTo(5)).body("ring", equalTo("pilot"))
                    .body("reason", containsString("distribution point"));

            send(kafka, distribution(5, "dp01", DistributionState.INSTALLED));
            eventually(() -> given().auth().oauth2(TestTokens.viewer())
                    .get("/api/rollouts/" + PACKAGE + "/5").then().body("status", equalTo("RUNNING")).body("rings[0].state", equalTo("ACTIVE")));

            for (String pilot : List.of(PILOT_1, PILOT_2, PILOT_3)) {
                policy(pilot).body("offeredVersion", equalTo(5)).body("halted", equalTo(false)).body("reason", nullValue());
            }
            policy(OTHER).body("offeredVersion", equalTo(4)).body("reason", containsString("has not started"));

            // Grants: K = 2 per DP; the third is told to retry; a repeated request answers the held grant.
            grant(PILOT_1, "dp01").then().statusCode(201).body("expiresAt", org.hamcrest.Matchers.notNullValue());
            grant(PILOT_2, "dp01").then().statusCode(201);
            grant(PILOT_3, "dp01").then().statusCode(429).header("Retry-After", "30").body("detail", containsString("at most 2"));
            grant(PILOT_1, "dp01").then().statusCode(200);
            send(kafka, distribution(5, "dp02", DistributionState.INSTALLED));
            send(kafka, distribution(5, "dp03", DistributionState.INSTALL_PENDING));
            eventually(() -> grant(PILOT_1, "dp02").then().statusCode(200).body("distributionPoint", equalTo("dp01"))); // the held grant keeps its DP
            grant(PILOT_1, "DP01").then().statusCode(200).body("distributionPoint", equalTo("dp01")); // DP names are host names: any case
            // A DP that does not hold the version is refused, so invented names cannot dodge the per-DP cap.
            eventually(() -> grant(PILOT_3, "dp03").then().statusCode(409).body("detail", equalTo("distributionPoint 'dp03' does not hold CAS00006 v5:"
                    + " its content of CAS00006 v5 is INSTALL_PENDING, not INSTALLED; the version is INSTALLED on dp01, dp02")));
            grant(PILOT_3, "dp-invented").then().statusCode(409).header("Content-Type", containsString("application/problem+json"))
                    .body("detail", equalTo("distributionPoint 'dp-invented' does not hold CAS00006 v5: no distribution status of CAS00006 v5 came"
                            + " from it (an unknown distribution point); the version is INSTALLED on dp01, dp02"));
            grant(OTHER, "dp01").then().statusCode(409).body("detail", containsString("not offered"));

            // Two pilot clients: ccmsetup succeeded, the EP agent failed with 0x80070643. Failures 100 % > 10 %: halt.
            for (String pilot : List.of(PILOT_1, PILOT_2)) {
                send(kafka, fsp(pilot, 400, List.of("5.00.7804.1000", "Deployment"), null));
                send(kafka, ep(pilot, 4, "4.2.223.1", "0x80070643"));
            }
            eventually(() -> given().auth().oauth2(TestTokens.viewer())
                    .get("/api/rollouts/" + PACKAGE + "/5").then().body("status", equalTo("HALTED"))
                    .body("rings[0].state", equalTo("HALTED")).body("rings[0].offered", equalTo(3)).body("rings[0].failed", equalTo(2))
                    .body("rings[1].state", equalTo("PENDING")).body("rings[1].offered", equalTo(0))
                    .body("reason", containsString("ring pilot: 2 of 2 reported clients failed (100.0 %, threshold 10.0 %)"))
                    .body("topErrorCodes[0].errorCode", equalTo("0x80070643")).body("topErrorCodes[0].clients", equalTo(2))
                    .body("topErrorCodes[0].stateId", equalTo(4)));

            // Halted, the rollout is no longer stepped, but its figures follow its clients: the third pilot client fails
            // too, and both the API and the ring gauge on /q/metrics count it.
            send(kafka, ep(PILOT_3, 4, "4.2.223.1", "0x80070643"));
            eventually(() -> given().auth().oauth2(TestTokens.viewer()).get("/api/rollouts/" + PACKAGE + "/5").then()
                    .body("status", equalTo("HALTED")).body("rings[0].failed", equalTo(3)));
            eventually(() -> given().get("/q/metrics").then().body(containsString(
                    "acu_rollout_ring_clients{outcome=\"failed\",package=\"" + PACKAGE + "\",ring=\"pilot\",version=\"5\"} 3.0")));

            // Halted: nobody new is offered, the pilot's last client gets no grant, promote needs a resume first.
            policy(OTHER).body("offeredVersion", equalTo(4)).body("halted", equalTo(true));
            policy(PILOT_3).body("offeredVersion", equalTo(5)).body("halted", equalTo(true));
            grant(PILOT_3, "dp01").then().statusCode(409).body("detail", containsString("HALTED"));
            given().auth().oauth2(TestTokens.admin()).post("/api/rollouts/" + PACKAGE + "/5/promote")
                    .then().statusCode(409).body("detail", containsString("resume it before promoting"));

            // The events explain it: STARTED, RING_STARTED pilot, HALTED with the figures.
            List<EventEnvelope<RolloutStateChanged>> events = kafka.readFromStart(Topics.ROLLOUT_CHANGED, 4, Duration.ofSeconds(30)).stream()
                    .map(r -> EventJson.decode(r.value(), RolloutStateChanged.class)).filter(e -> e.payload().packageVersion() == 5).toList();
            assertThat(events).extracting(e -> e.payload().change())
                    .containsSubsequence(RolloutChange.STARTED, RolloutChange.RING_STARTED, RolloutChange.HALTED);
            RolloutStateChanged halted = events.stream().map(EventEnvelope::payload).filter(p -> p.change() == RolloutChange.HALTED).findFirst().orElseThrow();
            assertThat(halted.rings().get(0).failed()).isEqualTo(2);
            assertThat(halted.topErrorCodes().get(0).errorCode()).isEqualTo("0x80070643");

            // Resume (accepting the two failures), then revoke: the policy offers the baseline again.
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{\"note\": \"known bad EP build\"}")
                    .post("/api/rollouts/" + PACKAGE + "/5/resume").then().statusCode(200).body("status", equalTo("RUNNING"));
            given().auth().oauth2(TestTokens.admin()).post("/api/rollouts/" + PACKAGE + "/5/revoke")
                    .then().statusCode(200).body("status", equalTo("REVOKED"))
                    .body("rings.state", org.hamcrest.Matchers.contains("REVOKED", "REVOKED", "REVOKED")); // the resumed pilot had not passed
            policy(PILOT_1).body("offeredVersion", equalTo(4)).body("candidateVersion", equalTo(4));
            given().auth().oauth2(TestTokens.admin()).post("/api/rollouts/" + PACKAGE + "/5/revoke").then().statusCode(409);
            given().auth().oauth2(TestTokens.admin()).post("/api/rollouts/" + PACKAGE + "/9/revoke").then().statusCode(404);
            given().auth().oauth2(TestTokens.admin()).post("/api/rollouts/" + PACKAGE + "/4/revoke").then().statusCode(409)
                    .body("detail", containsString("last version clients can be offered"));
            given().auth().oauth2(TestTokens.admin()).get("/api/rollouts/" + PACKAGE + "/5").then().statusCode(200)
                    .body("history.change", org.hamcrest.Matchers.hasItems("STARTED", "RING_STARTED", "HALTED", "RESUMED", "REVOKED"));
        }
    }

    @Test
    void theVersionAnImportedPackageReplacesIsItsBaseline() {
        // manifest-builder publishes no ManifestUpdated for an imported package: rollout first hears of v5 (replacing v4).
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            EventEnvelope<ManifestUpdated> v5 = manifest(5);
            ManifestUpdated p = v5.payload();
            send(kafka, EventEnvelope.of(new ManifestUpdated("CAS00007", 5, 4, p.clientVersion(), p.minimumAssignableSiteVersion(), p.kbNumber(),
                    p.items(), p.cab(), p.contentSourceUrl()), "manifest-builder", Instant.now()));
            eventually(() -> given().auth().oauth2(TestTokens.viewer()).get("/api/rollouts?packageId=CAS00007").then().statusCode(200)
                    .body("packageVersion", org.hamcrest.Matchers.contains(5, 4))
                    .body("status", org.hamcrest.Matchers.contains("WAITING_FOR_CONTENT", "COMPLETED")));
            given().get("/api/client-policy/CAS00007?clientId=" + OTHER).then().statusCode(200)
                    .body("offeredVersion", equalTo(4)).body("candidateVersion", equalTo(5));
        }
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        given().contentType(ContentType.JSON).body("{\"rings\": []}").put("/api/rollout-plans/" + PACKAGE).then().statusCode(401);
        given().auth().oauth2(TestTokens.forAudience("another-app", "admin@acu.test", "acu-admin")).contentType(ContentType.JSON)
                .body("{\"rings\": []}").put("/api/rollout-plans/" + PACKAGE).then().statusCode(401);
        given().auth().oauth2(TestTokens.viewer()).contentType(ContentType.JSON).body("{\"rings\": []}").put("/api/rollout-plans/" + PACKAGE)
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"rings\": [{\"name\": \"a\", \"percent\": 120}]}").put("/api/rollout-plans/" + PACKAGE)
                .then().statusCode(400).body("field", equalTo("rings[0].percent")).body("detail", containsString("between 0 and 100"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"rings\": [{\"name\": \"a\", \"gate\": {\"soak\": \"soon\"}}]}").put("/api/rollout-plans/" + PACKAGE)
                .then().statusCode(400).body("field", equalTo("rings[0].gate.soak"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"rings\": [{\"name\": \"a\", \"colour\": 1}]}").put("/api/rollout-plans/" + PACKAGE)
                .then().statusCode(400).body("detail", containsString("colour"));
        given().get("/api/client-policy/" + PACKAGE + "?clientId=nobody").then().statusCode(400).body("detail", containsString("clientId"));
        given().queryParam("clientId", OTHER).queryParam("boundaryGroup", "BG\u0000").get("/api/client-policy/" + PACKAGE)
                .then().statusCode(400).body("detail", containsString("control character"));
        given().contentType(ContentType.JSON).body("{\"packageId\": \"CAS00006\", \"packageVersion\": 5, \"clientId\": \"" + OTHER
                + "\", \"distributionPoint\": \"dp01\\u0000\"}").post("/api/download-grants").then().statusCode(400)
                .body("detail", containsString("control characters"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"rings\": [{\"name\": \"a\", \"gate\": {\"soak\": \"PT2562047788015215H\"}}]}").put("/api/rollout-plans/" + PACKAGE)
                .then().statusCode(400).body("field", equalTo("rings[0].gate.soak")).body("detail", containsString("90 days"));
        given().get("/api/client-policy/CAS0000Z?clientId=" + OTHER).then().statusCode(400);
        given().get("/api/client-policy/XYZ00001?clientId=" + OTHER).then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"packageId\": \"XYZ00001\", \"packageVersion\": 1, \"clientId\": \"" + OTHER
                + "\", \"distributionPoint\": \"dp01\"}").post("/api/download-grants").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"packageId\": \"CAS00006\"}").post("/api/download-grants").then().statusCode(400);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"enabled\": true, \"advertisementDurationDays\": 40, \"overrideMaintenanceWindows\": false}")
                .put("/api/settings/client-upgrade").then().statusCode(400).body("detail", containsString("between 1 and 31"));
    }

    @Test
    void aRecordRolloutCannotReadGoesToRolloutsOwnDeadLetterTopicOfItsTopic() {
        String key = "junk-" + UUID.randomUUID();
        byte[] junk = "[]".getBytes(StandardCharsets.UTF_8);
        Map<String, String> deadLetterTopicBySource = Map.of(
                Topics.MANIFEST_UPDATED, "acu.manifest.updated.rollout.dlq",
                Topics.CONTENT_DISTRIBUTION, "acu.content.distribution.rollout.dlq",
                Topics.FSP_MESSAGES, "acu.fsp.messages.rollout.dlq",
                Topics.CLIENT_STATE_MESSAGES, "acu.client.state-messages.rollout.dlq");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            deadLetterTopicBySource.keySet().forEach(source -> kafka.send(source, key, junk));
            deadLetterTopicBySource.forEach((source, deadLetterTopic) -> {
                List<ConsumerRecord<String, byte[]>> dead = kafka.readFromStart(deadLetterTopic, 1, Duration.ofSeconds(60))
                        .stream().filter(r -> key.equals(r.key())).toList();
                assertThat(dead).as(deadLetterTopic).hasSize(1);
                assertThat(dead.get(0).value()).as(deadLetterTopic).isEqualTo(junk);
                assertThat(header(dead.get(0), "dead-letter-topic")).as(deadLetterTopic).isEqualTo(source);
                assertThat(header(dead.get(0), "dead-letter-reason")).as(deadLetterTopic).isNotBlank();
            });
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Retries an assertion for up to 30 s (the consumers and the gate driver work asynchronously). */
    static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static io.restassured.response.ValidatableResponse policy(String clientId) {
        return given().get("/api/client-policy/" + PACKAGE + "?clientId=" + clientId + "&boundaryGroup=BG-HQ").then().statusCode(200);
    }

    private static io.restassured.response.Response grant(String clientId, String point) {
        return given().contentType(ContentType.JSON).body("{\"packageId\": \"" + PACKAGE + "\", \"packageVersion\": 5, \"clientId\": \"" + clientId
                + "\", \"distributionPoint\": \"" + point + "\", \"boundaryGroup\": \"BG-HQ\"}").post("/api/download-grants");
    }

    static void send(KafkaTestClient kafka, EventEnvelope<?> event) {
        kafka.send(event.topic(), event.key(), EventJson.encodeBytes(event));
    }

    static EventEnvelope<ManifestUpdated> manifest(int version) {
        return manifest(PACKAGE, version);
    }

    static EventEnvelope<ManifestUpdated> manifest(String packageId, int version) {
        String agent = version == 4 ? "4.2.223.0" : "4.3.215.0";
        ManifestUpdated payload = new ManifestUpdated(packageId, version, version == 4 ? null : version - 1, "5.00.7804.1000", "5.00.7783.1000",
                version == 4 ? null : "KB2907566",
                List.of(new ManifestItem("SCEPInstall.exe", "B0336B8603A2C9A83B5CF1A33FB2FCB2D0E0C6E9C7F1A2B3C4D5E6F708192595", agent, 1000, 1, version > 4)),
                new CabinetFile("ccmsetup.cab", "A".repeat(64), 100, "c2lnbmF0dXJl", "SHA256withECDSA", "http://mb/api/signing-key"),
                "http://mb/source/" + packageId + "/" + version + "/");
        return EventEnvelope.of(payload, "manifest-builder", Instant.now());
    }

    static EventEnvelope<ContentDistributionStatusChanged> distribution(int version, String point, DistributionState state) {
        return distribution(PACKAGE, version, point, state);
    }

    static EventEnvelope<ContentDistributionStatusChanged> distribution(String packageId, int version, String point, DistributionState state) {
        return EventEnvelope.of(new ContentDistributionStatusChanged(packageId, version, point, state, DistributionState.INSTALL_PENDING, 1, 1000,
                null, Instant.now()), "dp-content", Instant.now());
    }

    static EventEnvelope<FspStateMessageReceived> fsp(String clientId, int state, List<String> params, String errorCode) {
        return EventEnvelope.of(new FspStateMessageReceived(message(clientId, 800, state, params, errorCode, null), Instant.now(), "127.0.0.1"),
                "fsp", Instant.now());
    }

    static EventEnvelope<ClientStateMessageReceived> ep(String clientId, int state, String agentVersion, String errorCode) {
        return EventEnvelope.of(new ClientStateMessageReceived(message(clientId, 2001, state, List.of(agentVersion, errorCode), errorCode, 7L),
                Instant.now(), "127.0.0.1"), "state-ingest", Instant.now());
    }

    private static ReportedStateMessage message(String clientId, int topicType, int state, List<String> params, String errorCode, Long serial) {
        return new ReportedStateMessage(clientId, "WKS-0001", "5.00.7804.1000", topicType, "{" + UUID.randomUUID() + "}", 0, state, null, false, 0,
                Instant.now(), "20261205120000.000000+000", serial, params, errorCode);
    }
}
