package io.acu.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.contracts.ReportedStateMessage;
import io.acu.formats.catalogue.StateCatalogue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;

class StateMessageReportsTest {

    private static final String CLIENT = "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42";
    private final StateMessageReports reports = StateMessageReports.standard();

    static byte[] sample(String name) {
        try (InputStream in = StateMessageReportsTest.class.getResourceAsStream("/samples/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void mapsTheFallbackStatusPointSample() {
        List<ReportedStateMessage> messages = reports.read(sample("fsp-client-deployment-succeeded.xml"), "text/xml; charset=utf-8");
        assertThat(messages).containsExactly(new ReportedStateMessage(CLIENT, "WKS-0001", "5.00.7804.1000", 800,
                "{1FFD119F-4ED5-4C9A-9765-CAACE1E26FD7}", 0, 400, "Client deployment succeeded", true, 0,
                Instant.parse("2013-09-09T08:56:47Z"), "20130909085647.000000+000", null,
                List.of("5.0.7804.1000", "Deployment", "[DP] http://dp01.example.test/SMS_DP_SMSPKG$/CAS00006"), null));
    }

    @Test
    void mapsTheEndpointProtectionSampleInUtf8AndUtf16Alike() {
        List<ReportedStateMessage> utf8 = reports.readXml(sample("state-message-ep-installed.xml"));
        List<ReportedStateMessage> utf16 = reports.read(sample("state-message-ep-installed-utf16.xml"), null);
        assertThat(utf8).hasSize(1);
        ReportedStateMessage message = utf8.get(0);
        assertThat(message.topicType()).isEqualTo(2001);
        assertThat(message.stateId()).isEqualTo(3);
        assertThat(message.stateName()).isEqualTo("Managed (EP client installed)");
        assertThat(message.serialNumber()).isEqualTo(1187L);
        assertThat(message.errorCode()).isEqualTo("0x00000000");
        assertThat(message.messageTime()).isEqualTo(Instant.parse("2013-09-09T10:39:17Z"));
        assertThat(utf16.get(0).clientId()).isEqualTo("GUID:0C7A2E91-3D5B-4F08-A6C4-19E8B2D7F350");
        assertThat(utf16.get(0).topicType()).isEqualTo(2001);
        assertThat(utf16.get(0).errorCode()).isEqualTo(utf16.get(0).userParameters().get(1));
    }

    @Test
    void theJsonFormMapsToTheSameMessageAsTheXml() {
        String json = """
                {"clientId": "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42", "netbiosName": "WKS-0001", "clientVersion": "5.00.7804.1000",
                 "messages": [{"messageTime": "20130909103917.000000+000", "serialNumber": 1187, "topicType": 2001,
                   "topicId": "{9BCF7827-E04F-4C3A-8D8C-B943316A2D7F}", "topicIdType": 0, "stateId": 3, "criticality": 0,
                   "userParameters": ["4.3.215.0", "0x00000000"]}]}
                """;
        assertThat(reports.read(json.getBytes(StandardCharsets.UTF_8), "application/json"))
                .isEqualTo(reports.readXml(sample("state-message-ep-installed.xml")));
    }

    @Test
    void oversizedOrNulTextsAreRefusedAtTheDoorSoTheyCannotPoisonTheStore() {
        String hugeClient = "GUID:" + "A".repeat(12_000);
        byte[] xml = new String(sample("state-message-ep-installed.xml"), StandardCharsets.UTF_8)
                .replace(CLIENT, hugeClient).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reports.readXml(xml)).isInstanceOf(RejectedReport.class)
                .hasMessageContaining("clientId is 12005 characters long, at most 128 allowed")
                .satisfies(e -> assertThat(((RejectedReport) e).reason()).isEqualTo(RejectedReport.Reason.INVALID));
        String json = """
                {"clientId": "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42", "netbiosName": "\\u0000WKS", "clientVersion": "5.00.7804.1000",
                 "messages": [{"messageTime": "20130909103917.000000+000", "serialNumber": 1187, "topicType": 2001,
                   "topicId": "{9BCF7827-E04F-4C3A-8D8C-B943316A2D7F}", "topicIdType": 0, "stateId": 3, "criticality": 0,
                   "userParameters": ["4.3.215.0", "0x00000000"]}]}
                """;
        assertThatThrownBy(() -> reports.read(json.getBytes(StandardCharsets.UTF_8), "application/json"))
                .isInstanceOf(RejectedReport.class).hasMessageContaining("netbiosName contains a NUL character");
    }

    @Test
    void anUnnamedStateIsAcceptedAndFlagged() {
        byte[] xml = new String(sample("fsp-client-deployment-succeeded.xml"), StandardCharsets.UTF_8)
                .replace("State ID=\"400\"", "State ID=\"999\"").getBytes(StandardCharsets.UTF_8);
        ReportedStateMessage message = reports.readXml(xml).get(0);
        assertThat(message.knownState()).isFalse();
        assertThat(message.stateName()).isNull();
        assertThat(message.stateId()).isEqualTo(999);
    }

    @Test
    void anUnknownTopicTypeRefusesTheReport() {
        byte[] xml = new String(sample("fsp-client-deployment-succeeded.xml"), StandardCharsets.UTF_8)
                .replace("Type=\"800\"", "Type=\"4242\"").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reports.readXml(xml)).isInstanceOfSatisfying(RejectedReport.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(RejectedReport.Reason.INVALID);
                    assertThat(e.reason().httpStatus()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("StateMessage 1: unknown topic type 4242 (known: [800, 2001, 2002])");
                });
    }

    @Test
    void hostileAndBrokenDocumentsAreMalformed() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Report [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Report>&x;</Report>";
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><Report>&lol2;</Report>";
        for (String document : List.of(xxe, laughs, "<Report><ReportHeader>", "not xml at all")) {
            assertThatThrownBy(() -> reports.readXml(document.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(RejectedReport.class, e -> assertThat(e.reason()).isEqualTo(RejectedReport.Reason.MALFORMED));
        }
        assertThatThrownBy(() -> reports.readXml(xxe.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> reports.readJson("{\"clientId\": 1".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(RejectedReport.class, e -> assertThat(e.reason()).isEqualTo(RejectedReport.Reason.MALFORMED));
        assertThatThrownBy(() -> reports.readJson("{\"clientId\":\"c\",\"netbiosName\":\"n\",\"clientVersion\":\"5.0\",\"messages\":[{\"topicType\":800}]}"
                .getBytes(StandardCharsets.UTF_8))).hasMessage("message 1: messageTime is required");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"topicType\":\"2001\" | field 'messages[0].topicType' must be a whole number",
        "\"topicType\":2001.5 | field 'messages[0].topicType' must be a whole number",
        "\"topicType\":2001,\"bogus\":1 | unknown field 'messages[0].bogus'",
        "\"topicType\":2001,\"userParameters\":\"a\" | field 'messages[0].userParameters' must be a list",
        "\"topicType\":2001,\"userParameters\":[{}] | field 'messages[0].userParameters[0]' must be a string",
        "\"topicType\":2001,\"userParameters\":[7] | field 'messages[0].userParameters[0]' must be a string",
        "\"topicType\":2001,\"topicId\":\"y\" | malformed JSON at line 1, column 164: Duplicate field 'topicId'",
        "\"topicType\":2001,\"topicIdType\":\"\" | field 'messages[0].topicIdType' must be a whole number",
        "\"topicType\":2001,\"criticality\":\"  \" | field 'messages[0].criticality' must be a whole number",
        "\"topicType\":2001,\"serialNumber\":\"\" | field 'messages[0].serialNumber' must be a whole number",
        "\"topicType\":\"\" | field 'messages[0].topicType' must be a whole number",
        "\"topicType\":9999,\"topicType\":2001 | malformed JSON at line 1, column 166: Duplicate field 'topicType'",
        "\"topicType\":2147483648 | field 'messages[0].topicType' is out of range: Numeric value (2147483648) out of range of int (-2147483648 - 2147483647)",
        "\"topicType\":NaN | malformed JSON at line 1, column 153: Non-standard token 'NaN'",
    })
    void aJsonReportOfTheWrongShapeIsRefusedInItsOwnTermsNeverCoerced(String field, String reason) {
        String json = "{\"clientId\":\"c\",\"netbiosName\":\"n\",\"clientVersion\":\"5.0\",\"messages\":[{\"messageTime\":\"20130909103917.000000+000\","
                + "\"topicId\":\"x\",\"stateId\":3," + field + "}]}";
        assertThatThrownBy(() -> reports.readJson(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(RejectedReport.class, e -> assertThat(e.reason()).isEqualTo(RejectedReport.Reason.MALFORMED))
                .hasMessage("not a valid JSON report: " + reason);
    }

    @Test
    void aJsonBodyThatIsNotAReportSaysWhereItBroke() {
        assertThatThrownBy(() -> reports.readJson("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("not a valid JSON report: the body must be a JSON object (one report)");
        assertThatThrownBy(() -> reports.readJson("{\"clientId\":\"c\"} x".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("not a valid JSON report: malformed JSON at line 1, column 18: Unrecognized token 'x'");
        assertThatThrownBy(() -> reports.readJson(("{\"clientId\":\"c\",\"messages\":[{\"topicType\":" + "9".repeat(1001) + "}]}")
                .getBytes(StandardCharsets.UTF_8))).hasMessageStartingWith("not a valid JSON report: the JSON exceeds what is read: Number value length (1001) exceeds the maximum allowed (1000")
                .hasMessageNotContaining("`");
        assertThatThrownBy(() -> reports.readJson("{\"clientId\":\"c\" /* why */ }".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("not a valid JSON report: malformed JSON at line 1, column 17: Unexpected character ('/' (code 47))")
                .hasMessageNotContaining("Feature");
    }

    /** A time the store cannot hold is refused at the door (it used to be answered 202 and then dead-lettered). */
    @ParameterizedTest
    @CsvSource({
        "00010101003000.000000+120, 0000-12-31T22:30:00Z",
        "00000101000000.000000+000, 0000-01-01T00:00:00Z",
        "99991231230000.000000-300, +10000-01-01T04:00:00Z",
        "99991231235959.999999-001, +10000-01-01T00:00:59.999999Z",
    })
    void aMessageTimeOutsideYearsOneTo9999InUtcIsInvalid(String wmi, String utc) {
        byte[] xml = new String(sample("fsp-client-deployment-succeeded.xml"), StandardCharsets.UTF_8)
                .replace("MessageTime=\"20130909085647.000000+000\"", "MessageTime=\"" + wmi + "\"").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reports.readXml(xml))
                .isInstanceOfSatisfying(RejectedReport.class, e -> assertThat(e.reason()).isEqualTo(RejectedReport.Reason.INVALID))
                .hasMessage("StateMessage 1: MessageTime " + wmi + " is " + utc
                        + " in UTC, outside 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999Z");
    }

    @Test
    void theFirstAndLastStorableMessageTimesAreAccepted() {
        for (String wmi : List.of("00010101000000.000000+000", "00010101010000.000000+060", "99991231235959.999999+000")) {
            byte[] xml = new String(sample("fsp-client-deployment-succeeded.xml"), StandardCharsets.UTF_8)
                    .replace("MessageTime=\"20130909085647.000000+000\"", "MessageTime=\"" + wmi + "\"").getBytes(StandardCharsets.UTF_8);
            assertThat(reports.readXml(xml)).singleElement().satisfies(m -> assertThat(m.messageTimeWmi()).isEqualTo(wmi));
        }
    }

    @Test
    void bodiesOverTheCapAndOtherMediaTypesAreRefused() {
        StateMessageReports small = new StateMessageReports(StateCatalogue.standard(), 100);
        assertThatThrownBy(() -> small.readXml(sample("fsp-client-deployment-succeeded.xml")))
                .isInstanceOfSatisfying(RejectedReport.class, e -> assertThat(e.reason()).isEqualTo(RejectedReport.Reason.TOO_LARGE))
                .hasMessageContaining("exceeds the limit of 100 bytes");
        assertThatThrownBy(() -> reports.read(new byte[] {1}, "image/png"))
                .isInstanceOfSatisfying(RejectedReport.class, e -> assertThat(e.reason().httpStatus()).isEqualTo(415));
    }

    @Test
    void errorCodesComeFromTheSecondEpParameterOrTheFirstCodeShapedOne() {
        assertThat(StateMessageReports.errorCode(2001, List.of("4.3.215.0", "0x80070643"))).isEqualTo("0x80070643");
        assertThat(StateMessageReports.errorCode(800, List.of("5.0.7804.1000", "0x80200010"))).isEqualTo("0x80200010");
        assertThat(StateMessageReports.errorCode(800, List.of("5.0.7804.1000", "Deployment"))).isNull();
        assertThat(StateMessageReports.errorCode(2001, List.of())).isNull();
    }
}
