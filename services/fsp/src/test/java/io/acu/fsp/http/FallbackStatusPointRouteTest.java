package io.acu.fsp.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.FspStateMessageReceived;
import io.acu.contracts.ReportedStateMessage;
import io.acu.contracts.Topics;
import io.acu.fsp.TopicReader;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.intake.IntakeRoute;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The fallback status point on the real broker: what it accepts is on acu.fsp.messages; what it refuses is explained and not published. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
class FallbackStatusPointRouteTest {

    static final String PATH = "/SMS_FSP/.sms_fsp";
    static final String SAMPLE_CLIENT = "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42";

    static String sample(String name) {
        try (InputStream in = FallbackStatusPointRouteTest.class.getResourceAsStream("/samples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String newClient() {
        return "GUID:" + UUID.randomUUID().toString().toUpperCase();
    }

    @Test
    void publishesEachMessageKeyedByClientOnlyAfterKafkaAcknowledged() {
        String xmlClient = newClient();
        String jsonClient = newClient();
        String utf16Client = newClient();
        // Two messages in one report: deployment started, then succeeded.
        String twoMessages = sample("fsp-client-deployment-succeeded.xml").replace(SAMPLE_CLIENT, xmlClient)
                .replace("<ReportBody>", "<ReportBody><StateMessage MessageTime=\"20130909085600.000000+000\"><Topic ID=\"{1FFD119F-4ED5-4C9A-9765-CAACE1E26FD7}\" Type=\"800\" IDType=\"0\" User=\"\" UserSID=\"\"/><State ID=\"100\" Criticality=\"0\"/></StateMessage>");
        given().contentType("text/xml").body(twoMessages.getBytes(StandardCharsets.UTF_8)).post(PATH).then().statusCode(202);
        given().contentType("application/json").body("""
                {"clientId": "%s", "netbiosName": "WKS-0002", "clientVersion": "5.00.7804.1000",
                 "messages": [{"messageTime": "20130909090000.000000+060", "topicType": 800, "topicId": "{1FFD119F-4ED5-4C9A-9765-CAACE1E26FD7}",
                   "stateId": 325, "userParameters": ["SCEPInstall.exe", "0x80091007"]}]}
                """.formatted(jsonClient)).post(PATH).then().statusCode(202);
        byte[] utf16 = utf16(sample("state-message-ep-installed.xml").replace(SAMPLE_CLIENT, utf16Client).replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\""));
        given().contentType("application/xml").body(utf16).post(PATH).then().statusCode(202);

        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(Topics.FSP_MESSAGES,
                r -> List.of(xmlClient, jsonClient, utf16Client).contains(r.key()), 4, Duration.ofSeconds(30));
        assertThat(records).hasSize(4);
        List<ReportedStateMessage> xml = records.stream().filter(r -> r.key().equals(xmlClient)).map(FallbackStatusPointRouteTest::decode).toList();
        assertThat(xml).extracting(ReportedStateMessage::stateId).containsExactly(100, 400);
        assertThat(xml).extracting(ReportedStateMessage::stateName).containsExactly("Client deployment started", "Client deployment succeeded");
        assertThat(xml.get(1).messageTime()).isEqualTo(Instant.parse("2013-09-09T08:56:47Z"));

        ReportedStateMessage json = records.stream().filter(r -> r.key().equals(jsonClient)).map(FallbackStatusPointRouteTest::decode).findFirst().orElseThrow();
        assertThat(json.stateName()).isEqualTo("Prerequisite hash mismatch");
        assertThat(json.errorCode()).isEqualTo("0x80091007");
        assertThat(json.messageTime()).isEqualTo(Instant.parse("2013-09-09T08:00:00Z"));

        ConsumerRecord<String, byte[]> ep = records.stream().filter(r -> r.key().equals(utf16Client)).findFirst().orElseThrow();
        EventEnvelope<FspStateMessageReceived> event = EventJson.decode(ep.value(), FspStateMessageReceived.class);
        assertThat(event.source()).isEqualTo("fsp");
        assertThat(event.payload().remoteAddress()).isEqualTo("127.0.0.1");
        assertThat(event.payload().message().serialNumber()).isEqualTo(1187L);
        assertThat(event.payload().message().errorCode()).isEqualTo("0x00000000");
    }

    @Test
    void aReportOverTheEventLoopsShareIsReadOnAWorkerAndPublishedWhole() {
        // 250 messages, about 90 KiB: over IntakeRoute.EVENT_LOOP_MAX_BYTES, so it takes the worker-thread path.
        String client = newClient();
        String report = sample("fsp-client-deployment-succeeded.xml").replace(SAMPLE_CLIENT, client);
        int start = report.indexOf("<StateMessage ");
        int end = report.indexOf("</StateMessage>") + "</StateMessage>".length();
        StringBuilder messages = new StringBuilder();
        for (int serial = 1; serial <= 250; serial++) {
            messages.append(report, start, end);
        }
        byte[] body = (report.substring(0, start) + messages + report.substring(end)).getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isGreaterThan(IntakeRoute.EVENT_LOOP_MAX_BYTES);

        given().contentType("text/xml").body(body).post(PATH).then().statusCode(202);

        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(Topics.FSP_MESSAGES, r -> r.key().equals(client), 250, Duration.ofSeconds(30));
        assertThat(records).hasSize(250);
        assertThat(records).extracting(r -> decode(r).stateId()).containsOnly(400);
    }

    @Test
    void refusesBadInputWithTheReasonAndPublishesNothingOfIt() {
        String client = newClient();
        String valid = sample("fsp-client-deployment-succeeded.xml").replace(SAMPLE_CLIENT, client);
        given().contentType("text/xml").body(valid.substring(0, valid.length() - 20)).post(PATH).then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400)).body("detail", containsString("Report"));
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Report [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><Report>&xxe;</Report>";
        given().contentType("text/xml").body(xxe).post(PATH).then().statusCode(400).body("detail", containsString("DOCTYPE"));
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">]><Report>&lol2;</Report>";
        given().contentType("text/xml").body(laughs).post(PATH).then().statusCode(400).body("detail", containsString("DOCTYPE"));
        given().contentType("text/xml").body(valid.replace("Type=\"800\"", "Type=\"4242\"")).post(PATH).then().statusCode(422)
                .body("detail", equalTo("StateMessage 1: unknown topic type 4242 (known: [800, 2001, 2002])"));
        given().contentType("text/xml").body(valid.replace("<ClientID>" + client, "<ClientID> ")).post(PATH).then().statusCode(422)
                .body("detail", equalTo("ClientID is blank"));
        byte[] oversized = (valid + " ".repeat(1024 * 1024)).getBytes(StandardCharsets.UTF_8);
        given().contentType("text/xml").body(oversized).post(PATH).then().statusCode(413)
                .body("detail", containsString("exceeds the limit of 1048576 bytes"));
        // Over Vert.x's old 2 MiB limit too: still our problem, answered before the body is read.
        byte[] threeMegabytes = (valid + " ".repeat(3 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
        given().contentType("text/xml").body(threeMegabytes).post(PATH).then().statusCode(413)
                .contentType("application/problem+json").body("detail", equalTo("the body exceeds the limit of 1048576 bytes"));
        given().contentType("image/png").body(valid.getBytes(StandardCharsets.UTF_8)).post(PATH).then().statusCode(415);
        given().put(PATH).then().statusCode(405).header("Allow", "POST").contentType("application/problem+json")
                .body("detail", equalTo("PUT is not allowed here: POST a report"));

        // A valid message of the same client, sent last, is on the topic alone.
        given().contentType("text/xml").body(valid).post(PATH).then().statusCode(202);
        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(Topics.FSP_MESSAGES, r -> r.key().equals(client), 2, Duration.ofSeconds(10));
        assertThat(records).hasSize(1);
        assertThat(decode(records.get(0)).stateId()).isEqualTo(400);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("acu_intake_requests_refused_total{intake=\"fsp\",status=\"422\"} 2.0"))
                .body(containsString("acu_intake_requests_refused_total{intake=\"fsp\",status=\"413\"} 2.0"))
                .body(containsString("acu_intake_requests_refused_total{intake=\"fsp\",status=\"405\"} 1.0"));
    }

    private static ReportedStateMessage decode(ConsumerRecord<String, byte[]> record) {
        return EventJson.decode(record.value(), FspStateMessageReceived.class).payload().message();
    }

    private static byte[] utf16(String xml) {
        byte[] body = xml.getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[body.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(body, 0, withBom, 2, body.length);
        return withBom;
    }
}
