package io.acu.manifestbuilder.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.acu.formats.ccmsetup.CcmSetupXml;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.manifestbuilder.support.Api;
import io.acu.manifestbuilder.support.Fixtures;
import io.acu.infra.quarkus.JwtTestResource;
import io.acu.infra.quarkus.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read API, the no-op hotfix, import conflicts, and who may call what (401 without a token, 403 without the role). */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(JwtTestResource.class)
class ReadApiAndSecurityTest {

    private static final String PACKAGE = "RDA0000C";

    @TempDir
    Path dir;

    @Test
    void readApiShowsVersionsManifestsAndDiffsAndARepeatedHotfixIsANoOp() {
        Api.importPackage(PACKAGE);
        given().auth().oauth2(TestTokens.admin()).contentType("application/xml").body(Api.manifestFor(PACKAGE)).post("/api/packages")
                .then().statusCode(409).body("detail", equalTo("package " + PACKAGE + " already exists at version 4"));
        given().auth().oauth2(TestTokens.admin()).contentType("application/xml").body("<CcmSetup/>").post("/api/packages")
                .then().statusCode(400).body("detail", startsWith("ccmsetup.xml: "));
        // An imported item name must stay inside the package, and the version must leave room for hotfixes.
        String escaping = new String(Api.manifestFor("ABC00001"), java.nio.charset.StandardCharsets.UTF_8).replaceFirst("FileName=\"[^\"]+\"", "FileName=\"../../evil.exe\"");
        given().auth().oauth2(TestTokens.admin()).contentType("application/xml").body(escaping).post("/api/packages")
                .then().statusCode(400).body("detail", containsString("../../evil.exe"));
        String overflowing = new String(Api.manifestFor("ABC00002"), java.nio.charset.StandardCharsets.UTF_8).replaceFirst("PackageVersion=\"\\d+\"", "PackageVersion=\"2147483647\"");
        given().auth().oauth2(TestTokens.admin()).contentType("application/xml").body(overflowing).post("/api/packages")
                .then().statusCode(400).body("detail", containsString("PackageVersion 2147483647"));

        Path scep = Api.file(Fixtures.SCEP_V5, dir, "SCEPInstall.exe");
        // A metadata part well over Vert.x's 2 KB form-field default (a hotfix describing many files) is accepted.
        String longMetadata = Api.metadata(PACKAGE).replace("Endpoint Protection client update 4.3.215.0", "SCEP 4.3.215.0 " + "x".repeat(6_000));
        Api.hotfix(longMetadata).multiPart("file", scep.toFile()).post("/api/hotfixes").then().statusCode(201)
                .body("packageVersion", equalTo(5));
        // Same file again: same hash, nothing changes.
        Api.hotfix(Api.metadata(PACKAGE)).multiPart("file", scep.toFile()).post("/api/hotfixes").then().statusCode(200)
                .body("outcome", equalTo("UNCHANGED")).body("packageVersion", equalTo(5)).body("previousVersion", nullValue());

        given().auth().oauth2(TestTokens.viewer()).get("/api/packages").then().statusCode(200)
                .body("findAll { it.packageId == '" + PACKAGE + "' }.latestVersion", contains(5));
        given().auth().oauth2(TestTokens.viewer()).get("/api/packages/" + PACKAGE + "/versions").then().statusCode(200)
                .body("packageVersion", contains(5, 4))
                .body("[0].kbNumber", equalTo("KB2907566")).body("[0].origin", equalTo("HOTFIX"))
                .body("[0].items.findAll { it.changed }.fileName", contains("SCEPInstall.exe"))
                .body("[0].items.find { it.fileName == 'SCEPInstall.exe' }.sizeBytes", equalTo(15872))
                .body("[1].origin", equalTo("IMPORT"));
        given().auth().oauth2(TestTokens.viewer()).accept("application/json").get("/api/packages/" + PACKAGE + "/versions/5/manifest")
                .then().statusCode(200)
                .body("packageVersion", equalTo(5)).body("packageId", equalTo(PACKAGE))
                .body("items.fileName", contains("x64/MicrosoftPolicyPlatformSetup.msi", "SCEPInstall.exe", "x64/client.msi"))
                .body("items[1].version", equalTo("4.3.215.0")).body("items[1].versionOperator", equalTo(">="))
                .body("items[0].optionalParams", equalTo("/qn"));
        byte[] v4 = given().auth().oauth2(TestTokens.viewer()).accept("application/xml").get("/api/packages/" + PACKAGE + "/versions/4/manifest")
                .then().statusCode(200).extract().asByteArray();
        // The imported version's manifest is the sample as ccmsetup.xml writes it (no comment), PackageVersion unchanged.
        assertThat(new String(v4, StandardCharsets.UTF_8)).isEqualTo(new String(CcmSetupXml.write(CcmSetupXml.read(Api.manifestFor(PACKAGE))),
                StandardCharsets.UTF_8));
        given().auth().oauth2(TestTokens.viewer()).get("/api/packages/" + PACKAGE + "/diff?from=5&to=4").then().statusCode(200)
                .body("items[0].newVersion", equalTo("4.2.223.0"));
        given().auth().oauth2(TestTokens.viewer()).get("/api/packages/" + PACKAGE + "/diff?from=4").then().statusCode(400);
        given().auth().oauth2(TestTokens.viewer()).get("/api/packages/" + PACKAGE + "/versions/9/manifest").then().statusCode(404)
                .body("detail", equalTo("package " + PACKAGE + " has no version 9"));
        given().auth().oauth2(TestTokens.viewer()).get("/api/packages/ABC0FFFF/versions").then().statusCode(404);
        // A version that is not a number matches no resource: a 404 problem, not an empty body.
        given().auth().oauth2(TestTokens.viewer()).get("/api/packages/" + PACKAGE + "/versions/abc").then().statusCode(404)
                .contentType("application/problem+json").body("title", equalTo("Not Found"))
                .body("detail", equalTo("nothing at GET /api/packages/" + PACKAGE + "/versions/abc; see /q/openapi for the paths of this service"));

        // Source share: items of the imported manifest have no content here; unknown files are 404.
        given().auth().oauth2(TestTokens.withGroups("dp-content", "acu-dp-content")).get("/source/" + PACKAGE + "/5/x64/client.msi").then().statusCode(404)
                .body("detail", startsWith("the content of x64/client.msi"));
        given().auth().oauth2(TestTokens.withGroups("dp-content", "acu-dp-content")).get("/source/" + PACKAGE + "/5/nothing.exe").then().statusCode(404);
    }

    @Test
    void concurrentHotfixesOfOnePackageGetConsecutiveVersions() throws Exception {
        String pkg = "CON0000F";
        Api.importPackage(pkg);
        Path v4 = Api.file(Fixtures.SCEP_V4, dir, "a/SCEPInstall.exe");
        Path v5 = Api.file(Fixtures.SCEP_V5, dir, "b/SCEPInstall.exe");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            // Either may take the lock first: when 4.3.215.0 lands first, 4.2.223.0 is a downgrade (409 unless allowed),
            // so the older build allows it; the order of the two versions is not what this test is about.
            String allowingDowngrade = Api.metadata(pkg).replaceFirst("}$", ",\"allowDowngrade\":true}");
            var first = pool.submit(() -> Api.hotfix(allowingDowngrade).multiPart("file", v4.toFile()).post("/api/hotfixes").statusCode());
            var second = pool.submit(() -> Api.hotfix(Api.metadata(pkg)).multiPart("file", v5.toFile()).post("/api/hotfixes").statusCode());
            // The row lock on the newest version serialises the two rebuilds: both succeed, one after the other.
            assertThat(java.util.List.of(first.get(), second.get())).containsExactly(201, 201);
        } finally {
            pool.shutdown();
        }
        given().auth().oauth2(TestTokens.viewer()).get("/api/packages/" + pkg + "/versions").then().statusCode(200)
                .body("packageVersion", contains(6, 5, 4)).body("previousVersion", contains(5, 4, null));
    }

    @Test
    void anMsiInASubfolderBecomesANewItemWithItsProductVersion() {
        String pkg = "MSI0000A";
        Api.importPackage(pkg);
        Api.hotfix(Api.metadata(pkg)).multiPart("file", "x64/WindowsUpdateAgent.msi", Fixtures.bytes("msi/WindowsUpdateAgent.msi"))
                .post("/api/hotfixes").then().statusCode(201).body("changedFiles", contains("x64/WindowsUpdateAgent.msi"));
        given().auth().oauth2(TestTokens.viewer()).accept("application/json").get("/api/packages/" + pkg + "/versions/5/manifest")
                .then().statusCode(200)
                .body("items[3].fileName", equalTo("x64/WindowsUpdateAgent.msi"))
                .body("items[3].version", equalTo("7.6.7600.256"))
                .body("items[3].installationType", equalTo("MSI"))
                .body("items[3].installOrder", equalTo(21))
                .body("items[3].discoveryIdentifier", equalTo("%windir%\\ccmsetup\\x64\\WindowsUpdateAgent.msi"));
        given().auth().oauth2(TestTokens.withGroups("dp-content", "acu-dp-content")).get("/source/" + pkg + "/5/x64/WindowsUpdateAgent.msi").then().statusCode(200)
                .header("Content-Length", String.valueOf(Fixtures.bytes("msi/WindowsUpdateAgent.msi").length));
    }

    @Test
    void theConfiguredSeedManifestWasImportedAtStart() {
        // %test.acu.seed.manifests names src/test/resources/samples/ccmsetup-seed.xml (package SEE0000F, v4).
        given().auth().oauth2(TestTokens.viewer()).get("/api/packages/SEE0000F/versions").then().statusCode(200)
                .body("packageVersion", contains(4)).body("[0].origin", equalTo("IMPORT"))
                .body("[0].items.fileName", contains("x64/MicrosoftPolicyPlatformSetup.msi", "SCEPInstall.exe", "x64/client.msi"));
    }

    @Test
    void writesNeedTheAdminRoleReadsAViewerAndTheShareDpContent() {
        given().contentType("application/xml").body(Api.manifestFor("SEC00001")).post("/api/packages").then().statusCode(401);
        given().auth().oauth2(TestTokens.viewer()).contentType("application/xml").body(Api.manifestFor("SEC00001")).post("/api/packages")
                .then().statusCode(403);
        given().multiPart("metadata", Api.metadata("SEC00001"), "application/json").post("/api/hotfixes").then().statusCode(401);
        given().auth().oauth2(TestTokens.withGroups("dp-content", "acu-dp-content")).multiPart("metadata", Api.metadata("SEC00001"), "application/json")
                .post("/api/hotfixes").then().statusCode(403);
        given().auth().oauth2("not.a.token").get("/api/packages").then().statusCode(401);
        given().get("/api/packages").then().statusCode(401);
        // Right issuer and key, but issued to another application: the audience is checked.
        given().auth().oauth2(TestTokens.forAudience("another-app", "admin@acu.test", "acu-admin")).get("/api/packages").then().statusCode(401);
        given().auth().oauth2(TestTokens.admin()).get("/api/packages").then().statusCode(200);
        given().auth().oauth2(TestTokens.withGroups("dp-content", "acu-dp-content")).get("/api/packages").then().statusCode(403);
        given().auth().oauth2(TestTokens.withGroups("nobody")).get("/api/packages").then().statusCode(403);
        given().auth().oauth2(TestTokens.viewer()).get("/api/packages").then().statusCode(200);
        given().auth().oauth2(TestTokens.admin()).get("/api/packages").then().statusCode(200);
        given().get("/source/CAS00006/5/ccmsetup.cab").then().statusCode(401);
        given().auth().oauth2(TestTokens.viewer()).get("/source/CAS00006/5/ccmsetup.cab").then().statusCode(403);
        given().get("/api/signing-key").then().statusCode(200).body(startsWith("-----BEGIN PUBLIC KEY-----"));
        given().get("/q/openapi").then().statusCode(200).body(org.hamcrest.Matchers.containsString("/api/hotfixes"));
    }

    @Test
    void theClientUpgradeSettingsAndClientPolicyAreRolloutsNow() {
        given().auth().oauth2(TestTokens.admin()).get("/api/settings/client-upgrade").then().statusCode(404);
        given().get("/api/client-policy/CAS00006").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("/api/settings/client-upgrade")))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("/api/client-policy")));
    }

    @Test
    void refusalsOfAuthAndMediaTypeAreProblemsWithAReason() {
        given().get("/api/packages").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer").body("status", equalTo(401))
                .body("detail", equalTo("a valid bearer token of the site is required (Authorization: Bearer <token>)"));
        var invalidToken = given().auth().oauth2("not.a.token").get("/api/packages").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401)).extract();
        assertThat(invalidToken.headers().getValues("WWW-Authenticate")).hasSize(1);
        given().auth().oauth2(TestTokens.admin()).delete("/api/packages").then().statusCode(405)
                .contentType("application/problem+json").body("title", equalTo("Method Not Allowed"))
                .body("detail", equalTo("method DELETE is not allowed on /api/packages; see /q/openapi for the methods of each endpoint"));
        given().auth().oauth2(TestTokens.admin()).accept("text/plain").get("/api/packages").then().statusCode(406)
                .contentType("application/problem+json").body("status", equalTo(406));
        given().auth().oauth2(TestTokens.viewer()).contentType("application/xml").body(Api.manifestFor("SEC00002")).post("/api/packages")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403))
                .body("detail", equalTo("the token's groups do not include the role this action needs (acu-admin for changes, acu-viewer to read)"));
        given().auth().oauth2(TestTokens.admin()).contentType("image/png").body(new byte[] {1, 2, 3}).post("/api/packages")
                .then().statusCode(415).contentType("application/problem+json").body("status", equalTo(415))
                .body("detail", equalTo("Content-Type 'image/png' is not accepted here; see /q/openapi for the media types of each endpoint"));
    }
}
