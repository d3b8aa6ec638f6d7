package io.acu.manifestbuilder;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestItem;
import io.acu.contracts.ManifestUpdated;
import io.acu.formats.Sha256;
import io.acu.formats.cab.CabinetEntry;
import io.acu.formats.cab.CabinetReader;
import io.acu.infra.ExternalTools;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.manifestbuilder.support.Api;
import io.acu.manifestbuilder.support.Fixtures;
import io.acu.infra.quarkus.JwtTestResource;
import io.acu.infra.quarkus.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's story end to end against the real broker and database: CAS00006 v4 (SCEPInstall.exe 4.2.223.0,
 * imported from the shared sample) + an uploaded SCEPInstall.exe whose version resource says 4.3.215.0 → v5 with
 * exactly that item changed, one ManifestUpdated on acu.manifest.updated, a signed cab that cabextract unpacks to
 * the very ccmsetup.xml the API serves, and the file on the source share.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(JwtTestResource.class)
class SeedScenarioTest {

    @TempDir
    Path dir;

    @Test
    void scepHotfixMakesVersion5WithOneChangedItemOneEventAndAnExtractableCab() throws Exception {
        ExternalTools.require("cabextract", "cabextract");
        given().auth().oauth2(TestTokens.admin()).contentType("application/xml").body(Fixtures.ccmsetupBefore())
                .post("/api/packages").then().statusCode(201)
                .body("packageVersion", equalTo(4)).body("origin", equalTo("IMPORT"));

        Path scep = Api.file(Fixtures.SCEP_V5, dir, "SCEPInstall.exe");
        String sha256sum = Fixtures.sha256sum(scep);
        Api.hotfix(Api.metadata("CAS00006")).multiPart("file", scep.toFile(), "application/octet-stream")
                .post("/api/hotfixes").then().statusCode(201)
                .body("outcome", equalTo("CREATED")).body("packageVersion", equalTo(5)).body("previousVersion", equalTo(4))
                .body("changedFiles", contains("SCEPInstall.exe"));

        // Exactly that item changed: new hash = sha256sum of the file, version read from the file.
        given().auth().oauth2(TestTokens.viewer()).get("/api/packages/CAS00006/diff?from=4&to=5").then().statusCode(200)
                .body("items.fileName", contains("SCEPInstall.exe"))
                .body("items[0].change", equalTo("CHANGED"))
                .body("items[0].oldSha256", equalTo("EEBF8FBE6920D51B2728DE6303457F25DE302C1E3A5742ED175D281CAEC276BD"))
                .body("items[0].newSha256", equalTo(sha256sum))
                .body("items[0].oldVersion", equalTo("4.2.223.0"))
                .body("items[0].newVersion", equalTo("4.3.215.0"));

        // One ManifestUpdated for CAS00006 on the topic, announcing v5.
        List<ConsumerRecord<String, byte[]>> records = Api.manifestUpdates("CAS00006", 5, Duration.ofSeconds(30), Duration.ofSeconds(2));
        assertThat(records).hasSize(1);
        EventEnvelope<ManifestUpdated> event = EventJson.decode(records.get(0).value(), ManifestUpdated.class);
        ManifestUpdated updated = event.payload();
        assertThat(event.source()).isEqualTo("manifest-builder");
        assertThat(updated.packageVersion()).isEqualTo(5);
        assertThat(updated.previousPackageVersion()).isEqualTo(4);
        assertThat(updated.kbNumber()).isEqualTo("KB2907566");
        assertThat(updated.clientVersion()).isEqualTo("5.00.7804.1000");
        assertThat(updated.items()).extracting(ManifestItem::fileName)
                .containsExactly("x64/MicrosoftPolicyPlatformSetup.msi", "SCEPInstall.exe", "x64/client.msi");
        assertThat(updated.items()).filteredOn(ManifestItem::changed).containsExactly(
                new ManifestItem("SCEPInstall.exe", sha256sum, "4.3.215.0", Files.size(scep), 17, true));
        assertThat(updated.contentSourceUrl()).endsWith("/source/CAS00006/5/");
        assertThat(updated.cab().verificationKeyUrl()).endsWith("/api/signing-key");

        // The served ccmsetup.xml is what the cab carries, and the cab is what the event describes.
        byte[] xml = given().auth().oauth2(TestTokens.viewer()).accept("application/xml").get("/api/packages/CAS00006/versions/5/manifest")
                .then().statusCode(200).extract().asByteArray();
        assertThat(new String(xml, StandardCharsets.UTF_8)).contains("PackageVersion=\"5\"")
                .contains("FileName=\"SCEPInstall.exe\" FileHash=\"" + sha256sum + "\"")
                .contains("<Property Name=\"Version\" Operator=\"&gt;=\">4.3.215.0</Property>");
        byte[] cab = given().auth().oauth2(TestTokens.withGroups("dp-content", "acu-dp-content")).get("/source/CAS00006/5/ccmsetup.cab").then().statusCode(200)
                .header("ETag", "\"" + updated.cab().sha256() + "\"").extract().asByteArray();
        assertThat(Sha256.compute(cab).hex()).isEqualTo(updated.cab().sha256());
        assertThat((long) cab.length).isEqualTo(updated.cab().sizeBytes());
        Path cabFile = Files.write(dir.resolve("ccmsetup.cab"), cab);
        Path out = Files.createDirectory(dir.resolve("extracted"));
        Process cabextract = new ProcessBuilder("cabextract", "-q", "-d", out.toString(), cabFile.toString()).inheritIO().start();
        assertThat(cabextract.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(cabextract.exitValue()).isZero();
        assertThat(Files.readAllBytes(out.resolve("ccmsetup.xml"))).isEqualTo(xml);
        assertThat(CabinetReader.read(cab)).extracting(CabinetEntry::name).containsExactly("ccmsetup.xml");

        // The signature verifies with the published key.
        String pem = given().get("/api/signing-key").then().statusCode(200).extract().asString();
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(
                Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""))));
        Signature verifier = Signature.getInstance(updated.cab().signatureAlgorithm());
        verifier.initVerify(key);
        verifier.update(cab);
        assertThat(verifier.verify(Base64.getDecoder().decode(updated.cab().signatureBase64()))).isTrue();

        // dp-content can fetch the new file from the source share.
        given().auth().oauth2(TestTokens.withGroups("dp-content", "acu-dp-content")).head("/source/CAS00006/5/SCEPInstall.exe").then().statusCode(200)
                .header("Content-Length", String.valueOf(Files.size(scep))).header("ETag", "\"" + sha256sum + "\"");
        byte[] served = given().auth().oauth2(TestTokens.withGroups("dp-content", "acu-dp-content")).get("/source/CAS00006/5/SCEPInstall.exe").then().statusCode(200)
                .extract().asByteArray();
        assertThat(served).isEqualTo(Files.readAllBytes(scep));
    }
}
