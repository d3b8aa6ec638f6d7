package io.acu.dpcontent.manager;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.ContentDistributionStatusChanged;
import io.acu.contracts.DistributionState;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestItem;
import io.acu.contracts.ManifestUpdated;
import io.acu.contracts.Topics;
import io.acu.dpcontent.DistributionFixture;
import io.acu.dpcontent.Manifests;
import io.acu.formats.Sha256;
import io.acu.infra.KafkaTestClient;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The "done when" for distribution, on the real broker and PostgreSQL: ManifestUpdated → both configured DPs
 * INSTALLED with only the changed files sent; a DP that is down retries then installs; a corrupted transfer is
 * refused by the DP's hash check and retried; a file the source share does not have (4xx) fails at once, a source
 * share error (5xx) is retried until the attempts run out; junk is dead-lettered.
 * dp01 is this service (manager + DP), dp02 the production DP routes behind a fault-injecting proxy.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = DistributionFixture.class)
public class DistributionTest {

    private static final Duration WAIT = Duration.ofSeconds(45);

    DistributionFixture fixture;

    @Test
    void newVersionReachesBothDpsWithOnlyTheChangedFilesAndRedeliveryIsANoOp() throws Exception {
        byte[] msi = Manifests.bytes(99, 100_000);
        byte[] scep4 = Manifests.bytes(4, 64_000);
        byte[] scep5 = Manifests.bytes(5, 70_000);
        byte[] cab4 = Manifests.bytes(40, 4_000);
        byte[] cab5 = Manifests.bytes(50, 4_100);
        EventEnvelope<ManifestUpdated> v4 = Manifests.publishAndDescribe(fixture, "CAS00006", 4,
                Manifests.files("client.msi", msi, "SCEPInstall.exe", scep4), cab4);
        EventEnvelope<ManifestUpdated> v5 = Manifests.publishAndDescribe(fixture, "CAS00006", 5,
                Manifests.files("client.msi", msi, "SCEPInstall.exe", scep5), cab5);

        send(v4);
        awaitState("CAS00006", 4, "dp01", DistributionState.INSTALLED);
        awaitState("CAS00006", 4, "dp02", DistributionState.INSTALLED);
        int before = fixture.sourceRequests().size();

        send(v5);
        JsonPath dp01 = awaitState("CAS00006", 5, "dp01", DistributionState.INSTALLED);
        JsonPath dp02 = awaitState("CAS00006", 5, "dp02", DistributionState.INSTALLED);

        // The site fetched only the changed files, once for both DPs; each DP received exactly those bytes.
        assertThat(fixture.sourceRequests().subList(before, fixture.sourceRequests().size()))
                .containsExactlyInAnyOrder("CAS00006/5/SCEPInstall.exe", "CAS00006/5/ccmsetup.cab");
        for (JsonPath dp : List.of(dp01, dp02)) {
            assertThat(dp.getLong("bytesTransferred")).isEqualTo(scep5.length + cab5.length);
            assertThat(dp.getInt("attempt")).isEqualTo(1);
            assertThat(dp.getInt("stateCode")).isZero();
        }
        given().get("/api/distribution/packages/CAS00006/versions/5").then().statusCode(200);
        assertThat(given().get("/api/distribution/packages/CAS00006/versions/5").jsonPath()
                .getList("distributionPoints.distributionPoint")).containsExactly("dp01", "dp02");

        // Clients get the new file from either DP, and the old version by its explicit form.
        assertThat(Sha256.compute(download(baseUrl() + "/SMS_DP_SMSPKG$/CAS00006/SCEPInstall.exe"))).isEqualTo(Sha256.compute(scep5));
        assertThat(Sha256.compute(download(fixture.dp02Url() + "/SMS_DP_SMSPKG$/CAS00006/SCEPInstall.exe"))).isEqualTo(Sha256.compute(scep5));
        assertThat(download(fixture.dp02Url() + "/SMS_DP_SMSPKG$/CAS00006.4/SCEPInstall.exe")).isEqualTo(scep4);
        // Single instance on dp02: client.msi is stored once although both versions list it (5 distinct files of these
        // two versions; other tests share dp02's library, so only these are counted).
        List<String> ours = Stream.of(msi, scep4, scep5, cab4, cab5).map(b -> Sha256.compute(b).hex()).toList();
        try (var files = Files.walk(fixture.dp02Library().resolve("FileLib"))) {
            assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).filter(ours::contains))
                    .containsExactlyInAnyOrderElementsOf(ours);
        }

        // Re-delivery of v5, then v6 of the same package (same key, so it is consumed after the duplicate).
        byte[] scep6 = Manifests.bytes(6, 1_000);
        EventEnvelope<ManifestUpdated> v6 = Manifests.publishAndDescribe(fixture, "CAS00006", 6,
                Manifests.files("client.msi", msi, "SCEPInstall.exe", scep6), Manifests.bytes(60, 100));
        send(v5);
        send(v6);
        awaitState("CAS00006", 6, "dp02", DistributionState.INSTALLED);
        awaitState("CAS00006", 6, "dp01", DistributionState.INSTALLED);
        List<ContentDistributionStatusChanged> v5Events = awaitEvents("CAS00006/dp02", 5, 2);
        assertThat(v5Events).extracting(ContentDistributionStatusChanged::state)
                .containsExactly(DistributionState.INSTALL_PENDING, DistributionState.INSTALLED);
        assertThat(v5Events).extracting(ContentDistributionStatusChanged::previousState)
                .containsExactly(null, DistributionState.INSTALL_PENDING);
        assertThat(v5Events.get(1).bytesTransferred()).isEqualTo(scep5.length + cab5.length);
        assertThat(awaitState("CAS00006", 5, "dp01", DistributionState.INSTALLED).getInt("attempt")).isEqualTo(1);
    }

    @Test
    void aDpThatIsDownRetriesAndInstallsOnceItIsBack() throws Exception {
        byte[] setup = Manifests.bytes(10, 30_000);
        EventEnvelope<ManifestUpdated> event = Manifests.publishAndDescribe(fixture, "CAS00010", 1,
                Manifests.files("ccmsetup.msi", setup), Manifests.bytes(11, 500));
        fixture.mode(DistributionFixture.Mode.DOWN);
        try {
            send(event);
            JsonPath retrying = awaitState("CAS00010", 1, "dp02", DistributionState.INSTALL_RETRYING);
            assertThat(retrying.getString("lastError")).contains("dp02 answered 503");
            assertThat(retrying.getInt("stateCode")).isEqualTo(2);
            awaitState("CAS00010", 1, "dp01", DistributionState.INSTALLED);
        } finally {
            fixture.mode(DistributionFixture.Mode.UP);
        }
        JsonPath installed = awaitState("CAS00010", 1, "dp02", DistributionState.INSTALLED);
        assertThat(installed.getInt("attempt")).isGreaterThanOrEqualTo(2);
        assertThat(installed.getString("lastError")).isNull();
        List<ContentDistributionStatusChanged> events = awaitEvents("CAS00010/dp02", 1, 3);
        assertThat(events.get(0).state()).isEqualTo(DistributionState.INSTALL_PENDING);
        assertThat(events.get(1).state()).isEqualTo(DistributionState.INSTALL_RETRYING);
        assertThat(events.get(events.size() - 1).state()).isEqualTo(DistributionState.INSTALLED);
        assertThat(download(fixture.dp02Url() + "/SMS_DP_SMSPKG$/CAS00010/ccmsetup.msi")).isEqualTo(setup);
    }

    @Test
    void aCorruptedTransferIsRefusedByTheDpAndRetried() throws Exception {
        byte[] setup = Manifests.bytes(20, 50_000);
        EventEnvelope<ManifestUpdated> event = Manifests.publishAndDescribe(fixture, "CAS00011", 1,
                Manifests.files("ccmsetup.msi", setup), Manifests.bytes(21, 700));
        fixture.mode(DistributionFixture.Mode.CORRUPT_NEXT_UPLOAD);
        send(event);
        awaitState("CAS00011", 1, "dp02", DistributionState.INSTALLED);

        List<ContentDistributionStatusChanged> events = awaitEvents("CAS00011/dp02", 1, 3);
        assertThat(events).extracting(ContentDistributionStatusChanged::state).containsExactly(
                DistributionState.INSTALL_PENDING, DistributionState.INSTALL_RETRYING, DistributionState.INSTALLED);
        assertThat(events.get(1).lastError()).startsWith("dp02 refused ccmsetup.msi (422): hash mismatch: expected "
                + Sha256.compute(setup) + ", got ");
        // What dp02 committed is intact, and the refused bytes were not kept anywhere in its library.
        assertThat(Sha256.compute(fixture.dp02().file(Sha256.compute(setup)).orElseThrow().path())).isEqualTo(Sha256.compute(setup));
        try (var staging = Files.list(fixture.dp02Library().resolve("Staging"))) {
            assertThat(staging.count()).isZero();
        }
    }

    @Test
    void aFileMissingFromTheSourceShareFailsAtOnceAndRedistributeStartsAgain() throws Exception {
        byte[] missing = Manifests.bytes(30, 2_000);
        byte[] cab = Manifests.bytes(31, 300);
        fixture.putSource("CAS00012/1/ccmsetup.cab", cab);
        EventEnvelope<ManifestUpdated> event = Manifests.envelope(fixture, "CAS00012", 1,
                List.of(new ManifestItem("missing.exe", Sha256.compute(missing).hex(), "1.0.0.0", missing.length, 1, true)), cab);
        send(event);

        // 404 is permanent: no retries (4 attempts are allowed), INSTALL_FAILED straight from INSTALL_PENDING.
        JsonPath failed = awaitState("CAS00012", 1, "dp01", DistributionState.INSTALL_FAILED);
        assertThat(failed.getInt("attempt")).isEqualTo(1);
        assertThat(failed.getInt("stateCode")).isEqualTo(3);
        assertThat(failed.getString("lastError")).isEqualTo("source share answered 404 for " + fixture.sourceUrl() + "CAS00012/1/missing.exe");
        assertThat(failed.getString("nextAttemptAt")).isNull();
        assertThat(awaitEvents("CAS00012/dp01", 1, 2)).extracting(ContentDistributionStatusChanged::state)
                .containsExactly(DistributionState.INSTALL_PENDING, DistributionState.INSTALL_FAILED);
        assertThat(given().get("/api/distribution/summary").jsonPath().getInt("INSTALL_FAILED")).isGreaterThanOrEqualTo(1);

        fixture.putSource("CAS00012/1/missing.exe", missing);
        given().auth().oauth2(DistributionFixture.CONTENT_API_TOKEN).post("/api/distribution/packages/CAS00012/versions/1/points/dp01/redistribute").then().statusCode(202);
        JsonPath installed = awaitState("CAS00012", 1, "dp01", DistributionState.INSTALLED);
        assertThat(installed.getInt("attempt")).isEqualTo(1);
        given().auth().oauth2(DistributionFixture.CONTENT_API_TOKEN).post("/api/distribution/packages/CAS00012/versions/1/points/nowhere/redistribute").then().statusCode(404);
        // A write action: without the site's token it is refused before anything changes.
        given().post("/api/distribution/packages/CAS00012/versions/1/points/dp01/redistribute").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer").contentType("application/problem+json");

        // 410 Gone and 451 Unavailable For Legal Reasons are permanent too (401/403 are dp-content's credentials: retried).
        for (int status : new int[] {410, 451}) {
            String packageId = status == 410 ? "CAS00015" : "CAS00016";
            byte[] setup = Manifests.bytes(status, 1_000);
            EventEnvelope<ManifestUpdated> gone = Manifests.publishAndDescribe(fixture, packageId, 1, Manifests.files("setup.exe", setup),
                    Manifests.bytes(status + 1, 100));
            fixture.failSource(packageId + "/1/setup.exe", status);
            send(gone);
            JsonPath refused = awaitState(packageId, 1, "dp02", DistributionState.INSTALL_FAILED);
            assertThat(refused.getInt("attempt")).isEqualTo(1);
            assertThat(refused.getString("lastError")).isEqualTo("source share answered " + status + " for " + fixture.sourceUrl()
                    + packageId + "/1/setup.exe");
        }
    }

    @Test
    void aContentSourceUrlOutsideTheSourceShareGetsNoTokenAndFailsWithTheReason() throws Exception {
        // A ManifestUpdated is input: following its contentSourceUrl with the source token to any host would hand the
        // token to whoever wrote the event. Same loopback server, other path: still not the configured share.
        byte[] setup = Manifests.bytes(34, 1_000);
        String elsewhere = fixture.sourceUrl().replace("/source/", "/collect/") + "CAS00018/1/";
        send(Manifests.envelope("CAS00018", 1, List.of(new ManifestItem("setup.exe", Sha256.compute(setup).hex(), "1.0.0.0",
                setup.length, 1, true)), Manifests.bytes(35, 100), elsewhere));

        JsonPath failed = awaitState("CAS00018", 1, "dp01", DistributionState.INSTALL_FAILED);
        assertThat(failed.getInt("attempt")).isEqualTo(1);
        assertThat(failed.getString("lastError")).isEqualTo("not fetching " + elsewhere + "setup.exe with the source-share token: it is"
                + " not under the source share " + fixture.sourceUrl());
    }

    @Test
    void aServerErrorFromTheSourceShareIsRetriedUntilTheAttemptsRunOut() throws Exception {
        byte[] setup = Manifests.bytes(32, 3_000);
        EventEnvelope<ManifestUpdated> event = Manifests.publishAndDescribe(fixture, "CAS00017", 1,
                Manifests.files("setup.exe", setup), Manifests.bytes(33, 200));
        fixture.failSource("CAS00017/1/setup.exe", 503);
        send(event);

        JsonPath failed = awaitState("CAS00017", 1, "dp01", DistributionState.INSTALL_FAILED);
        assertThat(failed.getInt("attempt")).isEqualTo(4);
        assertThat(failed.getString("lastError")).isEqualTo("source share answered 503 for " + fixture.sourceUrl() + "CAS00017/1/setup.exe");
        assertThat(awaitEvents("CAS00017/dp01", 1, 5)).extracting(ContentDistributionStatusChanged::state).containsExactly(
                DistributionState.INSTALL_PENDING, DistributionState.INSTALL_RETRYING, DistributionState.INSTALL_RETRYING,
                DistributionState.INSTALL_RETRYING, DistributionState.INSTALL_FAILED);

        fixture.failSource("CAS00017/1/setup.exe", 0);
        given().auth().oauth2(DistributionFixture.CONTENT_API_TOKEN).post("/api/distribution/packages/CAS00017/versions/1/points/dp01/redistribute").then().statusCode(202);
        awaitState("CAS00017", 1, "dp01", DistributionState.INSTALLED);
        assertThat(download(baseUrl() + "/SMS_DP_SMSPKG$/CAS00017/setup.exe")).isEqualTo(setup);
    }

    @Test
    void contentThatFailsValidationOnADpIsDistributedAgain() throws Exception {
        byte[] setup = Manifests.bytes(40, 20_000);
        EventEnvelope<ManifestUpdated> event = Manifests.publishAndDescribe(fixture, "CAS00014", 1,
                Manifests.files("ccmsetup.msi", setup), Manifests.bytes(41, 300));
        send(event);
        awaitState("CAS00014", 1, "dp02", DistributionState.INSTALLED);
        var stored = fixture.dp02().file(Sha256.compute(setup)).orElseThrow();
        byte[] rotten = setup.clone();
        rotten[100] ^= 0x10;
        Files.write(stored.path(), rotten);

        HttpResponse<String> report = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fixture.dp02Url() + "/api/dp/validation"))
                .header("Authorization", "Bearer " + DistributionFixture.CONTENT_API_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).contains(Sha256.compute(rotten).hex());

        // The manager notices dp02 lost the version, sends the file again, and dp02 serves the right bytes.
        List<ContentDistributionStatusChanged> events = awaitEvents("CAS00014/dp02", 1, 4);
        assertThat(events).extracting(ContentDistributionStatusChanged::state).containsExactly(DistributionState.INSTALL_PENDING,
                DistributionState.INSTALLED, DistributionState.INSTALL_PENDING, DistributionState.INSTALLED);
        assertThat(download(fixture.dp02Url() + "/SMS_DP_SMSPKG$/CAS00014/ccmsetup.msi")).isEqualTo(setup);
    }

    @Test
    void undecodableAndUnsafeManifestsAreDeadLettered() {
        byte[] junk = "{\"eventId\":42}".getBytes(StandardCharsets.UTF_8);
        EventEnvelope<ManifestUpdated> unsafe = Manifests.envelope(fixture, "CAS00013", 1,
                List.of(new ManifestItem("../../etc/passwd", Sha256.compute(junk).hex(), "1.0", 1, 1, true)), junk);
        byte[] unsafeBytes = EventJson.encodeBytes(unsafe);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers())) {
            kafka.send(Topics.MANIFEST_UPDATED, "CAS00013", junk);
            kafka.send(Topics.MANIFEST_UPDATED, "CAS00013", unsafeBytes);
            List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (dead.size() < 2 && System.nanoTime() < deadline) {
                dead = kafka.readFromStart(
                        Topics.MANIFEST_UPDATED_BY_DP_CONTENT.deadLetterTopic(), 2, Duration.ofSeconds(2)).stream()
                        .filter(r -> "CAS00013".equals(r.key())).toList();
            }
            assertThat(dead).hasSize(2);
            assertThat(dead.get(0).value()).isEqualTo(junk);
            assertThat(reason(dead.get(0))).isEqualTo("Not an event: 'type' is missing or not a string");
            assertThat(dead.get(1).value()).isEqualTo(unsafeBytes);
            assertThat(reason(dead.get(1))).isEqualTo("file name '../../etc/passwd' is not a relative path inside the package");
        }
        given().get("/api/distribution/packages/CAS00013/versions/1").then().statusCode(404);
    }

    private static String reason(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    }

    /** Publishes a ManifestUpdated on acu.manifest.updated, as manifest-builder does. */
    public static void send(EventEnvelope<ManifestUpdated> event) {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers())) {
            kafka.send(Topics.MANIFEST_UPDATED, event.key(), EventJson.encodeBytes(event));
        }
    }

    /** Polls the ops API until the DP's row of the package version has the state; returns that row. */
    public static JsonPath awaitState(String packageId, int version, String dp, DistributionState state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "nothing";
        while (System.nanoTime() < deadline) {
            var response = given().get("/api/distribution/packages/" + packageId + "/versions/" + version);
            if (response.statusCode() == 200) {
                List<Map<String, Object>> rows = response.jsonPath().getList("distributionPoints");
                for (int i = 0; i < rows.size(); i++) {
                    if (dp.equals(rows.get(i).get("distributionPoint"))) {
                        last = String.valueOf(rows.get(i));
                        if (state.name().equals(rows.get(i).get("state"))) {
                            return new JsonPath(response.asString()).setRootPath("distributionPoints[" + i + "]");
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(packageId + " v" + version + " never reached " + state + " on " + dp + "; last: " + last);
    }

    /** Reads acu.content.distribution until at least {@code count} events of the key and version arrived. */
    public static List<ContentDistributionStatusChanged> awaitEvents(String key, int version, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<ContentDistributionStatusChanged> events = List.of();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers())) {
            while (events.size() < count && System.nanoTime() < deadline) {
                events = kafka.readFromStart(Topics.CONTENT_DISTRIBUTION, Integer.MAX_VALUE, Duration.ofSeconds(2)).stream()
                        .filter(r -> key.equals(r.key()))
                        .map(r -> EventJson.decode(r.value(), ContentDistributionStatusChanged.class).payload())
                        .filter(e -> e.packageVersion() == version)
                        .toList();
            }
        }
        return events;
    }

    public static byte[] download(String url) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    public static String baseUrl() {
        return "http://127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
