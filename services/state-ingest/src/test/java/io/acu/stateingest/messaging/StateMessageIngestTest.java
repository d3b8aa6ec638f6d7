package io.acu.stateingest.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.acu.contracts.ContentDistributionStatusChanged;
import io.acu.contracts.DistributionState;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.FspStateMessageReceived;
import io.acu.contracts.ReportedStateMessage;
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
import io.acu.infra.EmbeddedPostgresServer;
import io.acu.infra.KafkaTestClient;
import io.acu.infra.quarkus.InjectPostgres;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.intake.StateMessageReports;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * State messages end to end inside state-ingest, on the real broker and PostgreSQL: Endpoint Protection messages
 * POSTed to the intake, fallback status point events on acu.fsp.messages (as fsp publishes them), with duplicates,
 * shuffled, plus junk; then exactly the expected rows, current states, compliance and failure counts. Counts over
 * the whole fleet are compared as differences, so other tests' clients do not matter.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StateMessageIngestTest {

    private static final String EP_TOPIC_ID = "{9BCF7827-E04F-4C3A-8D8C-B943316A2D7F}";
    private static final String DEPLOYMENT_TOPIC_ID = "{1FFD119F-4ED5-4C9A-9765-CAACE1E26FD7}";
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    private static final StateMessageReports REPORTS = StateMessageReports.standard();
    /** 5 per client (3 over the intake, 2 from fsp) and 40 earlier successes. */
    private static final int MESSAGES = 10_040;
    private static final String FIRST_REACHED_RECOUNT = """
            SELECT topic_type, state_id, date_bin('1 minute', first_time, timestamptz '2000-01-01 00:00:00+00'), count(*)
            FROM (SELECT topic_type, state_id, client_id, min(message_time) AS first_time FROM state_ingest.state_message
                  WHERE (topic_type, state_id) IN ((800, 400), (2001, 3)) GROUP BY 1, 2, 3) AS firsts GROUP BY 1, 2, 3""";
    private static final String FIRST_REACHED_KEPT = "SELECT topic_type, state_id, minute, clients FROM state_ingest.first_reached_count WHERE clients <> 0";
    private static final String FIRST_REACHED_NOT_MATCHING_A_RECOUNT = "SELECT count(*) FROM ((" + FIRST_REACHED_KEPT + " EXCEPT "
            + FIRST_REACHED_RECOUNT + ") UNION ALL (" + FIRST_REACHED_RECOUNT + " EXCEPT " + FIRST_REACHED_KEPT + ")) AS differences";
    private static final String RECOUNT = """
            SELECT topic_type, state_id, coalesce(state_name, ''), coalesce(reported_version, ''), coalesce(error_code, ''), count(*)
            FROM state_ingest.client_state GROUP BY 1, 2, 3, 4, 5""";
    private static final String KEPT_COUNTS = """
            SELECT topic_type, state_id, state_name, reported_version, error_code, clients FROM state_ingest.client_state_count
            WHERE clients <> 0""";
    private static final String COUNTS_NOT_MATCHING_A_RECOUNT = "SELECT count(*) FROM ((" + KEPT_COUNTS + " EXCEPT " + RECOUNT
            + ") UNION ALL (" + RECOUNT + " EXCEPT " + KEPT_COUNTS + ")) AS differences";

    @TestHTTPResource("/api/state-messages")
    URL intake;

    @InjectPostgres
    EmbeddedPostgresServer postgres;

    @Test
    @Order(1)
    void tenThousandMixedMessagesWithDuplicatesInAnyOrderEndUpExactlyOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        int clients = 2000;
        JsonPath epBefore = compliance(2001, "4.3.215.0");
        JsonPath clientBefore = compliance(800, "5.00.7804.1000");
        long epFailedBefore = failureClients(2001, 4, "0x80070643");
        long hashFailedBefore = failureClients(800, 325, "0x80091007");
        JsonPath progressBefore = given().get("/api/rollout/progress?bucket=PT1H").then().statusCode(200).extract().jsonPath();

        // Per client: EP 2001/2 → 2001/3 (or 4) → 2002/1 over the intake with serial numbers; FSP 800/100 → 800/400 (or 325).
        List<byte[]> reports = new ArrayList<>();
        List<EventEnvelope<FspStateMessageReceived>> fspEvents = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String client = clientId(run, i);
            boolean failing = i % 10 == 0;
            String epVersion = i % 10 == 1 ? "4.2.223.0" : "4.3.215.0";
            long serial = 1000L + i * 10L;
            Instant t = T0.plusSeconds(i);
            reports.add(report(client, i, message(t, serial, 2001, EP_TOPIC_ID, 2, epVersion, "0x00000000")));
            reports.add(report(client, i, failing
                    ? message(t.plusSeconds(600), serial + 1, 2001, EP_TOPIC_ID, 4, epVersion, "0x80070643")
                    : message(t.plusSeconds(600), serial + 1, 2001, EP_TOPIC_ID, 3, epVersion, "0x00000000")));
            reports.add(report(client, i, message(t.plusSeconds(1200), serial + 2, 2002, EP_TOPIC_ID, 1, "policy", "0x00000000")));
            fspEvents.add(fspEvent(client, i, message(t.minusSeconds(3600), null, 800, DEPLOYMENT_TOPIC_ID, 100, "5.0.7804.1000", "Deployment")));
            fspEvents.add(fspEvent(client, i, failing
                    ? message(t.minusSeconds(1800), null, 800, DEPLOYMENT_TOPIC_ID, 325, "SCEPInstall.exe", "0x80091007")
                    : message(t.minusSeconds(1800), null, 800, DEPLOYMENT_TOPIC_ID, 400, "5.0.7804.1000", "Deployment")));
            if (i % 50 == 7) {
                // An earlier success reported too (a retried status message): the client first reached 800/400 then.
                fspEvents.add(fspEvent(client, i, message(t.minusSeconds(2400), null, 800, DEPLOYMENT_TOPIC_ID, 400, "5.0.7804.1000", "Deployment")));
            }
        }
        // 5 % duplicates: a client re-posting a report (new event, same serial number), an event redelivered (same
        // event ID), and a message fsp received twice (new event, same client/topic/state/MessageTime).
        Random random = new Random(5);
        List<byte[]> posted = new ArrayList<>(reports);
        for (int i = 0; i < 300; i++) {
            posted.add(reports.get(random.nextInt(reports.size())));
        }
        List<byte[]> produced = new ArrayList<>();
        fspEvents.forEach(event -> produced.add(EventJson.encodeBytes(event)));
        for (int i = 0; i < 100; i++) {
            produced.add(EventJson.encodeBytes(fspEvents.get(random.nextInt(fspEvents.size()))));
            EventEnvelope<FspStateMessageReceived> again = fspEvents.get(random.nextInt(fspEvents.size()));
            produced.add(EventJson.encodeBytes(EventEnvelope.of(again.payload(), "fsp", again.occurredAt())));
        }
        Collections.shuffle(posted, random);
        Collections.shuffle(produced, random);
        assertThat(reports.size() + fspEvents.size()).isEqualTo(MESSAGES);
        assertThat(posted.size() - reports.size() + produced.size() - fspEvents.size()).isEqualTo(500);

        byte[] junk = "{\"eventId\": 42".getBytes(StandardCharsets.UTF_8);
        byte[] unknownTopic = EventJson.encodeBytes(fspEvent(clientId(run, -1), -1,
                message(T0, null, 800, DEPLOYMENT_TOPIC_ID, 400, "5.0.7804.1000", "Deployment")))
                .clone();
        unknownTopic = new String(unknownTopic, StandardCharsets.UTF_8).replace("\"topicType\":800", "\"topicType\":4242").getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < produced.size(); i++) {
                byte[] value = produced.get(i);
                String key = EventJson.decode(value, FspStateMessageReceived.class).key();
                sends.add(producer.send(new ProducerRecord<>(Topics.FSP_MESSAGES, key, value)));
                if (i == produced.size() / 2) {
                    sends.add(producer.send(new ProducerRecord<>(Topics.FSP_MESSAGES, clientId(run, -1), junk)));
                    sends.add(producer.send(new ProducerRecord<>(Topics.FSP_MESSAGES, clientId(run, -1), unknownTopic)));
                }
            }
            List<Integer> statuses = postAll(posted);
            for (var send : sends) {
                send.get(60, TimeUnit.SECONDS);
            }
            assertThat(statuses).hasSize(posted.size()).containsOnly(202);
        }

        awaitCount("SELECT count(*) FROM state_ingest.state_message WHERE client_id LIKE '" + prefix(run) + "%'", MESSAGES, Duration.ofSeconds(180));
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers())) {
            List<ConsumerRecord<String, byte[]>> dead = kafka.readFromStart(
                    Topics.FSP_MESSAGES_BY_STATE_INGEST.deadLetterTopic(), 2, Duration.ofSeconds(30)).stream()
                    .filter(r -> r.key().equals(clientId(run, -1))).toList();
            assertThat(dead).hasSize(2);
            assertThat(dead).extracting(r -> r.value()).containsExactlyInAnyOrder(junk, unknownTopic);
            assertThat(dead).extracting(r -> header(r, "dead-letter-reason")).anySatisfy(reason -> assertThat(reason).startsWith("Not valid JSON"))
                    .contains("unknown topic type 4242 (known: [800, 2001, 2002])");
            assertThat(dead).extracting(r -> header(r, "dead-letter-topic")).containsOnly(Topics.FSP_MESSAGES);
        }
        // Everything of the batch holding the junk was stored; nothing came twice.
        Thread.sleep(2000);
        assertThat(count("SELECT count(*) FROM state_ingest.state_message WHERE client_id LIKE '" + prefix(run) + "%'")).isEqualTo(MESSAGES);
        assertThat(count("SELECT count(*) FROM state_ingest.client_state WHERE client_id LIKE '" + prefix(run) + "%'")).isEqualTo(3L * clients);
        // The current EP state is the later message even where the earlier one arrived last.
        assertThat(count("SELECT count(*) FROM state_ingest.client_state WHERE topic_type = 2001 AND state_id = 2 AND client_id LIKE '"
                + prefix(run) + "%'")).isZero();
        assertThat(count("SELECT count(*) FROM state_ingest.client_state WHERE topic_type = 800 AND state_id = 100 AND client_id LIKE '"
                + prefix(run) + "%'")).isZero();

        // The counts compliance and failures read (client_state_count, kept by triggers) equal a full recount of
        // client_state after the shuffled stream with its duplicates and late messages.
        assertThat(count("SELECT sum(clients) FROM state_ingest.client_state_count")).isEqualTo(count("SELECT count(*) FROM state_ingest.client_state"))
                .isGreaterThanOrEqualTo(3L * clients);
        assertThat(count(COUNTS_NOT_MATCHING_A_RECOUNT)).isZero();
        // So do the first-reached counts the progress chart reads (first_reached_count), including the 40 clients
        // whose earlier success arrived after the later one.
        assertThat(count("SELECT count(*) FROM state_ingest.client_first_reached WHERE client_id LIKE '" + prefix(run) + "%'")).isEqualTo(3600);
        assertThat(count(FIRST_REACHED_NOT_MATCHING_A_RECOUNT)).isZero();

        JsonPath ep = compliance(2001, "4.3.215.0");
        assertThat(delta(ep, epBefore, "byState.ON_TARGET")).isEqualTo(1600);
        assertThat(delta(ep, epBefore, "byState.PENDING")).isEqualTo(200);
        assertThat(delta(ep, epBefore, "byState.FAILED")).isEqualTo(200);
        assertThat(delta(ep, epBefore, "byState.UNKNOWN")).isZero();
        assertThat(delta(ep, epBefore, "clients")).isEqualTo(2000);
        JsonPath deployment = compliance(800, "5.00.7804.1000");
        assertThat(delta(deployment, clientBefore, "byState.ON_TARGET")).isEqualTo(1800);
        assertThat(delta(deployment, clientBefore, "byState.FAILED")).isEqualTo(200);
        assertThat(failureClients(2001, 4, "0x80070643") - epFailedBefore).isEqualTo(200);
        assertThat(failureClients(800, 325, "0x80091007") - hashFailedBefore).isEqualTo(200);

        String failing = clientId(run, 10);
        given().get("/api/failures/clients?topicType=800&stateId=325&errorCode=0x80091007&limit=10000").then().statusCode(200)
                .body("findAll { it.clientId == '" + failing + "' }.size()", equalTo(1));
        JsonPath history = given().get("/api/clients/" + failing).then().statusCode(200).extract().jsonPath();
        assertThat(history.getList("history.stateId", Integer.class)).containsExactly(100, 325, 2, 4, 1);
        assertThat(history.getList("history.serialNumber", Long.class)).containsExactly(null, null, 1100L, 1101L, 1102L);
        assertThat(history.getList("current.stateName", String.class))
                .containsExactly("Prerequisite hash mismatch", "Installation failed", "Succeeded");
        assertThat(history.getList("history[1].userParameters", String.class)).containsExactly("SCEPInstall.exe", "0x80091007");

        JsonPath progress = given().get("/api/rollout/progress?bucket=PT1H").then().statusCode(200).extract().jsonPath();
        assertThat(progress.getList("series.name", String.class)).containsExactly("deploymentSucceeded", "endpointProtectionManaged");
        // 1,800 clients first reached 800/400 and 1,800 first reached 2001/3 (on target or not): the running totals grow by that.
        assertThat(lastCumulative(progress, 0) - lastCumulative(progressBefore, 0)).isEqualTo(1800);
        assertThat(lastCumulative(progress, 1) - lastCumulative(progressBefore, 1)).isEqualTo(1800);
        // Success times span 08:30 to 09:03 (800/400) and 09:10 to 09:43 (2001/3): two hour buckets each.
        assertThat(progress.getList("series[0].buckets.start", String.class)).contains("2026-11-20T08:00:00Z", "2026-11-20T09:00:00Z");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("acu_stateingest_messages_ingested_total{topic=\"acu.fsp.messages\"}"))
                .body(containsString("acu_stateingest_messages_deadlettered_total{topic=\"acu.fsp.messages\"} 2.0"))
                // Registered at start: the series exists before anything was dead-lettered from this topic.
                .body(containsString("acu_stateingest_messages_deadlettered_total{topic=\"acu.client.state-messages\"}"))
                .body(containsString("kafka_consumer_fetch_manager_records_lag_max"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/compliance")).body(containsString("/api/rollout/progress"));
    }

    private static long lastCumulative(JsonPath progress, int series) {
        List<Object> buckets = progress.getList("series[" + series + "].buckets");
        return buckets.isEmpty() ? 0 : progress.getLong("series[" + series + "].buckets[-1].cumulative");
    }

    @Test
    @Order(2)
    void distributionStatusKeepsTheLatestChangePerDistributionPoint() throws Exception {
        String packageId = "T" + UUID.randomUUID().toString().substring(0, 2).toUpperCase() + "00001";
        Instant t = Instant.parse("2026-11-29T10:00:00Z");
        var pending = new ContentDistributionStatusChanged(packageId, 5, "dp01", DistributionState.INSTALL_PENDING, null, 0, 0, null, t);
        var installed = new ContentDistributionStatusChanged(packageId, 5, "dp01", DistributionState.INSTALLED, DistributionState.INSTALL_PENDING, 1,
                13_731_776L, null, t.plusSeconds(60));
        var failed = new ContentDistributionStatusChanged(packageId, 5, "dp02", DistributionState.INSTALL_FAILED, DistributionState.INSTALL_RETRYING,
                3, 4096, "hash mismatch for SCEPInstall.exe", t.plusSeconds(90));
        EventEnvelope<ContentDistributionStatusChanged> installedEvent = EventEnvelope.of(installed, "dp-content", installed.changedAt());
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers())) {
            kafka.send(Topics.CONTENT_DISTRIBUTION, installedEvent.key(), EventJson.encodeBytes(installedEvent));
            // Late and redelivered: neither moves dp01 back.
            EventEnvelope<ContentDistributionStatusChanged> pendingEvent = EventEnvelope.of(pending, "dp-content", pending.changedAt());
            kafka.send(Topics.CONTENT_DISTRIBUTION, pendingEvent.key(), EventJson.encodeBytes(pendingEvent));
            kafka.send(Topics.CONTENT_DISTRIBUTION, installedEvent.key(), EventJson.encodeBytes(installedEvent));
            EventEnvelope<ContentDistributionStatusChanged> failedEvent = EventEnvelope.of(failed, "dp-content", failed.changedAt());
            kafka.send(Topics.CONTENT_DISTRIBUTION, failedEvent.key(), EventJson.encodeBytes(failedEvent));
            byte[] junk = "[]".getBytes(StandardCharsets.UTF_8);
            kafka.send(Topics.CONTENT_DISTRIBUTION, packageId + "/dp03", junk);
            List<ConsumerRecord<String, byte[]>> dead = kafka.readFromStart(
                    Topics.CONTENT_DISTRIBUTION_BY_STATE_INGEST.deadLetterTopic(), 1, Duration.ofSeconds(30));
            assertThat(dead).filteredOn(r -> r.key().equals(packageId + "/dp03")).extracting(r -> header(r, "dead-letter-reason"))
                    .containsExactly("Not an event: expected a JSON object, got array");
        }
        // The junk came last on its own key; wait until both points are stored.
        awaitCount("SELECT count(*) FROM state_ingest.distribution_status WHERE package_id = '" + packageId + "'", 2, Duration.ofSeconds(30));
        JsonPath summary = given().get("/api/distribution?packageId=" + packageId).then().statusCode(200).extract().jsonPath();
        assertThat(summary.getList("packageVersion", Integer.class)).containsExactly(5);
        assertThat(summary.getMap("[0].byState")).isEqualTo(Map.of("INSTALLED", 1, "INSTALL_FAILED", 1));
        assertThat(summary.getList("[0].distributionPoints.distributionPoint", String.class)).containsExactly("dp01", "dp02");
        assertThat(summary.getString("[0].distributionPoints[1].lastError")).isEqualTo("hash mismatch for SCEPInstall.exe");
        assertThat(summary.getLong("[0].distributionPoints[0].bytesTransferred")).isEqualTo(13_731_776L);
        given().get("/api/distribution?packageId=CAS0006").then().statusCode(400);
    }

    @Test
    @Order(3)
    void theIntakeRefusesBadInputWithTheReason() {
        String valid = new String(report(clientId("BAD", 1), 1, message(T0, 1L, 2001, EP_TOPIC_ID, 3, "4.3.215.0", "0x00000000")), StandardCharsets.UTF_8);
        given().contentType("text/xml").body(valid.substring(0, 200)).post("/api/state-messages").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType("text/xml").body("<?xml version=\"1.0\"?><!DOCTYPE Report [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Report>&x;</Report>")
                .post("/api/state-messages").then().statusCode(400).body("detail", containsString("DOCTYPE"));
        given().contentType("text/xml").body("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><Report>&b;</Report>")
                .post("/api/state-messages").then().statusCode(400).body("detail", containsString("DOCTYPE"));
        given().contentType("text/xml").body(valid.replace("Type=\"2001\"", "Type=\"4242\"")).post("/api/state-messages").then().statusCode(422)
                .body("detail", equalTo("StateMessage 1: unknown topic type 4242 (known: [800, 2001, 2002])"));
        given().contentType("text/xml").body((valid + " ".repeat(1_100_000)).getBytes(StandardCharsets.UTF_8)).post("/api/state-messages").then()
                .statusCode(413).body("detail", containsString("exceeds the limit of 1048576 bytes"));
        given().get("/api/state-messages").then().statusCode(405).header("Allow", "POST").contentType("application/problem+json")
                .body("detail", equalTo("GET is not allowed here: POST a report"));
        given().get("/api/compliance?topicType=4242&targetVersion=1.0").then().statusCode(400).body("detail", containsString("4242"));
        given().get("/api/compliance?topicType=2001&targetVersion=x.y").then().statusCode(400);
        given().get("/api/rollout/progress?bucket=PT1S").then().statusCode(400).body("field", equalTo("bucket"));
        // PostgreSQL's date_bin overflowed on such a stride: a 500 in plain text before.
        given().get("/api/rollout/progress?bucket=P1000000000D").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("bucket must be at most P3660D, was P1000000000D")).body("field", equalTo("bucket"));
        given().get("/api/packages/x/rollout").then().statusCode(400).body("field", equalTo("packageId"));
        given().get("/api/clients/GUID:nobody").then().statusCode(404);
        // A query parameter of the wrong type names itself (JAX-RS alone would answer an empty 404).
        given().get("/api/compliance?topicType=abc&targetVersion=4.3.215.0").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("topicType must be a whole number, was 'abc'")).body("field", equalTo("topicType"));
        given().get("/api/failures?topicType=2001&limit=999999999999").then().statusCode(400)
                .body("detail", equalTo("limit must be 1..10000, was 999999999999")).body("field", equalTo("limit"));
        given().get("/api/failures/clients?topicType=2001&stateId=99999999999").then().statusCode(400)
                .body("detail", equalTo("stateId is out of range (-2147483648..2147483647), was 99999999999")).body("field", equalTo("stateId"));
        given().get("/api/compliance?topicType=2001").then().statusCode(400)
                .body("detail", equalTo("targetVersion is required, e.g. 4.3.215.0")).body("field", equalTo("targetVersion"));
        given().get("/api/compliance?topicType=2001&targetVersion=x.y").then().statusCode(400).body("field", equalTo("targetVersion"))
                .body("detail", startsWith("targetVersion: "));
        given().get("/api/failures/clients?topicType=2001&stateId=four").then().statusCode(400)
                .body("detail", equalTo("stateId must be a whole number, was 'four'"));
        given().get("/api/clients/GUID:nobody?limit=x").then().statusCode(400).body("detail", equalTo("limit must be a whole number, was 'x'"));
        // A NUL character can be in no stored client ID or error code (PostgreSQL would refuse the query: a 500 before).
        given().urlEncodingEnabled(false).get("/api/clients/GUID:A%00B").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("clientId must not contain a NUL character"));
        given().urlEncodingEnabled(false).get("/api/failures/clients?topicType=2001&stateId=4&errorCode=0x%00").then().statusCode(400)
                .body("detail", equalTo("errorCode must not contain a NUL character"));
        // Out of range, from each resource that checks it: the same problem+json.
        given().get("/api/failures?limit=5").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("topicType must be one of [800, 2001, 2002], was null"));
        given().get("/api/failures?topicType=800&limit=0").then().statusCode(400).body("detail", equalTo("limit must be 1..10000, was 0"));
        given().get("/api/failures/clients?topicType=2001&stateId=4&limit=10001").then().statusCode(400)
                .body("detail", equalTo("limit must be 1..10000, was 10001"));
        given().get("/api/failures/clients?topicType=2001").then().statusCode(400).body("detail", equalTo("stateId is required"))
                .body("field", equalTo("stateId"));
        given().get("/api/clients/GUID:nobody?limit=0").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("limit must be 1..10000, was 0"));
    }

    @Test
    @Order(4)
    void aDatabaseOutageDelaysMessagesButNeitherLosesNorDeadLettersThem() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        postgres.stop();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < 50; i++) {
                EventEnvelope<FspStateMessageReceived> event = fspEvent(clientId(run, i), i,
                        message(T0.plusSeconds(i), null, 800, DEPLOYMENT_TOPIC_ID, 400, "5.0.7804.1000", "Deployment"));
                producer.send(new ProducerRecord<>(Topics.FSP_MESSAGES, event.key(), EventJson.encodeBytes(event))).get(30, TimeUnit.SECONDS);
            }
            // Let the consumer meet the outage and retry a few times.
            Thread.sleep(5000);
        } finally {
            postgres.restart();
        }
        awaitCount("SELECT count(*) FROM state_ingest.state_message WHERE client_id LIKE '" + prefix(run) + "%'", 50, Duration.ofSeconds(120));
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers())) {
            assertThat(kafka.readFromStart(Topics.FSP_MESSAGES_BY_STATE_INGEST.deadLetterTopic(), 1000, Duration.ofSeconds(5)))
                    .noneMatch(r -> r.key() != null && r.key().startsWith(prefix(run)));
        }
    }

    @Test
    @Order(5)
    void aRecordTheDatabaseRefusesIsDeadLetteredAndTheRestOfItsBatchIsStored() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        // A constraint this one record violates (23514): PostgreSQL rolls back the statement of its whole batch, and
        // storing that batch again would fail forever. The constraint exists only for this test.
        execute("ALTER TABLE state_ingest.state_message ADD CONSTRAINT test_no_poison CHECK (netbios_name <> 'POISON-" + run + "')");
        try {
            EventEnvelope<FspStateMessageReceived> refused = fspEvent(clientId(run, 99), 99,
                    message(T0, null, 800, DEPLOYMENT_TOPIC_ID, 400, "5.0.7804.1000", "Deployment"));
            byte[] refusedJson = new String(EventJson.encodeBytes(refused), StandardCharsets.UTF_8)
                    .replace("\"netbiosName\":\"WKS-99\"", "\"netbiosName\":\"POISON-" + run + "\"").getBytes(StandardCharsets.UTF_8);
            assertThat(EventJson.decode(refusedJson, FspStateMessageReceived.class).payload().message().netbiosName()).isEqualTo("POISON-" + run);
            // Parameters PostgreSQL array syntax would misread unless quoted: they come back exactly as sent.
            List<String> awkward = List.of("say \"hi\"", "C:\\Windows\\ccmsetup", "{a,b}", "NULL", "", " padded ");
            try (KafkaProducer<String, byte[]> producer = producer()) {
                List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    EventEnvelope<FspStateMessageReceived> event = fspEvent(clientId(run, i), i,
                            message(T0.plusSeconds(i), null, 800, DEPLOYMENT_TOPIC_ID, 400, "5.0.7804.1000", "Deployment"));
                    if (i == 7) {
                        ReportedStateMessage m = event.payload().message();
                        event = EventEnvelope.of(new FspStateMessageReceived(new ReportedStateMessage(m.clientId(), m.netbiosName(), m.clientVersion(),
                                m.topicType(), m.topicId(), m.topicIdType(), m.stateId(), m.stateName(), m.knownState(), m.criticality(), m.messageTime(),
                                m.messageTimeWmi(), m.serialNumber(), awkward, m.errorCode()), event.payload().receivedAt(), "192.0.2.10"), "fsp", T0);
                    }
                    sends.add(producer.send(new ProducerRecord<>(Topics.FSP_MESSAGES, event.key(), EventJson.encodeBytes(event))));
                    if (i == 20) {
                        sends.add(producer.send(new ProducerRecord<>(Topics.FSP_MESSAGES, refused.key(), refusedJson)));
                    }
                }
                for (var send : sends) {
                    send.get(30, TimeUnit.SECONDS);
                }
            }
            awaitCount("SELECT count(*) FROM state_ingest.state_message WHERE client_id LIKE '" + prefix(run) + "%'", 40, Duration.ofSeconds(60));
            List<ConsumerRecord<String, byte[]>> dead = List.of();
            try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers())) {
                for (int attempt = 0; attempt < 12 && dead.isEmpty(); attempt++) {
                    dead = kafka.readFromStart(Topics.FSP_MESSAGES_BY_STATE_INGEST.deadLetterTopic(), 100_000, Duration.ofSeconds(5)).stream()
                            .filter(r -> refused.key().equals(r.key())).toList();
                }
            }
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).value()).isEqualTo(refusedJson);
            assertThat(header(dead.get(0), "dead-letter-reason")).contains("test_no_poison");
            assertThat(header(dead.get(0), "dead-letter-topic")).isEqualTo(Topics.FSP_MESSAGES);
            assertThat(count("SELECT count(*) FROM state_ingest.state_message WHERE client_id LIKE '" + prefix(run) + "%'")).isEqualTo(40);
            assertThat(count("SELECT count(*) FROM state_ingest.state_message WHERE client_id = '" + refused.key() + "'")).isZero();
            JsonPath history = given().get("/api/clients/" + clientId(run, 7)).then().statusCode(200).extract().jsonPath();
            assertThat(history.getList("history[0].userParameters", String.class)).isEqualTo(awkward);
        } finally {
            execute("ALTER TABLE state_ingest.state_message DROP CONSTRAINT test_no_poison");
        }
    }

    @Test
    @Order(6)
    void theFailureDrillDownListsOnlyFailures() {
        // 2001/3 is "managed", a success: /api/failures never counts it, so its drill-down must not list anyone.
        given().get("/api/failures/clients?topicType=2001&stateId=3").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("state 3 'Managed (EP client installed)' of topic type 2001 is not a failure state; failure states: [4, 6]"));
        given().get("/api/failures/clients?topicType=800&stateId=400").then().statusCode(400);
        given().get("/api/failures/clients?topicType=2001&stateId=4&limit=10000").then().statusCode(200)
                .body("stateId.findAll { it != 4 }.size()", equalTo(0));
    }

    // ---- generated messages, written as clients write them and mapped by the shared intake rules ----

    private static String prefix(String run) {
        return "GUID:" + run + "-";
    }

    private static String clientId(String run, int i) {
        return prefix(run) + String.format("%04X-4C61-8E2B-%012d", Math.max(i, 0) & 0xFFFF, i);
    }

    private static StateMessage message(Instant time, Long serial, int topicType, String topicId, int stateId, String param1, String param2) {
        return new StateMessage(WmiDateTime.of(time), serial == null ? OptionalLong.empty() : OptionalLong.of(serial),
                new Topic(topicId, topicType, 0, "", ""), new State(stateId, 0), new UserParameters(0, List.of(param1, param2)));
    }

    private static Report reportOf(String client, int i, StateMessage message) {
        Machine machine = new Machine(true, 1, client, Version.parse("5.00.7804.1000"), "WKS-" + i, 437, 1033, 5);
        ReportDetails details = new ReportDetails("State Message Data", "Full", message.messageTime(), "1.0", "1.0");
        return new Report(new ReportHeader(machine, details), List.of(message));
    }

    /** Report XML; every seventh client writes UTF-16 with BOM, as Windows clients do. */
    private static byte[] report(String client, int i, StateMessage message) {
        return ReportXml.write(reportOf(client, i, message), i % 7 == 3 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8);
    }

    private static EventEnvelope<FspStateMessageReceived> fspEvent(String client, int i, StateMessage message) {
        ReportedStateMessage reported = REPORTS.readXml(ReportXml.write(reportOf(client, i, message))).get(0);
        return EventEnvelope.of(new FspStateMessageReceived(reported, message.messageTime().toInstant(), "192.0.2.10"), "fsp",
                message.messageTime().toInstant());
    }

    // ---- plumbing ----

    private List<Integer> postAll(List<byte[]> bodies) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Semaphore inFlight = new Semaphore(32);
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        URI uri = intake.toURI();
        for (byte[] body : bodies) {
            inFlight.acquire();
            all.add(http.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/xml")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        statuses.add(failure == null ? response.statusCode() : -1);
                        inFlight.release();
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((ok, e) -> null).get(5, TimeUnit.MINUTES);
        return new ArrayList<>(statuses);
    }

    private static JsonPath compliance(int topicType, String target) {
        return given().get("/api/compliance?topicType=" + topicType + "&targetVersion=" + target).then().statusCode(200).extract().jsonPath();
    }

    private static long delta(JsonPath after, JsonPath before, String path) {
        return after.getLong(path) - before.getLong(path);
    }

    private static long failureClients(int topicType, int stateId, String errorCode) {
        List<Map<String, Object>> groups = given().get("/api/failures?topicType=" + topicType + "&limit=10000").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return groups.stream().filter(g -> ((Number) g.get("stateId")).intValue() == stateId && errorCode.equals(g.get("errorCode")))
                .mapToLong(g -> ((Number) g.get("clients")).longValue()).sum();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties config = new Properties();
        config.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "5"));
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static void awaitCount(String sql, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = count(sql);
                if (last >= expected) {
                    return;
                }
            } catch (java.sql.SQLException e) {
                // The database may be restarting.
            }
            Thread.sleep(500);
        }
        throw new AssertionError("expected " + expected + " from " + sql + ", last saw " + last);
    }

    private static void execute(String sql) throws Exception {
        var config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class))) {
            connection.createStatement().execute(sql);
        }
    }

    private static long count(String sql) throws Exception {
        var config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
