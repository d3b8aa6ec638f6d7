package io.acu.rollout.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.acu.contracts.EventJson;
import io.acu.contracts.Topics;
import io.acu.infra.KafkaTestClient;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.infra.quarkus.JwtTestResource;
import io.acu.infra.quarkus.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * An excluded collection of 1,000,000 clients (issue: exclusions of any size live in rollout's tables, never in an
 * event or the client policy): stored through the text endpoint, counted in the settings, and each client's policy
 * says only whether <em>it</em> is excluded.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = JwtTestResource.class, parallel = true)
class ExclusionsAtScaleTest {

    static final int CLIENTS = 1_000_000;
    static final String PACKAGE = "EXC00001";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aMillionExcludedClientsAreStoredAndEachPolicyAnswersForItsOwnClient() {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            var v1 = RolloutLoopTest.manifest(4);
            var p = v1.payload();
            var event = io.acu.contracts.EventEnvelope.of(new io.acu.contracts.ManifestUpdated(PACKAGE, 1, null, p.clientVersion(),
                    p.minimumAssignableSiteVersion(), null, p.items(), p.cab(), p.contentSourceUrl()),
                    "manifest-builder", java.time.Instant.now());
            kafka.send(Topics.MANIFEST_UPDATED, event.key(), EventJson.encodeBytes(event));
        }
        StringBuilder body = new StringBuilder(CLIENTS * 42);
        for (int i = 0; i < CLIENTS; i++) {
            body.append(id(i)).append('\n');
        }
        try {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.TEXT).body(body.toString())
                    .put("/api/settings/client-upgrade/exclusions")
                    .then().statusCode(200).body("excludedClients", equalTo(CLIENTS));
            given().auth().oauth2(TestTokens.viewer()).get("/api/settings/client-upgrade").then().statusCode(200)
                    .body("excludedClients", equalTo(CLIENTS));
            RolloutLoopTest.eventually(() -> given().get("/api/client-policy/" + PACKAGE + "?clientId=" + id(999_999).toLowerCase(Locale.ROOT))
                    .then().statusCode(200).body("excluded", equalTo(true)).body("offeredVersion", nullValue())
                    .body("reason", containsString("excluded")));
            given().get("/api/client-policy/" + PACKAGE + "?clientId=GUID:FFFFFFFF-0000-0000-0000-000000000001").then().statusCode(200)
                    .body("excluded", equalTo(false)).body("offeredVersion", equalTo(1))
                    .body(org.hamcrest.Matchers.not(containsString(id(0))));
        } finally {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.TEXT).body("").put("/api/settings/client-upgrade/exclusions")
                    .then().statusCode(200).body("excludedClients", equalTo(0));
        }
    }

    private static String id(int i) {
        return String.format(Locale.ROOT, "GUID:EEEEEEEE-0000-0000-0000-%012X", i);
    }
}
