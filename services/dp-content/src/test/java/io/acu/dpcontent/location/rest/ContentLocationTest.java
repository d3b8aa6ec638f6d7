package io.acu.dpcontent.location.rest;

import static io.acu.dpcontent.manager.DistributionTest.awaitState;
import static io.acu.dpcontent.manager.DistributionTest.baseUrl;
import static io.acu.dpcontent.manager.DistributionTest.download;
import static io.acu.dpcontent.manager.DistributionTest.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.DistributionState;
import io.acu.dpcontent.DistributionFixture;
import io.acu.dpcontent.Manifests;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The location reply ({@code GET /api/content-locations}) over what was really distributed: dp01 (this service, boundary
 * group BG-HQ and 10.1.0.0/16) and dp02 (BG-Branch and 10.2.0.0/16); dp03-retired is in BG-HQ but disabled.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = DistributionFixture.class)
class ContentLocationTest {

    DistributionFixture fixture;

    @Test
    void eachBoundaryGroupGetsItsOwnDpAndOthersFallBackToAll() throws Exception {
        byte[] setup = Manifests.bytes(401, 5_000);
        send(Manifests.publishAndDescribe(fixture, "CAS00040", 1, Manifests.files("ccmsetup.msi", setup), Manifests.bytes(402, 300)));
        awaitState("CAS00040", 1, "dp01", DistributionState.INSTALLED);
        awaitState("CAS00040", 1, "dp02", DistributionState.INSTALLED);
        String dp01 = baseUrl() + "/SMS_DP_SMSPKG$/CAS00040.1/";
        String dp02 = fixture.dp02Url() + "/SMS_DP_SMSPKG$/CAS00040.1/";

        JsonPath hq = locate("packageId", "CAS00040", "boundaryGroup", "BG-HQ");
        assertThat(hq.getString("packageId")).isEqualTo("CAS00040");
        assertThat(hq.getInt("packageVersion")).isEqualTo(1);
        assertThat(hq.getString("boundaryGroup")).isEqualTo("BG-HQ");
        assertThat(hq.getList("locations", Map.class)).containsExactly(
                Map.of("distributionPoint", "dp01", "url", dp01, "fallback", false));
        assertThat(locate("packageId", "cas00040", "boundaryGroup", "BG-Branch").getList("locations", Map.class)).containsExactly(
                Map.of("distributionPoint", "dp02", "url", dp02, "fallback", false));
        // Unknown boundary group: every enabled DP with the content, as fallback; by address, the subnet's own DP.
        assertThat(locate("packageId", "CAS00040", "boundaryGroup", "BG-Lab").getList("locations", Map.class)).containsExactly(
                Map.of("distributionPoint", "dp01", "url", dp01, "fallback", true),
                Map.of("distributionPoint", "dp02", "url", dp02, "fallback", true));
        assertThat(locate("packageId", "CAS00040", "boundaryGroup", "BG-Lab", "clientIp", "10.2.9.9").getList("locations.distributionPoint"))
                .containsExactly("dp02");
        // The URL is the DP's explicit-version folder: a client downloads from it as it is.
        assertThat(download(hq.getString("locations[0].url") + "ccmsetup.msi")).isEqualTo(setup);
        assertThat(download(dp02 + "ccmsetup.msi")).isEqualTo(setup);

        // v2 reaches dp01 while dp02 is down: the branch falls back to HQ for v2, and still has its own DP for v1.
        fixture.mode(DistributionFixture.Mode.DOWN);
        try {
            send(Manifests.publishAndDescribe(fixture, "CAS00040", 2, Manifests.files("ccmsetup.msi", Manifests.bytes(403, 5_000)),
                    Manifests.bytes(404, 300)));
            awaitState("CAS00040", 2, "dp01", DistributionState.INSTALLED);
            awaitState("CAS00040", 2, "dp02", DistributionState.INSTALL_RETRYING);
            JsonPath branch = locate("packageId", "CAS00040", "boundaryGroup", "BG-Branch");
            assertThat(branch.getInt("packageVersion")).isEqualTo(2);
            assertThat(branch.getList("locations", Map.class)).containsExactly(
                    Map.of("distributionPoint", "dp01", "url", baseUrl() + "/SMS_DP_SMSPKG$/CAS00040.2/", "fallback", true));
            JsonPath branchV1 = locate("packageId", "CAS00040", "boundaryGroup", "BG-Branch", "version", "1");
            assertThat(branchV1.getInt("packageVersion")).isEqualTo(1);
            assertThat(branchV1.getList("locations", Map.class)).containsExactly(
                    Map.of("distributionPoint", "dp02", "url", dp02, "fallback", false));
        } finally {
            fixture.mode(DistributionFixture.Mode.UP);
        }
    }

    @Test
    void unknownPackagesAre404AndBadParametersAre400() {
        given().queryParam("packageId", "CAS0004F").queryParam("boundaryGroup", "BG-HQ").get("/api/content-locations").then()
                .statusCode(404).contentType("application/problem+json");
        for (List<String> params : List.of(List.of("boundaryGroup", "BG-HQ"), List.of("packageId", "NOPE", "boundaryGroup", "BG-HQ"),
                List.of("packageId", "CAS000ZZ", "boundaryGroup", "BG-HQ"), List.of("packageId", "CAS00040"),
                List.of("packageId", "CAS00040", "boundaryGroup", "BG-HQ", "version", "five"),
                List.of("packageId", "CAS00040", "boundaryGroup", "BG-HQ", "version", "0"),
                List.of("packageId", "CAS00040", "clientIp", "dp01.contoso.com"))) {
            var request = given();
            for (int i = 0; i < params.size(); i += 2) {
                request.queryParam(params.get(i), params.get(i + 1));
            }
            JsonPath problem = request.get("/api/content-locations").then().statusCode(400).contentType("application/problem+json")
                    .extract().jsonPath();
            assertThat(problem.getString("detail")).as(params.toString()).isNotBlank();
        }
    }

    private static JsonPath locate(String... params) {
        var request = given();
        for (int i = 0; i < params.length; i += 2) {
            request.queryParam(params[i], params[i + 1]);
        }
        return request.get("/api/content-locations").then().statusCode(200).contentType("application/json").extract().jsonPath();
    }
}
