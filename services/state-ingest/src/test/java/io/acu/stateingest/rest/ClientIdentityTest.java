package io.acu.stateingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.contracts.client.ClientTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The management point's intake with client tokens required, as shipped: a client writes only its own state. A
 * report with its own client's token is accepted; one that names another client ID (the forged "installed" of the
 * review: any caller could keep any client "installed") is 403; one without a token is 401 with
 * {@code WWW-Authenticate: Bearer}.
 */
@QuarkusTest
@TestProfile(ClientIdentityTest.TokensRequired.class)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class ClientIdentityTest {

    static final byte[] SITE_KEY = "client-identity-test site key, 32+ bytes".getBytes(StandardCharsets.UTF_8);
    static final ClientTokens TOKENS = new ClientTokens(SITE_KEY);
    static final String VICTIM = "GUID:7E57C11E-0000-4000-8000-000000000001";
    static final String ATTACKER = "GUID:7E57C11E-0000-4000-8000-000000000002";

    /** Tokens required, the site key in a file as a mounted Secret would be. */
    public static class TokensRequired implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path key = Files.createTempFile("acu-client-tokens", ".key");
                Files.write(key, SITE_KEY);
                key.toFile().deleteOnExit();
                return Map.of("acu.intake.client-tokens.required", "true", "acu.intake.client-tokens.key-file", key.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void aClientWritesOnlyItsOwnState() throws InterruptedException {
        post(VICTIM, "Bearer " + TOKENS.issue(VICTIM)).statusCode(202);
        post(VICTIM, "Bearer " + TOKENS.issue(ATTACKER)).statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("the token presented was not issued to " + VICTIM + ", the client ID this report names"));
        post(VICTIM, null).statusCode(401).header("WWW-Authenticate", "Bearer")
                .body("detail", containsString("this intake needs the client's token"));
        post(VICTIM, "Basic dXNlcjpwYXNz").statusCode(401);
        // Only the accepted report was stored, marked as sent by the client itself.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (given().get("/api/clients/" + VICTIM).statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        given().get("/api/clients/" + VICTIM).then().statusCode(200).body("history.size()", equalTo(1))
                .body("history[0].stateId", equalTo(3)).body("history[0].authenticatedSender", equalTo(true));
    }

    private static io.restassured.response.ValidatableResponse post(String clientId, String authorization) {
        String report = """
                {"clientId": "%s", "netbiosName": "WKS-7E57", "clientVersion": "5.00.7804.1000",
                 "messages": [{"messageTime": "20261129100000.000000+000", "serialNumber": 1, "topicType": 2001,
                 "topicId": "{9BCF7827-E04F-4C3A-8D8C-B943316A2D7F}", "stateId": 3, "userParameters": ["4.3.215.0", "0x00000000"]}]}
                """.formatted(clientId);
        var request = given().contentType("application/json").body(report);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.post("/api/state-messages").then();
    }
}
