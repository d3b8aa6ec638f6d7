package io.acu.dpcontent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestUpdated;
import io.acu.contracts.Topics;
import io.acu.dpcontent.manager.DistributionTest;
import io.acu.formats.Sha256;
import io.acu.infra.KafkaTestClient;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A DP-only instance (the demo's second instance): it serves and accepts content but does not consume
 * {@code acu.manifest.updated}, so it never takes distributions away from the manager.
 */
@QuarkusTest
@TestProfile(DistributionPointOnlyRoleTest.DistributionPointOnly.class)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = DistributionFixture.class)
class DistributionPointOnlyRoleTest {

    /** Manager role off. */
    public static class DistributionPointOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dp-content.roles.manager", "false");
        }
    }

    DistributionFixture fixture;

    @Test
    void servesContentButLeavesManifestsToTheManager() throws Exception {
        byte[] content = Manifests.bytes(55, 2048);
        // Only the distribution manager may change what clients download.
        given().body(content).put("/api/dp/library/" + Sha256.compute(content)).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer");
        given().auth().oauth2("wrong").body(content).put("/api/dp/library/" + Sha256.compute(content)).then().statusCode(401);
        given().auth().oauth2(DistributionFixture.CONTENT_API_TOKEN).body(content).put("/api/dp/library/" + Sha256.compute(content))
                .then().statusCode(201);
        given().auth().oauth2(DistributionFixture.CONTENT_API_TOKEN).contentType("application/json")
                .body("{\"files\":[{\"name\":\"a.exe\",\"sha256\":\"" + Sha256.compute(content) + "\",\"sizeBytes\":2048}]}")
                .put("/api/dp/packages/CAS00030/1").then().statusCode(200);
        assertThat(DistributionTest.download(DistributionTest.baseUrl() + "/SMS_DP_SMSPKG$/CAS00030/a.exe")).isEqualTo(content);

        EventEnvelope<ManifestUpdated> event = Manifests.publishAndDescribe(fixture, "CAS00031", 1,
                Manifests.files("b.exe", Manifests.bytes(56, 100)), Manifests.bytes(57, 100));
        try (KafkaTestClient kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            kafka.send(Topics.MANIFEST_UPDATED, event.key(), EventJson.encodeBytes(event));
        }
        // A manager would have recorded it within a second (see DistributionTest); this instance never does.
        Thread.sleep(3000);
        given().get("/api/distribution/packages/CAS00031/versions/1").then().statusCode(404);
        assertThat(fixture.sourceRequests()).noneMatch(path -> path.startsWith("CAS00031/"));
    }
}
