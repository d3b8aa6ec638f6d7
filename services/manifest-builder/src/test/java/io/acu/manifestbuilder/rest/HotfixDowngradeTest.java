package io.acu.manifestbuilder.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.manifestbuilder.support.Api;
import io.acu.manifestbuilder.support.Fixtures;
import io.acu.infra.quarkus.JwtTestResource;
import io.acu.infra.quarkus.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anti-rollback on the upload API: a SCEPInstall.exe lower than the package's is a 409 naming both versions and
 * leaves the package version alone, until the hotfix says {@code "allowDowngrade": true}.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(JwtTestResource.class)
class HotfixDowngradeTest {

    @TempDir
    Path dir;

    @Test
    void aLowerBuildIsRefusedUntilTheHotfixAllowsTheDowngrade() {
        String pkg = "DWN0000A";
        Api.importPackage(pkg); // v4: SCEPInstall.exe 4.2.223.0
        Path newer = Api.file(Fixtures.SCEP_V5, dir, "new/SCEPInstall.exe");
        Path older = Api.file(Fixtures.SCEP_V4, dir, "old/SCEPInstall.exe");

        Api.hotfix(Api.metadata(pkg)).multiPart("file", newer.toFile()).post("/api/hotfixes").then()
                .statusCode(201).body("packageVersion", equalTo(5));

        Api.hotfix(Api.metadata(pkg)).multiPart("file", older.toFile()).post("/api/hotfixes").then()
                .statusCode(409).contentType("application/problem+json").body("status", equalTo(409))
                .body("detail", equalTo("SCEPInstall.exe 4.2.223.0 is lower than 4.3.215.0 in " + pkg + " v5;"
                        + " set allowDowngrade to apply it"));
        versions(pkg).body("packageVersion", contains(5, 4));

        Api.hotfix(metadata(pkg, "true")).multiPart("file", older.toFile()).post("/api/hotfixes").then()
                .statusCode(201).body("packageVersion", equalTo(6)).body("changedFiles", contains("SCEPInstall.exe"));
        versions(pkg).body("packageVersion", contains(6, 5, 4));
        given().auth().oauth2(TestTokens.viewer()).get("/api/packages/" + pkg + "/versions/6").then().statusCode(200)
                .body("items.find { it.fileName == 'SCEPInstall.exe' }.fileVersion", equalTo("4.2.223.0"));
    }

    @Test
    void allowDowngradeMustBeABoolean() {
        String pkg = "DWN0000B";
        Api.importPackage(pkg);
        Path older = Api.file(Fixtures.SCEP_V4, dir, "SCEPInstall.exe");

        Api.hotfix(metadata(pkg, "\"yes\"")).multiPart("file", older.toFile()).post("/api/hotfixes").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("metadata is not valid: field 'allowDowngrade' must be true or false"));
        versions(pkg).body("packageVersion", contains(4));
    }

    private static String metadata(String pkg, String allowDowngrade) {
        String minimal = Api.metadata(pkg);
        return minimal.substring(0, minimal.length() - 1) + ",\"allowDowngrade\":" + allowDowngrade + "}";
    }

    private static ValidatableResponse versions(String pkg) {
        return given().auth().oauth2(TestTokens.viewer()).get("/api/packages/" + pkg + "/versions").then().statusCode(200);
    }
}
