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
import java.net.Socket;
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

    /**
     * The client endpoints are open to the network: a request without a client token is refused at its headers,
     * whatever body it carries (the probe exhausted the heap with six 60 MB bodies), and a grant request's body is
     * bounded and must declare its length.
     */
    @Test
    void oversizedOrUnauthenticatedGrantBodiesAreRefusedBeforeTheyAreRead() throws Exception {
        String megabyte = "{\"packageId\": \"" + "A".repeat(1 << 20) + "\"}";
        given().contentType(ContentType.JSON).body(megabyte).post("/api/download-grants").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer")).header("Connection", equalTo("close"))
                .contentType("application/problem+json").body("detail", containsString("rollout needs the client's token"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TOKENS.issue(ALICE)).body(megabyte.substring(0, 20_000))
                .post("/api/download-grants").then().statusCode(413)
                .body("detail", equalTo("a grant request is at most 16384 bytes; this one declares 20000"));
        // 60 MB declared, none of it sent: refused at the headers, nothing waits for the body.
        org.assertj.core.api.Assertions.assertThat(answerToHead("POST /api/download-grants HTTP/1.1\r\nHost: rollout\r\n"
                + "Content-Type: application/json\r\nContent-Length: 60000000\r\n\r\n"))
                .startsWith("HTTP/1.1 401 Unauthorized\r\n").contains("rollout needs the client's token");
        // A chunked body has no declared length: 411, told what to declare.
        org.assertj.core.api.Assertions.assertThat(answerToHead("POST /api/download-grants HTTP/1.1\r\nHost: rollout\r\n"
                + "Content-Type: application/json\r\nAuthorization: Bearer " + TOKENS.issue(ALICE) + "\r\nTransfer-Encoding: chunked\r\n\r\n"))
                .startsWith("HTTP/1.1 411 Length Required\r\n").contains("must declare its Content-Length");
    }

    /** Sends a request head alone and returns the answer as far as the end of its JSON body. */
    private static String answerToHead(String head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            // Read what has arrived, not to the end: the server answers at once but keeps the connection for the body.
            byte[] buffer = new byte[4096];
            StringBuilder answer = new StringBuilder();
            while (!answer.toString().endsWith("}")) {
                int read = socket.getInputStream().read(buffer);
                if (read < 0) {
                    break;
                }
                answer.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            }
            return answer.toString();
        }
    }

    /**
     * A completed version (here the baseline v4, whose successor waits for content) is granted to a client its policy
     * offers it to, and refused to an excluded one (the probe found an excluded client granted with 201).
     */
    @Test
    void aCompletedVersionIsGrantedOnlyToClientsItsPolicyOffersItTo() {
        String pkg = "CAS00012";
        String dave = "GUID:00000000-0000-0000-0000-000000001204";
        String erin = "GUID:00000000-0000-0000-0000-000000001205";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            send(kafka, manifest(pkg, 5));
            send(kafka, distribution(pkg, 4, "dp01", DistributionState.INSTALLED));
            eventually(() -> given().auth().oauth2(TestTokens.viewer()).get("/api/rollouts?packageId=" + pkg).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.contains("WAITING_FOR_CONTENT", "COMPLETED")));
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.TEXT).body(dave + "\n")
                    .put("/api/settings/client-upgrade/exclusions").then().statusCode(200);
            try {
                given().header("Authorization", "Bearer " + TOKENS.issue(dave)).get("/api/client-policy/" + pkg + "?clientId=" + dave).then()
                        .statusCode(200).body("excluded", equalTo(true)).body("offeredVersion", org.hamcrest.Matchers.nullValue());
                // Once dp01's INSTALLED status of v4 is consumed, Erin (offered the baseline) is granted; Dave is not.
                eventually(() -> grant(pkg, 4, erin).statusCode(org.hamcrest.Matchers.oneOf(200, 201)).body("packageVersion", equalTo(4)));
                grant(pkg, 4, dave).statusCode(409).body("detail", containsString("not offered"));
                grant(pkg, 0, erin).statusCode(400).body("field", equalTo("packageVersion"));
                // Excluded after she was offered and granted: refused as not offered from then on.
                given().auth().oauth2(TestTokens.admin()).contentType(ContentType.TEXT).body(dave + "\n" + erin + "\n")
                        .put("/api/settings/client-upgrade/exclusions").then().statusCode(200);
                grant(pkg, 4, erin).statusCode(409).body("detail", containsString("not offered"));
            } finally {
                given().auth().oauth2(TestTokens.admin()).contentType(ContentType.TEXT).body("")
                        .put("/api/settings/client-upgrade/exclusions").then().statusCode(200);
            }
        }
    }

    private static ValidatableResponse grant(String pkg, int version, String client) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TOKENS.issue(client))
                .body("{\"packageId\": \"" + pkg + "\", \"packageVersion\": " + version + ", \"clientId\": \"" + client
                        + "\", \"distributionPoint\": \"dp01\"}")
                .post("/api/download-grants").then();
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
