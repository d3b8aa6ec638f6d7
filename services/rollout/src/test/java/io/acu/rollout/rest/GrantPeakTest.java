package io.acu.rollout.rest;

import static io.acu.rollout.rest.RolloutLoopTest.distribution;
import static io.acu.rollout.rest.RolloutLoopTest.eventually;
import static io.acu.rollout.rest.RolloutLoopTest.fsp;
import static io.acu.rollout.rest.RolloutLoopTest.manifest;
import static io.acu.rollout.rest.RolloutLoopTest.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.acu.contracts.DistributionState;
import io.acu.infra.KafkaTestClient;
import io.acu.infra.quarkus.JwtTestResource;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.infra.quarkus.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The peak of download grants in flight per distribution point, as rollout records it in its grant transaction:
 * five clients ask {@code dp09} (cap 3 in the test profile) at once, three are granted, the peak is 3; two grants are
 * released by failures and the two refused clients are granted: three in flight again and the peak still 3.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = JwtTestResource.class, parallel = true)
class GrantPeakTest {

    static final String PACKAGE = "CAS00010";
    static final String POINT = "dp09";
    static final List<String> CLIENTS = IntStream.rangeClosed(1, 5).mapToObj(i -> "GUID:00000000-0000-0000-0000-0000000010%02d".formatted(i)).toList();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void thePeakIsTheMostGrantsInFlightAtOnceAndNeverAboveTheCap() throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            // Five named pilot clients; a sample of 100 keeps the gate from passing or halting during the test.
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("""
                    {"rings": [
                      {"name": "pilot", "clientIds": ["%s"], "gate": {"minSample": 100}},
                      {"name": "broad", "rest": true}]}""".formatted(String.join("\", \"", CLIENTS)))
                    .put("/api/rollout-plans/" + PACKAGE).then().statusCode(200);
            send(kafka, manifest(PACKAGE, 4));
            send(kafka, manifest(PACKAGE, 5));
            send(kafka, distribution(PACKAGE, 5, POINT, DistributionState.INSTALLED));
            eventually(() -> given().auth().oauth2(TestTokens.viewer()).get("/api/rollouts/" + PACKAGE + "/5").then()
                    .body("status", equalTo("RUNNING")).body("rings[0].state", equalTo("ACTIVE")));
            for (String client : CLIENTS) {
                given().get("/api/client-policy/" + PACKAGE + "?clientId=" + client).then().statusCode(200).body("offeredVersion", equalTo(5));
            }

            // Five at once against a cap of three.
            List<Integer> statuses = concurrently(CLIENTS);
            assertThat(statuses).containsExactlyInAnyOrder(201, 201, 201, 429, 429);
            assertThat(point()).containsEntry("inFlight", 3).containsEntry("maxInFlight", 3).containsEntry("peakInFlight", 3);

            // Two granted clients fail (800/309): their grants are released; the two refused ones are then granted.
            List<String> granted = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < CLIENTS.size(); i++) {
                (statuses.get(i) == 201 ? granted : refused).add(CLIENTS.get(i));
            }
            for (String client : granted.subList(0, 2)) {
                send(kafka, fsp(client, 309, List.of("http://dp09/SMS_DP_SMSPKG$/CAS00010.5/SCEPInstall.exe"), "0x80070002"));
            }
            eventually(() -> assertThat(point()).containsEntry("inFlight", 1));
            assertThat(concurrently(refused)).containsExactly(201, 201);
            assertThat(point()).containsEntry("inFlight", 3).containsEntry("peakInFlight", 3);
            assertThat(point().get("peakAt")).isNotNull();

            // The same figure as a Prometheus gauge (refreshed from the database by the driver's tick).
            eventually(() -> given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("acu_rollout_grants_in_flight_peak{dp=\"" + POINT + "\"} 3.0"))
                    .body(containsString("acu_rollout_grants_in_flight{dp=\"" + POINT + "\"} 3.0")));
        }
    }

    /** @return the grant answers' statuses, in the order of {@code clients}, all requests sent at once */
    private static List<Integer> concurrently(List<String> clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String client : clients) {
                answers.add(pool.submit(() -> given().contentType(ContentType.JSON).body("{\"packageId\": \"" + PACKAGE
                        + "\", \"packageVersion\": 5, \"clientId\": \"" + client + "\", \"distributionPoint\": \"" + POINT + "\"}")
                        .post("/api/download-grants").statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    /** @return {@value #POINT}'s entry of {@code GET /api/rollouts/distribution-points} */
    private static java.util.Map<String, Object> point() {
        JsonPath points = given().auth().oauth2(TestTokens.viewer()).get("/api/rollouts/distribution-points").then().statusCode(200).extract().jsonPath();
        return points.getMap("find { it.distributionPoint == '" + POINT + "' }");
    }
}
