package io.acu.manifestbuilder.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad hotfix gets a 4xx problem with its reason, and leaves nothing behind: no staged or stored
 * file, no new package version.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(JwtTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotfixBadInputTest {

    private static final String PACKAGE = "BAD0000B";
    private static final Path LIBRARY = Path.of("target", "source-library");

    @TempDir
    Path dir;

    private boolean imported;

    @BeforeEach
    void importOnce() {
        if (!imported) {
            Api.importPackage(PACKAGE);
            imported = true;
        }
    }

    @Test
    void anEmptyUploadIsRefused() {
        refused(Api.hotfix(Api.metadata(PACKAGE)).post("/api/hotfixes").then(), 400, "the hotfix has no files");
    }

    @Test
    void aTruncatedMultipartBodyIsABadRequestNotAServerError() {
        // The body stops inside the file part: no closing boundary (a client cut off mid-upload).
        String body = "--XYZ\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
                + Api.metadata(PACKAGE) + "\r\n--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"SCEPInstall.exe\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\nMZ\u0090\u0000 cut off here";
        refused(given().auth().oauth2(TestTokens.admin()).contentType("multipart/form-data; boundary=XYZ").body(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .post("/api/hotfixes").then(), 400, "the multipart body is incomplete: it ended before its closing boundary; send the whole upload again");
    }

    @Test
    void nullMetadataIsRefusedNotACrash() throws Exception {
        refused(given().auth().oauth2(TestTokens.admin()).multiPart("metadata", "null", "application/json")
                .multiPart("file", Api.file(new byte[] {1}, dir, "a.txt").toFile())
                .post("/api/hotfixes").then(), 400, "metadata is null; it must be a JSON object with kbNumber, title, packageId");
    }

    @Test
    void anUploadWithoutMetadataIsRefused() throws Exception {
        refused(given().auth().oauth2(TestTokens.admin()).multiPart("file", Api.file(new byte[] {1}, dir, "a.txt").toFile())
                .post("/api/hotfixes").then(), 400, "the 'metadata' part (JSON with kbNumber, title, packageId) is missing");
    }

    @Test
    void duplicateFileNamesAreRefused() throws Exception {
        Path one = Api.file(Fixtures.SCEP_V5, dir, "SCEPInstall.exe");
        refused(Api.hotfix(Api.metadata(PACKAGE)).multiPart("a", one.toFile()).multiPart("b", "scepinstall.EXE", Files.readAllBytes(one))
                .post("/api/hotfixes").then(), 400, "duplicate file name 'scepinstall.EXE'");
    }

    @Test
    void pathLikeNamesAreRefused() {
        refused(Api.hotfix(Api.metadata(PACKAGE)).multiPart("file", "../x.exe", new byte[] {'M', 'Z'})
                .post("/api/hotfixes").then(), 400,
                "file name '../x.exe' is path-like: segments must be plain names (no empty, '.', '..' or trailing dot/space)");
    }

    @Test
    void aFileOverTheLimitIsRefused() {
        byte[] big = new byte[1024 * 1024 + 1];
        refused(Api.hotfix(metadataWithVersion("big.bin", "1.0.0.0")).multiPart("file", "big.bin", big)
                .post("/api/hotfixes").then(), 413, "big.bin is larger than the limit of 1048576 bytes");
    }

    @Test
    void aPeWithoutVersionResourceIsRefused() {
        refused(Api.hotfix(Api.metadata(PACKAGE)).multiPart("file", "SCEPInstall.exe", Fixtures.bytes(Fixtures.NO_VERSION))
                .post("/api/hotfixes").then(), 422,
                "SCEPInstall.exe has no version resource (VS_VERSIONINFO); a PE file must carry its FileVersion");
    }

    @Test
    void aMismatchedDeclaredHashIsRefused() {
        String wrong = "EEBF8FBE6920D51B2728DE6303457F25DE302C1E3A5742ED175D281CAEC276BD";
        String metadata = "{\"kbNumber\":\"KB1\",\"title\":\"t\",\"packageId\":\"" + PACKAGE + "\",\"files\":[{\"fileName\":\"SCEPInstall.exe\",\"sha256\":\""
                + wrong + "\"}]}";
        refused(Api.hotfix(metadata).multiPart("file", "SCEPInstall.exe", Fixtures.bytes(Fixtures.SCEP_V5)).post("/api/hotfixes").then(), 422,
                "SCEPInstall.exe: declared sha256 " + wrong + " but the file hashes to 2D2F5AEC224CBC35A50DC3FE71637CF751073512D39F729E12AD8BAC2675708A");
    }

    @Test
    void aDeclaredVersionThatContradictsThePeIsRefused() {
        refused(Api.hotfix(metadataWithVersion("SCEPInstall.exe", "4.3.216.0")).multiPart("file", "SCEPInstall.exe", Fixtures.bytes(Fixtures.SCEP_V5))
                .post("/api/hotfixes").then(), 422,
                "SCEPInstall.exe: declared fileVersion 4.3.216.0 but the file's version resource says 4.3.215.0");
    }

    @Test
    void anUnknownFileTypeNeedsAVersion() {
        refused(Api.hotfix(Api.metadata(PACKAGE)).multiPart("file", "readme.txt", new byte[] {1, 2})
                .post("/api/hotfixes").then(), 422,
                "readme.txt: acu cannot read a version from this file type; declare fileVersion in the hotfix metadata");
    }

    @Test
    void aMalformedPackageIdIsRefused() {
        refused(Api.hotfix(Api.metadata("CAS0006")).multiPart("file", "SCEPInstall.exe", Fixtures.bytes(Fixtures.SCEP_V5))
                .post("/api/hotfixes").then(), 400, null);
        given().auth().oauth2(TestTokens.viewer()).get("/api/packages/CAS0006/versions").then().statusCode(400);
    }

    @Test
    void anUnknownPackageIsRefused() {
        refused(Api.hotfix(Api.metadata("XYZ0FFFF")).multiPart("file", "SCEPInstall.exe", Fixtures.bytes(Fixtures.SCEP_V5))
                .post("/api/hotfixes").then(), 404,
                "package XYZ0FFFF is not known to manifest-builder; import its manifest first (POST /api/packages)");
    }

    @Test
    void metadataForAFileNotUploadedIsRefused() {
        String metadata = "{\"kbNumber\":\"KB1\",\"title\":\"t\",\"packageId\":\"" + PACKAGE + "\",\"files\":[{\"fileName\":\"other.exe\"}]}";
        refused(Api.hotfix(metadata).multiPart("file", "SCEPInstall.exe", Fixtures.bytes(Fixtures.SCEP_V5)).post("/api/hotfixes").then(), 400,
                "metadata describes files that were not uploaded: [other.exe]");
    }

    private static String metadataWithVersion(String fileName, String version) {
        return "{\"kbNumber\":\"KB1\",\"title\":\"t\",\"packageId\":\"" + PACKAGE + "\",\"files\":[{\"fileName\":\"" + fileName
                + "\",\"fileVersion\":\"" + version + "\"}]}";
    }

    /** Asserts the problem, then that nothing was kept: no staged file, no version beyond the imported v4. */
    private static void refused(ValidatableResponse response, int status, String detail) {
        response.statusCode(status).contentType("application/problem+json").body("status", equalTo(status));
        if (detail != null) {
            response.body("detail", equalTo(detail));
        }
        try (Stream<Path> staged = Files.list(LIBRARY.resolve(".staging"))) {
            assertThat(staged.toList()).isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        given().auth().oauth2(TestTokens.viewer()).get("/api/packages/" + PACKAGE + "/versions").then().statusCode(200)
                .body("packageVersion", org.hamcrest.Matchers.contains(4));
    }
}
