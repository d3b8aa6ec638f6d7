package io.acu.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.acu.fleetsim.domain.InjectedFailure;
import io.acu.fleetsim.domain.UpgradeOutcome;
import io.acu.fleetsim.domain.WaveSimulation;
import io.acu.infra.PostgresDatabase;
import io.acu.launcher.AcuStack;
import io.acu.launcher.wave.DemoSeed;
import io.acu.launcher.wave.DemoWave;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The main job end to end: the packaged stack (two distribution points), the seed's hotfix applied through
 * manifest-builder's API, and 200 simulated clients (fixed seed) upgrading themselves over HTTP — content
 * location by boundary group, signed ccmsetup.cab, ranged downloads resumed after injected interruptions,
 * fallback status point and state messages. The services' counts must equal the simulator's ground truth.
 */
class UpgradeWaveTest {

    private static final Path PROJECT = Path.of(System.getProperty("acu.project.dir", ".")).toAbsolutePath();
    // A lenient gate: 15 % injected failures of every kind must not halt the rollout; every client is offered in the end.
    private static final DemoWave.Options OPTIONS = new DemoWave.Options(200, 7, 20261129L, Duration.ZERO, 10,
            new InjectedFailure.Rates(0.05, 0.05, 0.05), 0.2, 16, 20, new DemoWave.Gate(60, 50, 10), Duration.ofDays(1), 300);
    private static AcuStack stack;
    private static DemoWave.Outcome outcome;

    @BeforeAll
    static void runTheWave() throws InterruptedException {
        stack = AcuStack.start(PROJECT, PROJECT.resolve("target/wave-logs"));
        outcome = DemoWave.run(stack, DemoSeed.load(PROJECT), OPTIONS, System.out);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void stateIngestCountsExactlyWhatTheFleetDid() {
        WaveSimulation.WaveReport wave = outcome.run().wave();
        // Fixed seed: the same fleet, plans and injected failures on every run.
        assertThat(wave.excluded()).isEqualTo(10);
        assertThat(wave.pending()).isZero();
        assertThat(wave.outcomes()).doesNotContainKey(UpgradeOutcome.Kind.ERROR);
        assertThat(outcome.expected()).isEqualTo(new DemoWave.Tally(EXPECTED_ON_TARGET, EXPECTED_EP_FAILED, EXPECTED_DOWNLOAD_FAILED,
                EXPECTED_HASH_MISMATCH));
        assertThat(outcome.observed()).isEqualTo(outcome.expected());
        assertThat(outcome.packageVersion()).isEqualTo(5);
        // ... and rollout, ring by ring, with every ring passed.
        assertThat(outcome.ringMismatches()).isEmpty();
        assertThat(outcome.scenarioBroken()).isEmpty();
    }

    @Test
    void bothDistributionPointsHadTheNewVersion() {
        assertThat(outcome.distribution().path("distributionPoints").findValuesAsText("distributionPoint")).containsExactlyInAnyOrder("dp01", "dp02");
        assertThat(outcome.distribution().path("distributionPoints").findValuesAsText("state")).containsOnly("INSTALLED");
    }

    @Test
    void excludedClientsNeverReported() {
        outcome.run().wave().results().stream().filter(r -> !r.attempted()).limit(5).forEach(r ->
                given().baseUri(stack.service("state-ingest").baseUri().toString()).get("/api/clients/" + r.client().clientId())
                        .then().statusCode(404));
    }

    @Test
    void everyDeploymentSucceededComesFromAClientWhoseDownloadsMatchedTheManifest() throws SQLException {
        WaveSimulation.WaveReport wave = outcome.run().wave();
        // ClientUpgrade sends 800/400 only after every needed file's SHA-256 equalled the manifest's FileHash.
        Set<String> verified = wave.results().stream()
                .filter(r -> r.attempted() && EnumSet.of(UpgradeOutcome.Kind.UPGRADED, UpgradeOutcome.Kind.EP_INSTALL_FAILED).contains(r.outcome().kind()))
                .peek(r -> assertThat(r.outcome().installedFiles()).containsExactly(DemoSeed.INSTALLER))
                .map(r -> r.client().clientId()).collect(Collectors.toSet());
        long attempted = wave.results().stream().filter(WaveSimulation.ClientResult::attempted).count();
        try (Connection db = database(); Statement sql = db.createStatement()) {
            assertThat(column(sql, "SELECT client_id FROM state_ingest.client_state WHERE topic_type = 800 AND state_id = 400")).isEqualTo(verified);
            // One FSP message per client that ran its upgrade, one EP state message per client that deployed.
            assertThat(count(sql, "SELECT count(*) FROM state_ingest.state_message WHERE topic_type = 800")).isEqualTo(attempted);
            assertThat(count(sql, "SELECT count(*) FROM state_ingest.state_message WHERE topic_type = 2001")).isEqualTo(verified.size());
            assertThat(count(sql, "SELECT count(*) FROM state_ingest.client_state")).isEqualTo(attempted + verified.size());
        }
    }

    // Pinned from the first run with this seed; a change means the simulator's draws or the services' counting changed.
    private static final long EXPECTED_ON_TARGET = 156;
    private static final long EXPECTED_EP_FAILED = 7;
    private static final long EXPECTED_DOWNLOAD_FAILED = 14;
    private static final long EXPECTED_HASH_MISMATCH = 13;

    private static Connection database() throws SQLException {
        PostgresDatabase postgres = stack.infrastructure().postgres();
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }

    private static Set<String> column(Statement sql, String query) throws SQLException {
        Set<String> values = new HashSet<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
