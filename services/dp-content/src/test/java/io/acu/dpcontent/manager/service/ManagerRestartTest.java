package io.acu.dpcontent.manager.service;

import static io.acu.dpcontent.manager.DistributionTest.awaitEvents;
import static io.acu.dpcontent.manager.DistributionTest.awaitState;
import static io.acu.dpcontent.manager.DistributionTest.download;
import static io.acu.dpcontent.manager.DistributionTest.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.ContentDistributionStatusChanged;
import io.acu.contracts.DistributionState;
import io.acu.dpcontent.DistributionFixture;
import io.acu.dpcontent.Manifests;
import io.acu.formats.PackageId;
import io.acu.formats.Sha256;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The "a manager restarted mid-way resumes, no DP ends up INSTALLED with missing or partial files": a push to
 * dp02 is cut half way (the bytes stop, the connection hangs) and the distribution manager is stopped and started again
 * meanwhile, as a restarted instance would be. The restarted manager picks the distribution up from the database,
 * dp02 never makes the version available with the half file, and ends INSTALLED with the exact bytes.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = DistributionFixture.class)
class ManagerRestartTest {

    DistributionFixture fixture;

    @Inject
    DistributionManager manager;

    @Test
    void aManagerRestartedMidTransferResumesAndNoDpEndsWithAPartialFile() throws Exception {
        byte[] setup = Manifests.bytes(501, 400_000);
        byte[] cab = Manifests.bytes(502, 2_000);
        fixture.stallUpload(Sha256.compute(setup));
        send(Manifests.publishAndDescribe(fixture, "CAS00050", 1, Manifests.files("ccmsetup.msi", setup), cab));
        fixture.awaitStalledUpload();

        // Mid-transfer: dp02 holds half the file in staging only; the version is not available there, and still pending.
        Path staging = fixture.dp02Library().resolve("Staging");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!stagedSizes(staging).contains((long) setup.length / 2) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(stagedSizes(staging)).contains((long) setup.length / 2);
        assertThat(fixture.dp02().version(PackageId.parse("CAS00050"), 1)).isEmpty();
        assertThat(fixture.dp02().file(Sha256.compute(setup))).isEmpty();
        assertThat(pendingOnDp02().getString("state")).isEqualTo("INSTALL_PENDING");

        manager.stop(null);
        manager.start(null);

        JsonPath installed = awaitState("CAS00050", 1, "dp02", DistributionState.INSTALLED);
        fixture.releaseStalledUpload();
        // The cut-off upload is thrown away by dp02; what it committed and serves is the whole, verified file.
        deadline = System.nanoTime() + 20_000_000_000L;
        while (!stagedSizes(staging).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(stagedSizes(staging)).isEmpty();
        assertThat(Sha256.compute(fixture.dp02().file(Sha256.compute(setup)).orElseThrow().path())).isEqualTo(Sha256.compute(setup));
        assertThat(download(fixture.dp02Url() + "/SMS_DP_SMSPKG$/CAS00050.1/ccmsetup.msi")).isEqualTo(setup);
        // The attempt cut short by the restart cost no retry and recorded nothing: one attempt, PENDING → INSTALLED.
        assertThat(installed.getInt("attempt")).isEqualTo(1);
        assertThat(installed.getString("lastError")).isNull();
        assertThat(installed.getLong("bytesTransferred")).isEqualTo(setup.length + cab.length);
        List<ContentDistributionStatusChanged> events = awaitEvents("CAS00050/dp02", 1, 2);
        assertThat(events).extracting(ContentDistributionStatusChanged::state)
                .containsExactly(DistributionState.INSTALL_PENDING, DistributionState.INSTALLED);
        awaitState("CAS00050", 1, "dp01", DistributionState.INSTALLED);
    }

    private static JsonPath pendingOnDp02() {
        JsonPath rows = given().get("/api/distribution/packages/CAS00050/versions/1").then().statusCode(200).extract().jsonPath();
        int index = rows.getList("distributionPoints.distributionPoint").indexOf("dp02");
        return rows.setRootPath("distributionPoints[" + index + "]");
    }

    /** @return the sizes of the files in a DP's staging area (uploads in progress) */
    private static List<Long> stagedSizes(Path staging) throws Exception {
        try (Stream<Path> files = Files.list(staging)) {
            List<Long> sizes = new java.util.ArrayList<>();
            for (Path p : files.toList()) {
                try {
                    sizes.add(Files.size(p));
                } catch (java.nio.file.NoSuchFileException e) {
                    // committed or discarded meanwhile
                }
            }
            return sizes;
        }
    }
}
