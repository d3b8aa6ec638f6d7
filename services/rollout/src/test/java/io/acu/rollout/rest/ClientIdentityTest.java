package io.acu.rollout.rest;

import static io.acu.rollout.rest.RolloutLoopTest.distribution;
import static io.acu.rollout.rest.RolloutLoopTest.eventually;
import static io.acu.rollout.rest.RolloutLoopTest.manifest;
import static io.acu.rollout.rest.RolloutLoopTest.send;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.acu.contracts.DistributionState;
import io.acu.contracts.client.ClientTokens;
import io.acu.infra.KafkaTestClient;
import io.acu.infra.quarkus.JwtTestResource;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.infra.quarkus.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * With client tokens required, a client's policy and its download grants answer only the client itself: no token, a
 * token of another shape (an operator's JWT included) or another client's token are refused and record nothing, so
 * made-up client IDs can neither inflate a ring's offered count nor take a DP's grants.
 */
@QuarkusTest
@TestProfile(ClientIdentityTest.TokensRequired.class)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = JwtTestResource.class, parallel = true)
class ClientIdentityTest {

    static final String PACKAGE = "CAS00011";
    static final String ALICE = "GUID:00000000-0000-0000-0000-000000001101";
    static final String BOB = "GUID:00000000-0000-0000-0000-000000001102";
    static final String CAROL = "GUID:00000000-0000-0000-0000-000000001103";
    static final byte[] KEY = "rollout-client-identity-test-key-0123456789".getBytes(StandardCharsets.UTF_8);
    static final ClientTokens TOKENS = new ClientTokens(KEY);

    /** Client tokens required, the site key in a file under target/. */
    public static class TokensRequired implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path key = Files.createDirectories(Path.of("target", "client-identity-test")).resolve("client-tokens.key");
                Files.write(key, KEY);
                return Map.of("acu.rollout.client-tokens.required", "true", "acu.rollout.client-tokens.key-file", key.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void onlyTheClientItselfReadsItsPolicyAndAsksItsGrants() {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("""
                    {"rings": [
                      {"name": "pilot", "clientIds": ["%s", "%s", "%s"], "gate": {"minSample": 100}},
                      {"name": "broad", "rest": true}]}""".formatted(ALICE, BOB, CAROL))
                    .put("/api/rollout-plans/" + PACKAGE).then().statusCode(200);
            send(kafka, manifest(PACKAGE, 4));
            send(kafka, manifest(PACKAGE, 5));
            send(kafka, distribution(PACKAGE, 5, "dp01", DistributionState.INSTALLED));
            eventually(() -> given().auth().oauth2(TestTokens.viewer()).get("/api/rollouts/" + PACKAGE + "/5").then()
                    .body("status", equalTo("RUNNING")).body("rings[0].state", equalTo("ACTIVE")));

            // Alice's policy asked for without her token: 401 (RFC 6750), an operator's JWT is no client token either.
            policy(ALICE, null).statusCode(401).header("WWW-Authenticate", equalTo("Bearer"))
                    .contentType("application/problem+json").body("detail", containsString("rollout needs the client's token"));
            policy(ALICE, "Bearer not-a-token").statusCode(401).body("detail", containsString("is not a client token"));
            policy(ALICE, "Bearer " + TestTokens.admin()).statusCode(401).body("detail", containsString("is not a client token"));
            // Bob's good token for Alice's policy: 403, naming the client at stake.
            policy(ALICE, "Bearer " + TOKENS.issue(BOB)).statusCode(403).body("detail", equalTo("the token presented was not issued to " + ALICE));

            // Nor may anyone ask a grant for Alice.
            grant(ALICE, null).statusCode(401).header("WWW-Authenticate", equalTo("Bearer"));
            grant(ALICE, "Bearer " + TOKENS.issue(CAROL)).statusCode(403);

            // Bob, with his own token, is offered 5 and granted; only his and Carol's offers are recorded (Alice's refused
            // reads were not).
            policy(BOB, "Bearer " + TOKENS.issue(BOB)).statusCode(200).body("offeredVersion", equalTo(5)).body("ring", equalTo("pilot"));
            // A client that names itself in lower case holds the token of that name, as the intake checks it.
            String carolLower = CAROL.toLowerCase(java.util.Locale.ROOT);
            policy(carolLower, "Bearer " + TOKENS.issue(carolLower)).statusCode(200).body("clientId", equalTo(CAROL));
            policy(carolLower, "Bearer " + TOKENS.issue(CAROL)).statusCode(403);
            grant(BOB, "Bearer " + TOKENS.issue(BOB)).statusCode(201).body("distributionPoint", equalTo("dp01"));
            eventually(() -> given().auth().oauth2(TestTokens.viewer()).get("/api/rollouts/" + PACKAGE + "/5").then()
                    .body("rings[0].offered", equalTo(2)).body("rings[0].inProgress", equalTo(2)));
            given().auth().oauth2(TestTokens.viewer()).get("/api/rollouts/distribution-points").then().statusCode(200)
                    .body("find { it.distributionPoint == 'dp01' }.inFlight", equalTo(1));
        }
    }

    private static ValidatableResponse policy(String client, String authorization) {
        var request = given();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.get("/api/client-policy/" + PACKAGE + "?clientId=" + client).then();
    }

    private static ValidatableResponse grant(String client, String authorization) {
        var request = given().contentType(ContentType.JSON)
                .body("{\"packageId\": \"" + PACKAGE + "\", \"packageVersion\": 5, \"clientId\": \"" + client + "\", \"distributionPoint\": \"dp01\"}");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.post("/api/download-grants").then();
    }
}
