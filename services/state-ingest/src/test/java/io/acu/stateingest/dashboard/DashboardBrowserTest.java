package io.acu.stateingest.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.CabinetFile;
import io.acu.contracts.ContentDistributionStatusChanged;
import io.acu.contracts.DistributionState;
import io.acu.contracts.ErrorCodeCount;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.FspStateMessageReceived;
import io.acu.contracts.ManifestItem;
import io.acu.contracts.ManifestUpdated;
import io.acu.contracts.ReportedStateMessage;
import io.acu.contracts.RingFigures;
import io.acu.contracts.RingState;
import io.acu.contracts.RolloutChange;
import io.acu.contracts.RolloutStateChanged;
import io.acu.contracts.RolloutStatus;
import io.acu.contracts.Topics;
import io.acu.formats.Version;
import io.acu.formats.WmiDateTime;
import io.acu.formats.statemessage.Machine;
import io.acu.formats.statemessage.Report;
import io.acu.formats.statemessage.ReportDetails;
import io.acu.formats.statemessage.ReportHeader;
import io.acu.formats.statemessage.ReportXml;
import io.acu.formats.statemessage.State;
import io.acu.formats.statemessage.StateMessage;
import io.acu.formats.statemessage.Topic;
import io.acu.formats.statemessage.UserParameters;
import io.acu.infra.ExternalTools;
import io.acu.infra.KafkaTestClient;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.intake.StateMessageReports;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The ops dashboard in headless Debian Chromium (driven by Selenium through Debian's chromedriver), on the real
 * broker and PostgreSQL: a known rollout goes in through the real paths (Report XML to the intake, FSP,
 * ManifestUpdated, distribution and RolloutStateChanged events on Kafka), then every figure the page shows must equal the ops API's,
 * and the API's must have moved by the fixed counts of that rollout. Fleet-wide figures are compared as differences
 * because other test classes share the database. Leaves a screenshot in {@code target/dashboard.png}.
 *
 * <p>Needs {@code chromium} and {@code chromedriver}: skipped with the install command where they are missing,
 * failed in CI ({@link ExternalTools}).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class DashboardBrowserTest {

    private static final String EP_TOPIC_ID = "{9BCF7827-E04F-4C3A-8D8C-B943316A2D7F}";
    private static final String DEPLOYMENT_TOPIC_ID = "{1FFD119F-4ED5-4C9A-9765-CAACE1E26FD7}";
    private static final String TARGET = "4.3.215.0";
    private static final String CLIENT_VERSION = "5.00.7804.1000";
    private static final String SCEP_HASH = "B0336B863EE0FEE92A309F1BF1F11B878236D45C60165AAF7A6ED48454262595";
    // In the past: the intake refuses MessageTimes more than a day ahead of its clock.
    private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");
    private static final int CLIENTS = 20;
    private static final StateMessageReports REPORTS = StateMessageReports.standard();
    private static final NumberFormat COUNT = NumberFormat.getIntegerInstance(Locale.US);
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);
    private static final String HALT_REASON = "ring pilot: 2 of 3 reported clients failed (66.7 %, threshold 20.0 %)";

    @TestHTTPResource("/")
    URL root;

    @Test
    void theDashboardShowsWhatTheApiSays() throws Exception {
        ExternalTools.require("chromium", "chromium");
        ExternalTools.require("chromedriver", "chromium-driver");
        String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String packageId = "D" + run.substring(0, 2) + "00003";

        JsonPath epBefore = compliance(2001, TARGET);
        JsonPath deploymentBefore = compliance(800, CLIENT_VERSION);
        JsonPath progressBefore = progress();
        Map<String, Long> failuresBefore = failures();

        rollOut(run, packageId);

        // The API has moved by exactly this rollout.
        JsonPath ep = compliance(2001, TARGET);
        assertThat(delta(ep, epBefore, "byState.ON_TARGET")).isEqualTo(14);
        assertThat(delta(ep, epBefore, "byState.PENDING")).isEqualTo(4);
        assertThat(delta(ep, epBefore, "byState.FAILED")).isEqualTo(2);
        assertThat(delta(ep, epBefore, "byState.UNKNOWN")).isZero();
        assertThat(delta(ep, epBefore, "clients")).isEqualTo(CLIENTS);
        JsonPath deployment = given().get("/api/packages/" + packageId + "/compliance").then().statusCode(200).extract().jsonPath();
        assertThat(deployment.getString("targetVersion")).isEqualTo(CLIENT_VERSION);
        assertThat(delta(deployment, deploymentBefore, "byState.ON_TARGET")).isEqualTo(16);
        assertThat(delta(deployment, deploymentBefore, "byState.FAILED")).isEqualTo(4);
        JsonPath progress = progress();
        assertThat(lastCumulative(progress, 0) - lastCumulative(progressBefore, 0)).isEqualTo(16);
        assertThat(lastCumulative(progress, 1) - lastCumulative(progressBefore, 1)).isEqualTo(16);
        Map<String, Long> failures = failures();
        assertThat(failures.get("800/325/0x80091007") - failuresBefore.getOrDefault("800/325/0x80091007", 0L)).isEqualTo(2);
        assertThat(failures.get("800/309/0x80200013") - failuresBefore.getOrDefault("800/309/0x80200013", 0L)).isEqualTo(2);
        assertThat(failures.get("2001/4/0x80070643") - failuresBefore.getOrDefault("2001/4/0x80070643", 0L)).isEqualTo(2);

        WebDriver browser = chromium();
        try {
            browser.get(root + "?package=" + packageId + "&target=" + TARGET);
            // The front page leads to the dashboard and keeps the parameters.
            new WebDriverWait(browser, PAGE_TIMEOUT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> d.getCurrentUrl().contains("/dashboard/?package=" + packageId));
            String expectedOnTarget = COUNT.format(ep.getLong("byState.ON_TARGET"));
            new WebDriverWait(browser, PAGE_TIMEOUT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> "live".equals(testId(d, "live-state").getAttribute("data-state"))
                    && expectedOnTarget.equals(text(d, "on-target")) && !rows(d, "distribution-row").isEmpty()
                    && testId(d, "rollout-banner").isDisplayed());

            // The page redraws every 2 s; a redraw between finding an element and reading it makes the reference stale.
            // The data does not change, so the whole read is simply repeated.
            onStablePage(() -> {
                assertThat(text(browser, "package-id")).isEqualTo(packageId);
                assertThat(text(browser, "package-version")).isEqualTo("3");
                assertThat(text(browser, "target-version")).isEqualTo(TARGET);
                assertThat(testId(browser, "target-assumed").isDisplayed()).isFalse();
                assertThat(testId(browser, "error").isDisplayed()).isFalse();
                assertThat(text(browser, "last-updated")).matches("\\d\\d:\\d\\d:\\d\\d");

                // Big numbers and the progress bar.
                assertThat(number(browser, "on-target")).isEqualTo(ep.getLong("byState.ON_TARGET"));
                assertThat(number(browser, "pending")).isEqualTo(ep.getLong("byState.PENDING"));
                assertThat(number(browser, "failed")).isEqualTo(ep.getLong("byState.FAILED"));
                assertThat(number(browser, "unknown")).isEqualTo(ep.getLong("byState.UNKNOWN"));
                assertThat(number(browser, "clients")).isEqualTo(ep.getLong("clients"));
                String percent = String.format(Locale.US, "%.1f", 100.0 * ep.getLong("byState.ON_TARGET") / ep.getLong("clients"));
                assertThat(text(browser, "progress-percent")).isEqualTo(percent + "%");
                assertThat(testId(browser, "progress-bar").getAttribute("aria-valuenow")).isEqualTo(percent);
                assertThat(text(browser, "deployment-target")).isEqualTo(CLIENT_VERSION);
                assertThat(number(browser, "deployment-on-target")).isEqualTo(deployment.getLong("byState.ON_TARGET"));
                assertThat(number(browser, "deployment-pending")).isEqualTo(deployment.getLong("byState.PENDING"));
                assertThat(number(browser, "deployment-failed")).isEqualTo(deployment.getLong("byState.FAILED"));
                assertThat(number(browser, "deployment-clients")).isEqualTo(deployment.getLong("clients"));

                // The chart: both series drawn, their totals as the API's running totals.
                assertThat(number(browser, "series-total-deploymentSucceeded")).isEqualTo(lastCumulative(progress, 0));
                assertThat(number(browser, "series-total-endpointProtectionManaged")).isEqualTo(lastCumulative(progress, 1));
                assertThat(testId(browser, "chart").findElements(By.cssSelector("path.series"))).hasSize(2);

                // Failures: every row as the API has it, with the catalogue's names.
                Map<String, Long> shownFailures = new HashMap<>();
                Map<String, String> shownNames = new HashMap<>();
                for (WebElement row : rows(browser, "failure-row")) {
                    String key = row.getAttribute("data-topic-type") + "/" + row.getAttribute("data-state-id") + "/" + row.getAttribute("data-error-code");
                    shownFailures.put(key, parse(cell(row, "failure-clients")));
                    shownNames.put(key, cell(row, "failure-name"));
                }
                assertThat(shownFailures).isEqualTo(failures);
                assertThat(shownNames).containsEntry("800/325/0x80091007", "Prerequisite hash mismatch")
                        .containsEntry("800/309/0x80200013", "BITS download failed")
                        .containsEntry("2001/4/0x80070643", "Installation failed");

                // Agents by reported version.
                List<Map<String, Object>> versions = ep.getList("byVersion");
                List<WebElement> versionRows = rows(browser, "version-row");
                assertThat(versionRows).hasSize(versions.size());
                for (int i = 0; i < versions.size(); i++) {
                    Object version = versions.get(i).get("version");
                    assertThat(cell(versionRows.get(i), "version-name")).startsWith(version == null ? "none reported" : version.toString());
                    assertThat(parse(cell(versionRows.get(i), "version-clients"))).isEqualTo(((Number) versions.get(i).get("clients")).longValue());
                }

                // Distribution status of the package.
                List<WebElement> points = rows(browser, "distribution-row");
                assertThat(points).extracting(row -> cell(row, "dp-name")).containsExactly("dp01", "dp02");
                assertThat(points).extracting(row -> cell(row, "dp-state")).containsExactly("Installed", "Install failed");
                assertThat(cell(points.get(0), "dp-bytes")).isEqualTo("13.1 MiB");
                assertThat(cell(points.get(1), "dp-error")).isEqualTo("hash mismatch for SCEPInstall.exe");
                assertThat(browser.findElements(By.cssSelector("[data-testid=distribution-state-count]")))
                        .extracting(WebElement::getText).containsExactlyInAnyOrder("1 Installed", "1 Install failed");

                // The rollout: halted in the pilot, the banner with the gate's reason and the error codes by name.
                assertThat(text(browser, "rollout-banner-title"))
                        .isEqualTo("Rollout of version 3 halted by its health gate: no client is offered it");
                assertThat(text(browser, "rollout-reason")).isEqualTo(HALT_REASON);
                assertThat(rows(browser, "rollout-error-code")).extracting(WebElement::getText).containsExactly(
                        "0x80070643 Fatal error during installation (2001/4): 2 clients",
                        "0x80200013 BITS download failed (800/309): 1 client");
                assertThat(text(browser, "rollout-version")).isEqualTo("3");
                assertThat(text(browser, "rollout-status")).isEqualTo("Halted");
                assertThat(text(browser, "rollout-older")).isEqualTo("Earlier versions: 2 completed");
                List<WebElement> stages = rows(browser, "ring-stage");
                assertThat(stages).extracting(stage -> cell(stage, "ring-name")).containsExactly("pilot", "early", "broad");
                assertThat(stages).extracting(stage -> cell(stage, "ring-state")).containsExactly("Halted", "Pending", "Pending");
                assertThat(List.of("offered", "succeeded", "failed", "stalled", "inProgress"))
                        .extracting(figure -> cell(stages.get(0), "ring-" + figure)).containsExactly("5", "1", "2", "1", "1");
                assertThat(cell(stages.get(2), "ring-offered")).isEqualTo("0");
            });

            Path screenshot = Path.of("target", "dashboard.png");
            Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            assertThat(Files.size(screenshot)).isGreaterThan(10_000);

            // Bad input is explained on the page, with the API's reason.
            browser.get(root + "dashboard/?target=x.y");
            new WebDriverWait(browser, PAGE_TIMEOUT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> testId(d, "error").isDisplayed());
            assertThat(text(browser, "error")).contains("compliance?topicType=2001&targetVersion=x.y: 400");
            assertThat(testId(browser, "live-state").getAttribute("data-state")).isEqualTo("stale");
        } finally {
            browser.quit();
        }
    }

    /**
     * Twenty clients of one package: EP agents 14 on target, 2 managed on the old version, 2 installing, 2 failed
     * (0x80070643); ccmsetup 16 succeeded, 2 prerequisite hash mismatches, 2 BITS download failures; the package's
     * ManifestUpdated; dp01 installed, dp02 failed; its rollout halted in the pilot (the earlier RING_STARTED arriving
     * after the HALTED), its previous version's completed.
     */
    private void rollOut(String run, String packageId) throws Exception {
        EventEnvelope<ManifestUpdated> manifest = EventEnvelope.of(manifestUpdated(packageId), "manifest-builder", T0);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers())) {
            kafka.send(Topics.MANIFEST_UPDATED, manifest.key(), EventJson.encodeBytes(manifest));
            for (ContentDistributionStatusChanged change : List.of(
                    new ContentDistributionStatusChanged(packageId, 3, "dp01", DistributionState.INSTALLED, DistributionState.INSTALL_PENDING, 1,
                            13_731_776L, null, T0.plusSeconds(60)),
                    new ContentDistributionStatusChanged(packageId, 3, "dp02", DistributionState.INSTALL_FAILED, DistributionState.INSTALL_RETRYING,
                            3, 4096, "hash mismatch for SCEPInstall.exe", T0.plusSeconds(90)))) {
                EventEnvelope<ContentDistributionStatusChanged> event = EventEnvelope.of(change, "dp-content", change.changedAt());
                kafka.send(Topics.CONTENT_DISTRIBUTION, event.key(), EventJson.encodeBytes(event));
            }
            for (RolloutStateChanged change : rolloutChanges(packageId)) {
                EventEnvelope<RolloutStateChanged> event = EventEnvelope.of(change, "rollout", change.changedAt());
                kafka.send(Topics.ROLLOUT_CHANGED, event.key(), EventJson.encodeBytes(event));
            }
            for (int i = 0; i < CLIENTS; i++) {
                String client = clientId(run, i);
                Instant t = T0.plusSeconds(3600L + i * 600L);
                StateMessage deployment = i < 16 ? message(t, null, 800, DEPLOYMENT_TOPIC_ID, 400, CLIENT_VERSION, "Deployment")
                        : i < 18 ? message(t, null, 800, DEPLOYMENT_TOPIC_ID, 325, "SCEPInstall.exe", "0x80091007")
                        : message(t, null, 800, DEPLOYMENT_TOPIC_ID, 309, "ccmsetup.cab", "0x80200013");
                EventEnvelope<FspStateMessageReceived> fsp = fspEvent(client, i, deployment);
                kafka.send(Topics.FSP_MESSAGES, fsp.key(), EventJson.encodeBytes(fsp));

                long serial = 500L + i;
                StateMessage agent = i < 14 ? message(t.plusSeconds(300), serial, 2001, EP_TOPIC_ID, 3, TARGET, "0x00000000")
                        : i < 16 ? message(t.plusSeconds(300), serial, 2001, EP_TOPIC_ID, 3, "4.2.223.1", "0x00000000")
                        : i < 18 ? message(t.plusSeconds(300), serial, 2001, EP_TOPIC_ID, 4, TARGET, "0x80070643")
                        : message(t.plusSeconds(300), serial, 2001, EP_TOPIC_ID, 2, TARGET, "0x00000000");
                given().contentType("application/xml").body(ReportXml.write(reportOf(client, i, agent), StandardCharsets.UTF_8))
                        .post("/api/state-messages").then().statusCode(202);
            }
        }
        awaitCount("SELECT count(*) FROM state_ingest.client_state WHERE client_id LIKE '" + prefix(run) + "%'", 2L * CLIENTS);
        awaitCount("SELECT count(*) FROM state_ingest.distribution_status WHERE package_id = '" + packageId + "'", 2);
        await(() -> given().get("/api/packages/" + packageId + "/target").statusCode() == 200, "the target of " + packageId);
        awaitCount("SELECT count(*) FROM state_ingest.rollout_state WHERE package_id = '" + packageId + "' AND status = 'HALTED'", 1);
        awaitCount("SELECT count(*) FROM state_ingest.rollout_state WHERE package_id = '" + packageId + "'", 2);
        // The fleet-wide answers are cached 2 s per query (ops-* caches): outwait the "before" answers, or a rollout
        // stored within 2 s of them reads as no change.
        Thread.sleep(2_100);
    }

    /** Version 3's rollout halted in the pilot, sent after the pilot's start it supersedes; version 2 completed. */
    private static List<RolloutStateChanged> rolloutChanges(String packageId) {
        List<RingFigures> pending = List.of(new RingFigures("early", RingState.PENDING, 0, 0, 0, 0, 0),
                new RingFigures("broad", RingState.PENDING, 0, 0, 0, 0, 0));
        List<RingFigures> halted = new ArrayList<>(List.of(new RingFigures("pilot", RingState.HALTED, 5, 1, 2, 1, 1)));
        halted.addAll(pending);
        List<RingFigures> started = new ArrayList<>(List.of(new RingFigures("pilot", RingState.ACTIVE, 0, 0, 0, 0, 0)));
        started.addAll(pending);
        List<RingFigures> completed = List.of(new RingFigures("pilot", RingState.PASSED, 2, 2, 0, 0, 0),
                new RingFigures("early", RingState.PASSED, 2, 2, 0, 0, 0), new RingFigures("broad", RingState.PASSED, 16, 16, 0, 0, 0));
        return List.of(
                new RolloutStateChanged(packageId, 2, RolloutChange.COMPLETED, null, RolloutStatus.COMPLETED, completed, List.of(), null,
                        RolloutStateChanged.AUTOMATIC_ACTOR, T0.minusSeconds(86_400)),
                new RolloutStateChanged(packageId, 3, RolloutChange.HALTED, "pilot", RolloutStatus.HALTED, halted,
                        List.of(new ErrorCodeCount("0x80070643", "Fatal error during installation", 2001, 4, 2),
                                new ErrorCodeCount("0x80200013", "BITS download failed", 800, 309, 1)),
                        HALT_REASON, RolloutStateChanged.AUTOMATIC_ACTOR, T0.plusSeconds(7200)),
                new RolloutStateChanged(packageId, 3, RolloutChange.RING_STARTED, "pilot", RolloutStatus.RUNNING, started, List.of(), null,
                        RolloutStateChanged.AUTOMATIC_ACTOR, T0.plusSeconds(120)));
    }

    private static ManifestUpdated manifestUpdated(String packageId) {
        return new ManifestUpdated(packageId, 3, 2, CLIENT_VERSION, "5.00.7783.1000", "KB2907566",
                List.of(new ManifestItem("SCEPInstall.exe", SCEP_HASH, TARGET, 13_731_776L, 17, true)),
                new CabinetFile("ccmsetup.cab", SCEP_HASH, 4096, "c2lnbmF0dXJl", "SHA256withECDSA", "http://mb/api/signing-key"),
                "http://mb/source/" + packageId + "/3/");
    }

    // ---- the browser ----

    /** Headless Debian Chromium through Debian's chromedriver; Selenium Manager never runs (the driver is given). */
    private static WebDriver chromium() throws Exception {
        Path profile = Files.createTempDirectory("acu-dashboard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(locate("chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,1750", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(locate("chromedriver"))).usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static String locate(String tool) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(tool + " is not on the PATH");
    }

    private static WebElement testId(WebDriver browser, String id) {
        return browser.findElement(By.cssSelector("[data-testid='" + id + "']"));
    }

    private static String text(WebDriver browser, String id) {
        return testId(browser, id).getText();
    }

    private static long number(WebDriver browser, String id) {
        return parse(text(browser, id));
    }

    private static List<WebElement> rows(WebDriver browser, String id) {
        return browser.findElements(By.cssSelector("[data-testid='" + id + "']"));
    }

    private static String cell(WebElement row, String id) {
        return row.findElement(By.cssSelector("[data-testid='" + id + "']")).getText();
    }

    /** A count as the page writes it, e.g. {@code 1,234}. */
    private static long parse(String shown) {
        return Long.parseLong(shown.replace(",", ""));
    }

    // ---- the API ----

    private static JsonPath compliance(int topicType, String target) {
        return given().get("/api/compliance?topicType=" + topicType + "&targetVersion=" + target).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath progress() {
        return given().get("/api/rollout/progress?bucket=PT1H").then().statusCode(200).extract().jsonPath();
    }

    /** Current failures of every topic type the dashboard shows, as "topic/state/errorCode" → clients, at its limit of 50 each. */
    private static Map<String, Long> failures() {
        Map<String, Long> all = new HashMap<>();
        for (int topicType : new int[] {800, 2001, 2002}) {
            List<Map<String, Object>> groups = given().get("/api/failures?topicType=" + topicType + "&limit=50").then().statusCode(200)
                    .extract().jsonPath().getList("$");
            for (Map<String, Object> g : groups) {
                all.put(g.get("topicType") + "/" + g.get("stateId") + "/" + (g.get("errorCode") == null ? "" : g.get("errorCode")),
                        ((Number) g.get("clients")).longValue());
            }
        }
        return all;
    }

    private static long delta(JsonPath after, JsonPath before, String path) {
        return after.getLong(path) - before.getLong(path);
    }

    private static long lastCumulative(JsonPath progress, int series) {
        List<Object> buckets = progress.getList("series[" + series + "].buckets");
        return buckets.isEmpty() ? 0 : progress.getLong("series[" + series + "].buckets[-1].cumulative");
    }

    // ---- generated messages, as the clients write them ----

    private static String prefix(String run) {
        return "GUID:" + run + "-";
    }

    private static String clientId(String run, int i) {
        return prefix(run) + String.format("%04X-4C61-8E2B-%012d", i, i);
    }

    private static StateMessage message(Instant time, Long serial, int topicType, String topicId, int stateId, String param1, String param2) {
        return new StateMessage(WmiDateTime.of(time), serial == null ? OptionalLong.empty() : OptionalLong.of(serial),
                new Topic(topicId, topicType, 0, "", ""), new State(stateId, 0), new UserParameters(0, List.of(param1, param2)));
    }

    private static Report reportOf(String client, int i, StateMessage message) {
        Machine machine = new Machine(true, 1, client, Version.parse(CLIENT_VERSION), "WKS-" + i, 437, 1033, 5);
        ReportDetails details = new ReportDetails("State Message Data", "Full", message.messageTime(), "1.0", "1.0");
        return new Report(new ReportHeader(machine, details), List.of(message));
    }

    private static EventEnvelope<FspStateMessageReceived> fspEvent(String client, int i, StateMessage message) {
        ReportedStateMessage reported = REPORTS.readXml(ReportXml.write(reportOf(client, i, message))).get(0);
        return EventEnvelope.of(new FspStateMessageReceived(reported, message.messageTime().toInstant(), "192.0.2.10"), "fsp",
                message.messageTime().toInstant());
    }

    // ---- plumbing ----

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static void awaitCount(String sql, long expected) throws Exception {
        long[] last = {-1};
        await(() -> {
            last[0] = count(sql);
            return last[0] >= expected;
        }, expected + " from " + sql);
    }

    private static void await(ThrowingCondition condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    @FunctionalInterface
    private interface ThrowingCondition {
        boolean holds() throws Exception;
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = database(); ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Runs {@code reads} until no element went stale under it (at most 15 times: a busy machine slows the reads more than the 2 s redraws). */
    private static void onStablePage(Runnable reads) {
        for (int attempt = 1; ; attempt++) {
            try {
                reads.run();
                return;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 15) {
                    throw e;
                }
            }
        }
    }

    private static Connection database() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
    }
}
