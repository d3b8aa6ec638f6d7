package io.acu.stateingest.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.CabinetFile;
import io.acu.contracts.ContentDistributionStatusChanged;
import io.acu.contracts.DistributionState;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestItem;
import io.acu.contracts.ManifestUpdated;
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
import io.acu.infra.KafkaTestClient;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The ops gauges show what the ops API answers: a package's compliance per state, a failure group with its own error
 * code, and the distribution points per content state of the package's newest version only.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class OpsGaugesTest {

    private static final String EP_TOPIC_ID = "{9BCF7827-E04F-4C3A-8D8C-B943316A2D7F}";
    private static final String TARGET = "5.00.7804.1000";

    @Inject
    OpsGauges gauges;

    @Test
    void theGaugesCarryTheOpsApisFigures() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
        String packageId = "G" + run.substring(0, 2) + "00001";
        String errorCode = "0x8BAD" + run.substring(2, 6);
        Instant t = Instant.parse("2026-11-29T10:00:00Z");
        try (KafkaTestClient kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            EventEnvelope<ManifestUpdated> target = EventEnvelope.of(new ManifestUpdated(packageId, 5, 4, TARGET, "5.00.7783.1000", "KB2907566",
                    List.of(new ManifestItem("SCEPInstall.exe", "a".repeat(64), "4.3.215.0", 13_731_776L, 17, true)),
                    new CabinetFile("ccmsetup.cab", "b".repeat(64), 4096, "c2lnbmF0dXJl", "SHA256withECDSA", "http://mb/api/signing-key"),
                    "http://mb/source/" + packageId + "/5/"), "manifest-builder", t);
            kafka.send(Topics.MANIFEST_UPDATED, target.key(), EventJson.encodeBytes(target));
            for (ContentDistributionStatusChanged change : List.of(
                    new ContentDistributionStatusChanged(packageId, 4, "dp01", DistributionState.INSTALLED, DistributionState.INSTALL_PENDING, 1, 10, null, t),
                    new ContentDistributionStatusChanged(packageId, 5, "dp01", DistributionState.INSTALLED, DistributionState.INSTALL_PENDING, 1, 10, null, t),
                    new ContentDistributionStatusChanged(packageId, 5, "dp02", DistributionState.INSTALL_FAILED, DistributionState.INSTALL_RETRYING, 3, 0,
                            "hash mismatch for SCEPInstall.exe", t))) {
                EventEnvelope<ContentDistributionStatusChanged> event = EventEnvelope.of(change, "dp-content", t);
                kafka.send(Topics.CONTENT_DISTRIBUTION, event.key(), EventJson.encodeBytes(event));
            }
        }
        // Two Endpoint Protection agents fail their installation with this run's own error code.
        for (int i = 0; i < 2; i++) {
            String client = "GUID:" + run + "00-0000-4C61-8E2B-00000000000" + i;
            given().contentType("text/xml").body(epInstallFailed(client, t.plusSeconds(i), errorCode)).post("/api/state-messages").then().statusCode(202);
        }
        await(() -> given().get("/api/packages/" + packageId + "/compliance").statusCode() == 200
                && given().get("/api/distribution?packageId=" + packageId).jsonPath().getList("distributionPoints.flatten()").size() == 3
                && failureClients(errorCode) == 2);

        JsonPath compliance = null;
        String metrics = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            JsonPath before = given().get("/api/packages/" + packageId + "/compliance").then().statusCode(200).extract().jsonPath();
            gauges.refresh().await().atMost(Duration.ofSeconds(30));
            metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            JsonPath after = given().get("/api/packages/" + packageId + "/compliance").then().statusCode(200).extract().jsonPath();
            if (before.getMap("byState").equals(after.getMap("byState"))) {
                compliance = after;
                break;
            }
        }
        assertThat(compliance).as("the fleet kept changing while the gauges refreshed").isNotNull();
        for (String state : List.of("ON_TARGET", "PENDING", "FAILED", "UNKNOWN")) {
            assertThat(gauge(metrics, "acu_compliance_clients", "package=\"" + packageId + "\",status=\"" + state.toLowerCase(Locale.ROOT)
                    + "\",target_version=\"" + TARGET + "\",topic_type=\"800\",version=\"5\"")).as(state).isEqualTo(compliance.getLong("byState." + state));
        }
        assertThat(gauge(metrics, "acu_failures_clients", "error_code=\"" + errorCode + "\",state_id=\"4\",state_name=\"Installation failed\",topic_type=\"2001\""))
                .isEqualTo(2);
        assertThat(gauge(metrics, "acu_dp_distribution_points", "package=\"" + packageId + "\",state=\"INSTALLED\",version=\"5\"")).isEqualTo(1);
        assertThat(gauge(metrics, "acu_dp_distribution_points", "package=\"" + packageId + "\",state=\"INSTALL_FAILED\",version=\"5\"")).isEqualTo(1);
        assertThat(metrics).doesNotContain("acu_dp_distribution_points{package=\"" + packageId + "\",state=\"INSTALLED\",version=\"4\"}");
    }

    @Test
    void everyConsumerGroupsLagAndEveryDeadLetterTopicAreReadFromTheBroker() throws Exception {
        String series = "consumer=\"state-ingest\",dead_letter_topic=\"acu.content.distribution.state-ingest.dlq\",topic=\"acu.content.distribution\"";
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (Topics.Subscription subscription : Topics.SUBSCRIPTIONS) {
            assertThat(metrics).contains("acu_dead_letters_total{consumer=\"" + subscription.consumer() + "\",dead_letter_topic=\""
                    + subscription.deadLetterTopic() + "\",topic=\"" + subscription.topic() + "\"}");
            assertThat(metrics).contains("acu_consumer_lag_records{group=\"" + subscription.consumer() + "\",topic=\"" + subscription.topic() + "\"}");
        }
        Thread.sleep(6000); // one refresh of the broker figures after start, so the count below is the broker's
        long before = gauge(given().get("/q/metrics").asString(), "acu_dead_letters_total", series);
        try (KafkaTestClient kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            kafka.send(Topics.CONTENT_DISTRIBUTION, "X0000001/dp01", "[]".getBytes(StandardCharsets.UTF_8));
        }
        await(() -> gauge(given().get("/q/metrics").asString(), "acu_dead_letters_total", series) == before + 1);
    }

    @Test
    void twentyDashboardsPollingAtOnceCostTheDatabaseOneQuery() throws Exception {
        String misses = "cache=\"ops-failures\",result=\"miss\"";
        Thread.sleep(2100); // past any earlier answer's 2 s
        long before = gauge(given().get("/q/metrics").asString(), "cache_gets_total", misses);
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            given().get("/api/failures?topicType=2001&limit=10").then().statusCode(200);
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        // One query per 2 s of polling, whatever the number of polls: twenty polls in a second or two cost one or two
        // queries, not twenty.
        long after = gauge(given().get("/q/metrics").asString(), "cache_gets_total", misses);
        // The ops gauges' own refresh (every 30 s) may fall in the window: two more misses (topic types 800 and 2001).
        assertThat(after - before).as("misses for 20 polls in %d ms", elapsedMillis).isBetween(1L, 3 + (elapsedMillis + 1999) / 2000);
    }

    /** The value of one series, e.g. {@code acu_dp_distribution_points{package="X",state="INSTALLED",version="5"} 1.0}. */
    private static long gauge(String metrics, String name, String labels) {
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " ([0-9.E]+)$").matcher(metrics);
        assertThat(value.find()).as(name + "{" + labels + "} in\n" + metrics.lines().filter(l -> l.startsWith(name)).toList()).isTrue();
        return (long) Double.parseDouble(value.group(1));
    }

    private static long failureClients(String errorCode) {
        return given().get("/api/failures?topicType=2001&limit=10000").jsonPath().getList("findAll { it.errorCode == '" + errorCode + "' }.clients",
                Long.class).stream().mapToLong(Long::longValue).sum();
    }

    private static byte[] epInstallFailed(String client, Instant time, String errorCode) {
        StateMessage message = new StateMessage(WmiDateTime.of(time), OptionalLong.of(time.getEpochSecond()),
                new Topic(EP_TOPIC_ID, 2001, 0, "", ""), new State(4, 0), new UserParameters(0, List.of("4.3.215.0", errorCode)));
        Machine machine = new Machine(true, 1, client, Version.parse(TARGET), "WKS-OPS", 437, 1033, 5);
        ReportDetails details = new ReportDetails("State Message Data", "Full", message.messageTime(), "1.0", "1.0");
        return ReportXml.write(new Report(new ReportHeader(machine, details), List.of(message)), StandardCharsets.UTF_8);
    }

    private interface Condition {
        boolean met() throws Exception;
    }

    private static void await(Condition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.met()) {
            assertThat(System.nanoTime()).as("the events were not stored within 60 s").isLessThan(deadline);
            Thread.sleep(300);
        }
    }
}
