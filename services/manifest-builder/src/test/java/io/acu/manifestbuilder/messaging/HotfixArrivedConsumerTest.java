package io.acu.manifestbuilder.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.HotfixArrived;
import io.acu.contracts.HotfixFile;
import io.acu.contracts.ManifestUpdated;
import io.acu.contracts.Topics;
import io.acu.formats.Sha256;
import io.acu.infra.KafkaTestClient;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HotfixArrived on the real broker: content already in the source library becomes a new version with one
 * ManifestUpdated; a redelivery changes nothing; junk and refused hotfixes (a downgrade among them) land on the
 * dead-letter topic with their cause.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(JwtTestResource.class)
class HotfixArrivedConsumerTest {

    private static final String PACKAGE = "HFX0000D";
    /** manifest-builder's own dead-letter topic of acu.hotfix.arrived. */
    private static final String DEAD_LETTERS = Topics.HOTFIX_ARRIVED_BY_MANIFEST_BUILDER.deadLetterTopic();

    @TempDir
    Path dir;

    @Test
    void anEventForLibraryContentBuildsAVersionOnceAndJunkIsDeadLettered() throws Exception {
        // Put SCEPInstall.exe 4.3.215.0 into the library by uploading it for another package.
        Api.importPackage("HFY0000E");
        Path scep = Api.file(Fixtures.SCEP_V5, dir, "SCEPInstall.exe");
        Api.hotfix(Api.metadata("HFY0000E")).multiPart("file", scep.toFile()).post("/api/hotfixes").then().statusCode(201);
        Api.importPackage(PACKAGE);

        String sha = Sha256.compute(scep).hex();
        EventEnvelope<HotfixArrived> event = EventEnvelope.of(new HotfixArrived("KB2907566", "Endpoint Protection client update",
                "SCEP", PACKAGE, List.of(new HotfixFile("SCEPInstall.exe", sha, null, null, null, null)), null), "patch-feed", Instant.now());
        EventEnvelope<HotfixArrived> unknownPackage = EventEnvelope.of(new HotfixArrived("KB1", "t", "SCEP", "ZZZ0FFFF",
                List.of(new HotfixFile("SCEPInstall.exe", sha, null, null, null, null)), null), "patch-feed", Instant.now());
        byte[] junk = "{\"type\":\"HotfixArrived\",\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8);
        try (KafkaTestClient kafka = new KafkaTestClient(Api.bootstrapServers())) {
            kafka.send(Topics.HOTFIX_ARRIVED, "SCEP", EventJson.encodeBytes(event));
            kafka.send(Topics.HOTFIX_ARRIVED, "SCEP", EventJson.encodeBytes(event));
            kafka.send(Topics.HOTFIX_ARRIVED, "SCEP", junk);
            kafka.send(Topics.HOTFIX_ARRIVED, "SCEP", EventJson.encodeBytes(unknownPackage));
        }
        List<ConsumerRecord<String, byte[]>> dead = Api.deadLetters(DEAD_LETTERS, "SCEP", 2, Duration.ofSeconds(30));
        assertThat(dead).hasSize(2);
        Map<String, String> reasons = dead.stream().collect(Collectors.toMap(r -> new String(r.value(), StandardCharsets.UTF_8),
                HotfixArrivedConsumerTest::reason));
        assertThat(reasons.get(new String(junk, StandardCharsets.UTF_8))).startsWith("Invalid HotfixArrived v1 event:");
        assertThat(reasons.get(EventJson.encode(unknownPackage)))
                .isEqualTo("package ZZZ0FFFF is not known to manifest-builder; import its manifest first (POST /api/packages)");
        // Records of one key are consumed in order: both copies of the event were handled before the junk.
        List<ConsumerRecord<String, byte[]>> updates = Api.manifestUpdates(PACKAGE, 5, Duration.ofSeconds(30), Duration.ofSeconds(2));
        assertThat(updates).hasSize(1);
        ManifestUpdated updated = EventJson.decode(updates.get(0).value(), ManifestUpdated.class).payload();
        assertThat(updated.items()).filteredOn(i -> i.changed()).extracting(i -> i.sha256() + " " + i.fileVersion())
                .containsExactly(sha + " 4.3.215.0");
        given().auth().oauth2(TestTokens.viewer()).get("/api/packages/" + PACKAGE + "/versions").then().statusCode(200)
                .body("packageVersion", contains(5, 4)).body("[0].kbNumber", equalTo("KB2907566"));
    }

    @Test
    void aLowerBuildIsDeadLetteredWithBothVersionsUnlessTheEventAllowsTheDowngrade() throws Exception {
        String pkg = "HFD0000A";
        Api.importPackage(pkg); // v4: SCEPInstall.exe 4.2.223.0
        Api.hotfix(Api.metadata(pkg)).multiPart("file", Api.file(Fixtures.SCEP_V5, dir, "new/SCEPInstall.exe").toFile())
                .post("/api/hotfixes").then().statusCode(201).body("packageVersion", equalTo(5));
        // Put the 4.2.223.0 build into the library through another package, where it is no downgrade.
        Api.importPackage("HFD0000B");
        Path older = Api.file(Fixtures.SCEP_V4, dir, "old/SCEPInstall.exe");
        Api.hotfix(Api.metadata("HFD0000B")).multiPart("file", older.toFile()).post("/api/hotfixes").then().statusCode(201);

        List<HotfixFile> files = List.of(new HotfixFile("SCEPInstall.exe", Sha256.compute(older).hex(), null, null, null, null));
        EventEnvelope<HotfixArrived> refused = EventEnvelope.of(new HotfixArrived("KB1", "rollback", "EPP", pkg, files, null),
                "patch-feed", Instant.now());
        EventEnvelope<HotfixArrived> allowed = EventEnvelope.of(new HotfixArrived("KB1", "rollback", "EPP", pkg, files, true),
                "patch-feed", Instant.now());
        try (KafkaTestClient kafka = new KafkaTestClient(Api.bootstrapServers())) {
            kafka.send(Topics.HOTFIX_ARRIVED, "EPP", EventJson.encodeBytes(refused));
            kafka.send(Topics.HOTFIX_ARRIVED, "EPP", EventJson.encodeBytes(allowed));
        }

        List<ConsumerRecord<String, byte[]>> dead = Api.deadLetters(DEAD_LETTERS, "EPP", 1, Duration.ofSeconds(30));
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly(EventJson.encode(refused));
        assertThat(reason(dead.get(0)))
                .isEqualTo("SCEPInstall.exe 4.2.223.0 is lower than 4.3.215.0 in " + pkg + " v5; set allowDowngrade to apply it");
        assertThat(Api.manifestUpdates(pkg, 6, Duration.ofSeconds(30), Duration.ZERO))
                .extracting(r -> EventJson.decode(r.value(), ManifestUpdated.class).payload().packageVersion()).containsExactly(5, 6);
        given().auth().oauth2(TestTokens.viewer()).get("/api/packages/" + pkg + "/versions").then().statusCode(200)
                .body("packageVersion", contains(6, 5, 4));
    }

    @Test
    void aSourceUrlOutsideTheAllowedBasesIsDeadLetteredWithoutBeingFetched() throws Exception {
        // No allowed base is configured in tests: an event naming the cloud metadata service, or any other URL, is
        // input to refuse, not an instruction to follow.
        String pkg = "HFS0000A";
        Api.importPackage(pkg);
        String url = "http://169.254.169.254/latest/meta-data/iam/security-credentials/SCEPInstall.exe";
        EventEnvelope<HotfixArrived> event = EventEnvelope.of(new HotfixArrived("KB3", "fetch me", "SSRF", pkg,
                List.of(new HotfixFile("SCEPInstall.exe", null, url, null, null, null)), null), "patch-feed", Instant.now());
        try (KafkaTestClient kafka = new KafkaTestClient(Api.bootstrapServers())) {
            kafka.send(Topics.HOTFIX_ARRIVED, "SSRF", EventJson.encodeBytes(event));
        }
        List<ConsumerRecord<String, byte[]>> dead = Api.deadLetters(DEAD_LETTERS, "SSRF", 1, Duration.ofSeconds(30));
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly(EventJson.encode(event));
        assertThat(reason(dead.get(0))).isEqualTo("SCEPInstall.exe: sourceUrl " + url + " is not under an allowed base URL;"
                + " none is configured (acu.hotfix-source.allowed-base-urls)");
        given().auth().oauth2(TestTokens.viewer()).get("/api/packages/" + pkg + "/versions").then().statusCode(200)
                .body("packageVersion", contains(4));
    }

    private static String reason(ConsumerRecord<String, byte[]> deadLetter) {
        return new String(deadLetter.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    }
}
