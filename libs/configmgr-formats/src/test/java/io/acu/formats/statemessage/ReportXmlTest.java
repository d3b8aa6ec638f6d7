package io.acu.formats.statemessage;

import static io.acu.formats.Samples.EP_INSTALLED;
import static io.acu.formats.Samples.EP_INSTALLED_UTF16;
import static io.acu.formats.Samples.FSP_SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.formats.Samples;
import io.acu.formats.Version;
import io.acu.formats.WmiDateTime;
import io.acu.formats.xml.MalformedDocumentException;
import io.acu.formats.xml.XmlLimits;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportXmlTest {

    @Test
    void readsTheFallbackStatusPointMessage() {
        Report report = ReportXml.read(Samples.bytes(FSP_SUCCEEDED));

        Machine machine = report.header().machine();
        assertThat(machine).isEqualTo(new Machine(true, 1, "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42",
                Version.parse("5.00.7804.1000"), "WKS-0001", 437, 1033, 5));
        assertThat(report.header().details()).isEqualTo(new ReportDetails("State Message Data", "Full",
                WmiDateTime.parse("20130909085647.000000+000"), "1.0", "1.0"));

        assertThat(report.messages()).hasSize(1);
        StateMessage message = report.messages().get(0);
        assertThat(message.messageTime().toInstant()).isEqualTo(Instant.parse("2013-09-09T08:56:47Z"));
        assertThat(message.serialNumber()).isEmpty();
        assertThat(message.topic()).isEqualTo(new Topic("{1FFD119F-4ED5-4C9A-9765-CAACE1E26FD7}", 800, 0, "", ""));
        assertThat(message.state()).isEqualTo(new State(400, 0));
        assertThat(message.userParameters().flags()).isZero();
        assertThat(message.userParameters().count()).isEqualTo(3);
        assertThat(message.userParameters().params()).containsExactly(
                "5.0.7804.1000", "Deployment", "[DP] http://dp01.example.test/SMS_DP_SMSPKG$/CAS00006");
    }

    @Test
    void readsTheEndpointProtectionMessage() {
        Report report = ReportXml.read(Samples.bytes(EP_INSTALLED));
        StateMessage message = report.messages().get(0);
        assertThat(message.serialNumber()).isEqualTo(OptionalLong.of(1187));
        assertThat(message.topic().type()).isEqualTo(2001);
        assertThat(message.topic().id()).isEqualTo("{9BCF7827-E04F-4C3A-8D8C-B943316A2D7F}");
        assertThat(message.state()).isEqualTo(new State(3, 0));
        assertThat(message.userParameters()).isEqualTo(new UserParameters(0, List.of("4.3.215.0", "0x00000000")));
        assertThat(report.header().details().date()).hasToString("20130909103917.000000+000");
    }

    @Test
    void readsUtf16WithBomToTheSameValues() {
        byte[] utf16 = Samples.bytes(EP_INSTALLED_UTF16);
        assertThat(Arrays.copyOf(utf16, 2)).containsExactly(0xFF, 0xFE);

        Report fromUtf16 = ReportXml.read(utf16);
        Report fromUtf8 = ReportXml.read(Samples.bytes(EP_INSTALLED));

        assertThat(fromUtf16.messages()).isEqualTo(fromUtf8.messages());
        assertThat(fromUtf16.header().details()).isEqualTo(fromUtf8.header().details());
        assertThat(fromUtf16.header().machine().clientId()).isEqualTo("GUID:0C7A2E91-3D5B-4F08-A6C4-19E8B2D7F350");
        assertThat(fromUtf16.header().machine().netBiosName()).isEqualTo("WKS-0002");
        assertThat(fromUtf16.header().machine().clientVersion()).isEqualTo(Version.parse("5.0.7804.1000"));
    }

    @Test
    void writesTheSamplesBackByteForByte() {
        for (String sample : List.of(FSP_SUCCEEDED, EP_INSTALLED)) {
            byte[] original = Samples.bytes(sample);
            assertThat(ReportXml.write(ReportXml.read(original))).as(sample).isEqualTo(original);
        }
        byte[] utf16 = Samples.bytes(EP_INSTALLED_UTF16);
        assertThat(ReportXml.write(ReportXml.read(utf16), StandardCharsets.UTF_16)).isEqualTo(utf16);
        assertThat(ReportXml.write(ReportXml.read(utf16), StandardCharsets.UTF_16LE)).isEqualTo(utf16);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "UTF-16", "UTF-16LE", "UTF-16BE"})
    void readWriteReadGivesEqualValues(String charsetName) {
        for (String sample : List.of(FSP_SUCCEEDED, EP_INSTALLED, EP_INSTALLED_UTF16)) {
            Report report = ReportXml.read(Samples.bytes(sample));
            byte[] written = ReportXml.write(report, Charset.forName(charsetName));
            assertThat(ReportXml.read(written)).as(sample).isEqualTo(report);
        }
    }

    @Test
    void writesUtf16BigEndianWithItsBom() {
        byte[] written = ReportXml.write(ReportXml.read(Samples.bytes(EP_INSTALLED)), StandardCharsets.UTF_16BE);
        assertThat(Arrays.copyOf(written, 4)).containsExactly(0xFE, 0xFF, 0x00, '<');
        assertThat(new String(written, StandardCharsets.UTF_16)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<Report>");
    }

    @Test
    void refusesOtherCharsets() {
        Report report = ReportXml.read(Samples.bytes(EP_INSTALLED));
        assertThatThrownBy(() -> ReportXml.write(report, StandardCharsets.ISO_8859_1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state-message reports are written in UTF-8 or UTF-16, not ISO-8859-1");
    }

    @Test
    void roundTripsManyMessagesAndAwkwardText() {
        Report sample = ReportXml.read(Samples.bytes(FSP_SUCCEEDED));
        List<StateMessage> messages = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            messages.add(new StateMessage(WmiDateTime.of(Instant.ofEpochSecond(1_378_716_000L + i, 123_456_000)),
                    i % 2 == 0 ? OptionalLong.empty() : OptionalLong.of(i),
                    new Topic("{1FFD119F-4ED5-4C9A-9765-CAACE1E26FD7}", 800, 0, "CONTOSO\\user<" + i + ">", "S-1-5-21-" + i),
                    new State(i % 2 == 0 ? 400 : 325, 0),
                    new UserParameters(1, List.of("a & b", "", "  spaced  ", "quote \" ' ü ☃ 😀", "line\r\nbreak"))));
        }
        Report report = new Report(sample.header(), messages);

        for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16)) {
            assertThat(ReportXml.read(ReportXml.write(report, charset))).isEqualTo(report);
        }
    }

    @Test
    void toleratesAbsentUserParametersAndTopicUser() {
        String xml = fsp().replaceFirst("<UserParameters.*</UserParameters>", "").replace(" User=\"\" UserSID=\"\"", "");
        StateMessage message = read(xml).messages().get(0);
        assertThat(message.userParameters()).isEqualTo(UserParameters.NONE);
        assertThat(message.topic().user()).isEmpty();
        assertThat(message.topic().userSid()).isEmpty();
    }

    @Test
    void namesTheMessageAndFieldOfEveryProblem() {
        String fsp = fsp();
        String message = fsp.substring(fsp.indexOf("<StateMessage"), fsp.indexOf("</ReportBody>"));
        String twoMessages = fsp.replace("</ReportBody>", message.replace("20130909085647.000000+000", "xyz") + "</ReportBody>");

        assertRefused(fsp.replace("MessageTime=\"20130909085647.000000+000\"", "MessageTime=\"xyz\""),
                "StateMessage 1: MessageTime 'xyz' is not a WMI datetime: expected yyyyMMddHHmmss.ffffff+UUU (offset in minutes)");
        assertRefused(twoMessages,
                "StateMessage 2: MessageTime 'xyz' is not a WMI datetime: expected yyyyMMddHHmmss.ffffff+UUU (offset in minutes)");
        assertRefused(fsp.replace(" MessageTime=\"20130909085647.000000+000\"", ""), "missing attribute MessageTime on StateMessage 1");
        assertRefused(fsp.replace("Type=\"800\"", "Type=\"eight\""),
                "StateMessage 1 Topic: Type 'eight' is not a number: expected a decimal integer");
        assertRefused(fsp.replace("<State ID=\"400\" Criticality=\"0\"/>", ""), "missing element State in StateMessage 1");
        assertRefused(fsp.replace("<State ID=\"400\"", "<State"), "missing attribute ID on StateMessage 1 State");
        assertRefused(fsp.replace("Count=\"3\"", "Count=\"4\""),
                "StateMessage 1 UserParameters: Count 4 does not match 3 Param elements");
        assertRefused(fsp.replace("MessageTime=\"20130909085647.000000+000\"",
                        "MessageTime=\"20130909085647.000000+000\" SerialNumber=\"-1\""),
                "StateMessage 1: SerialNumber '-1' is not a number: expected a non-negative decimal integer");
        assertRefused(fsp.replace("<ClientID>GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42</ClientID>", ""),
                "missing element ClientID in Machine");
        assertRefused(fsp.replace("<ClientVersion>5.00.7804.1000</ClientVersion>", "<ClientVersion>five</ClientVersion>"),
                "Machine: ClientVersion 'five' is not a version: part 1 'five' is not a non-negative number");
        assertRefused(fsp.replace("<ClientInstalled>1</ClientInstalled>", "<ClientInstalled>2</ClientInstalled>"),
                "Machine: ClientInstalled '2' is not a boolean: expected true, false, 1 or 0");
        assertRefused(fsp.replace("<Date>20130909085647.000000+000</Date>", "<Date>yesterday</Date>"),
                "ReportDetails: Date 'yesterday' is not a WMI datetime: expected yyyyMMddHHmmss.ffffff+UUU (offset in minutes)");
        assertRefused(fsp.replaceFirst("<ReportDetails>.*</ReportDetails>", ""), "missing element ReportDetails in ReportHeader");
        assertRefused(fsp.replaceFirst("<ReportBody>.*</ReportBody>", "<ReportBody></ReportBody>"),
                "ReportBody has no StateMessage elements");
        assertRefused(fsp.replaceFirst("<ReportBody>.*</ReportBody>", ""), "missing element ReportBody in Report");
    }

    @Test
    void refusesUnsafeOrBrokenDocuments() {
        assertRefused("<?xml version=\"1.0\"?><!DOCTYPE Report [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Report>&x;</Report>",
                "DOCTYPE not allowed");
        assertRefused("<CcmSetup/>", "root element is 'CcmSetup', expected 'Report'");
        assertThatThrownBy(() -> read(fsp().replace("</Report>", "")))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessage("malformed XML at line 3, column 1: XML document structures must start and end within the same entity.");
    }

    @Test
    void refusesDocumentsOverFourMebibytesBeforeParsing() {
        String fsp = fsp();
        String padded = fsp.replace("<ReportBody>", "<ReportBody>" + " ".repeat((int) XmlLimits.DEFAULT_MAX_BYTES));
        assertRefused(padded, "document exceeds 4194304 bytes");
        assertThatThrownBy(() -> ReportXml.read(Samples.bytes(FSP_SUCCEEDED), XmlLimits.DEFAULT.withMaxBytes(512)))
                .hasMessage("document exceeds 512 bytes");
    }

    @Test
    void modelRejectsAnEmptyReport() {
        Report sample = ReportXml.read(Samples.bytes(FSP_SUCCEEDED));
        assertThatThrownBy(() -> new Report(sample.header(), List.of())).isInstanceOf(IllegalArgumentException.class);
        StateMessage message = sample.messages().get(0);
        assertThatThrownBy(() -> new StateMessage(message.messageTime(), OptionalLong.of(-1), message.topic(),
                message.state(), message.userParameters())).isInstanceOf(IllegalArgumentException.class);
    }

    private static String fsp() {
        return new String(Samples.bytes(FSP_SUCCEEDED), StandardCharsets.UTF_8);
    }

    private static Report read(String xml) {
        return ReportXml.read(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(String xml, String reason) {
        assertThatThrownBy(() -> read(xml)).isInstanceOf(MalformedDocumentException.class).hasMessage(reason);
    }
}
