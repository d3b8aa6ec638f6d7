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
import io.acu.formats.xml.SafeXml;
import io.acu.formats.xml.XmlElement;
import io.acu.formats.xml.XmlLimits;
import io.acu.formats.xml.XmlValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link ReportXml#read} reads a Report in one streaming pass. These tests hold it to the tree-based reader it
 * replaced (kept below as {@link TreeReference}, as it was): for the samples and hundreds of variants of them (each
 * element removed, repeated with other values before or after it, wrapped in an unknown element, given an unknown
 * child; each attribute removed or given a bad value; the document cut short), both give the same report or refuse
 * it with the same reason.
 */
class ReportXmlStreamingTest {

    private static final Pattern START_TAG = Pattern.compile("<([A-Za-z]+)((?:\\s+[A-Za-z]+=\"[^\"]*\")*)\\s*(/?)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\s+([A-Za-z]+)=\"([^\"]*)\"");

    @Test
    void takesTheFirstOfRepeatedElementsAndSkipsUnknownOnes() {
        String xml = fsp()
                .replace("<ReportHeader>", "<Unknown><ClientID>not this</ClientID></Unknown><ReportHeader>")
                .replace("<ClientID>", "<Junk>skipped</Junk><ClientID>")
                .replace("</ClientID>", "</ClientID><ClientID>GUID:SECOND</ClientID>")
                .replace("<State ID=\"400\" Criticality=\"0\"/>", "<State ID=\"400\" Criticality=\"0\"/><State ID=\"9\" Criticality=\"1\"/>")
                .replace("</ReportHeader>", "</ReportHeader><ReportHeader><Identification/></ReportHeader>");

        Report report = read(xml);

        assertThat(report.header().machine().clientId()).isEqualTo("GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42");
        assertThat(report.messages()).singleElement().extracting(StateMessage::state).isEqualTo(new State(400, 0));
    }

    @Test
    void readsTextAroundCommentsCdataEntitiesAndChildren() {
        String xml = fsp()
                .replace("<NetBIOSName>WKS-0001</NetBIOSName>",
                        "<NetBIOSName>WKS<!-- c -->-&amp;<![CDATA[<1>]]>&#x41;<Nested>not text</Nested>Z</NetBIOSName>")
                .replace("<Param>Deployment</Param>", "<Param>  Deploy\r\nment &lt;x&gt; </Param>");

        Report report = read(xml);

        assertThat(report.header().machine().netBiosName()).isEqualTo("WKS-&<1>AZ");
        // A CR LF in text reads as LF (XML 1.0 section 2.11), as it did in the tree.
        assertThat(report.messages().get(0).userParameters().params())
                .containsExactly("5.0.7804.1000", "  Deploy\nment <x> ", "[DP] http://dp01.example.test/SMS_DP_SMSPKG$/CAS00006");
    }

    @Test
    void readsManyMessagesInDocumentOrder() {
        String fsp = fsp();
        String message = fsp.substring(fsp.indexOf("<StateMessage"), fsp.indexOf("</ReportBody>"));
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            body.append(message.replace("<StateMessage ", "<StateMessage SerialNumber=\"" + (1000 + i) + "\" ")
                    .replace("State ID=\"400\"", "State ID=\"" + (i % 2 == 0 ? 400 : 325) + "\""));
        }
        Report report = read(fsp.replace(message, body.toString()));

        assertThat(report.messages()).hasSize(500);
        assertThat(report.messages().get(0).serialNumber()).isEqualTo(OptionalLong.of(1000));
        assertThat(report.messages().get(499).serialNumber()).isEqualTo(OptionalLong.of(1499));
        assertThat(report.messages().get(499).state()).isEqualTo(new State(325, 0));
        assertThat(report.messages()).allSatisfy(m -> assertThat(m.userParameters().params()).hasSize(3));
        assertThat(report).isEqualTo(TreeReference.read(fsp.replace(message, body.toString()).getBytes(StandardCharsets.UTF_8),
                XmlLimits.DEFAULT));
    }

    @Test
    void refusesUnsafeDocumentsWithTheSameReasons() {
        String fsp = fsp();
        assertSame(fsp.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<?xml version=\"1.0\"?><!DOCTYPE Report [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"), XmlLimits.DEFAULT,
                "DOCTYPE not allowed");
        assertSame(fsp.replace("WKS-0001", "&x;"), XmlLimits.DEFAULT, "entity reference &x; not allowed");
        assertSame(fsp, XmlLimits.DEFAULT.withMaxBytes(1000), "document exceeds 1000 bytes");
        assertSame(fsp, XmlLimits.DEFAULT.withMaxDepth(4), "elements nested deeper than 4");
        assertSame(fsp, XmlLimits.DEFAULT.withMaxElements(25), "document has more than 25 elements");
        assertSame(fsp.replace("<Report>", "<Report><Report>").replace("</Report>", "</Report></Report>"), XmlLimits.DEFAULT,
                "missing element ReportHeader in Report");
        assertSame("", XmlLimits.DEFAULT, "document is empty");
        // Well-formedness comes first: a missing field in a document that is also cut short is a parse error.
        assertSame(fsp.replace("<ClientID>GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42</ClientID>", "").replace("</Report>", ""),
                XmlLimits.DEFAULT, "malformed XML at line 3, column 1: XML document structures must start and end within the same entity.");
        assertThat(ReportXml.read(fsp.getBytes(StandardCharsets.UTF_8), XmlLimits.DEFAULT.withMaxElements(26).withMaxDepth(5)))
                .isEqualTo(TreeReference.read(fsp.getBytes(StandardCharsets.UTF_8), XmlLimits.DEFAULT.withMaxElements(26).withMaxDepth(5)));
    }

    @Test
    void agreesWithTheTreeReaderOnEveryVariantOfTheSamples() {
        int compared = 0;
        int refused = 0;
        for (String sample : List.of(FSP_SUCCEEDED, EP_INSTALLED, EP_INSTALLED_UTF16)) {
            byte[] bytes = Samples.bytes(sample);
            String xml = sample.equals(EP_INSTALLED_UTF16)
                    ? new String(bytes, StandardCharsets.UTF_16)
                    : new String(bytes, StandardCharsets.UTF_8);
            Set<String> variants = variants(xml);
            for (String variant : variants) {
                byte[] document = sample.equals(EP_INSTALLED_UTF16)
                        ? ReportXmlStreamingTest.utf16WithBom(variant)
                        : variant.getBytes(StandardCharsets.UTF_8);
                refused += compare(document) ? 0 : 1;
                compared++;
            }
        }
        // Enough variants to cover every element and attribute, and both outcomes.
        assertThat(compared).isGreaterThan(400);
        assertThat(refused).isBetween(100, compared - 100);
    }

    /** @return whether the document was read (true) or refused (false), the same way by both readers */
    private static boolean compare(byte[] document) {
        Report expected;
        try {
            expected = TreeReference.read(document, XmlLimits.DEFAULT);
        } catch (MalformedDocumentException e) {
            assertThatThrownBy(() -> ReportXml.read(document))
                    .as(new String(document, StandardCharsets.UTF_8))
                    .isInstanceOf(MalformedDocumentException.class)
                    .hasMessage(e.getMessage());
            return false;
        }
        assertThat(ReportXml.read(document)).as(new String(document, StandardCharsets.UTF_8)).isEqualTo(expected);
        return true;
    }

    /** Each element removed, repeated with other values, wrapped, given a child; each attribute removed or bad; cut short. */
    private static Set<String> variants(String xml) {
        Set<String> variants = new LinkedHashSet<>();
        variants.add(xml);
        Matcher tag = START_TAG.matcher(xml);
        while (tag.find()) {
            String name = tag.group(1);
            int start = tag.start();
            int end = tag.group(3).isEmpty() ? xml.indexOf("</" + name + ">", tag.end()) + name.length() + 3 : tag.end();
            String element = xml.substring(start, end);
            String other = otherValues(element);
            variants.add(xml.substring(0, start) + xml.substring(end));
            variants.add(xml.substring(0, end) + other + xml.substring(end));
            variants.add(xml.substring(0, start) + other + xml.substring(start));
            variants.add(xml.substring(0, start) + "<Unknown>" + element + "</Unknown>" + xml.substring(end));
            if (tag.group(3).isEmpty()) {
                variants.add(xml.substring(0, tag.end()) + "<Unknown a=\"1\">inner text</Unknown>" + xml.substring(tag.end()));
                variants.add(xml.substring(0, tag.end()) + " " + xml.substring(tag.end()));
            }
            Matcher attribute = ATTRIBUTE.matcher(tag.group(2));
            int attributesAt = tag.start(2);
            while (attribute.find()) {
                int from = attributesAt + attribute.start();
                int to = attributesAt + attribute.end();
                variants.add(xml.substring(0, from) + xml.substring(to));
                variants.add(xml.substring(0, from) + " " + attribute.group(1) + "=\"-x\"" + xml.substring(to));
                variants.add(xml.substring(0, from) + " " + attribute.group(1) + "=\" 7 \"" + xml.substring(to));
            }
        }
        for (int cut = xml.length() / 7; cut < xml.length(); cut += xml.length() / 7) {
            variants.add(xml.substring(0, cut));
        }
        return variants;
    }

    /** The element with every text and attribute value replaced: numbers by other numbers, the rest by "other". */
    private static String otherValues(String element) {
        String texts = Pattern.compile(">([^<]+)<").matcher(element)
                .replaceAll(m -> ">" + (m.group(1).matches("\\d+") ? "7" : "other") + "<");
        return Pattern.compile("=\"([^\"]*)\"").matcher(texts)
                .replaceAll(m -> "=\"" + (m.group(1).matches("\\d+") ? "7" : "other") + "\"");
    }

    private static byte[] utf16WithBom(String xml) {
        byte[] body = xml.getBytes(StandardCharsets.UTF_16LE);
        byte[] document = new byte[body.length + 2];
        document[0] = (byte) 0xFF;
        document[1] = (byte) 0xFE;
        System.arraycopy(body, 0, document, 2, body.length);
        return document;
    }

    private static String fsp() {
        return new String(Samples.bytes(FSP_SUCCEEDED), StandardCharsets.UTF_8);
    }

    private static Report read(String xml) {
        return ReportXml.read(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertSame(String xml, XmlLimits limits, String reason) {
        byte[] document = xml.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ReportXml.read(document, limits)).isInstanceOf(MalformedDocumentException.class).hasMessage(reason);
        assertThatThrownBy(() -> TreeReference.read(document, limits)).isInstanceOf(MalformedDocumentException.class).hasMessage(reason);
    }

    /** ReportXml's reader before the streaming pass: an XmlElement tree from SafeXml.parse, then searched. */
    private static final class TreeReference {

        private static final String MACHINE = "Machine";
        private static final String DETAILS = "ReportDetails";
        private static final String MESSAGE = "StateMessage";

        static Report read(byte[] document, XmlLimits limits) {
            XmlElement root = SafeXml.parse(document, limits, ReportXml.ROOT);
            XmlElement header = root.requireChild("ReportHeader", ReportXml.ROOT);
            Machine machine = readMachine(header.requireChild("Identification", "ReportHeader")
                    .requireChild(MACHINE, "Identification"));
            ReportDetails details = readDetails(header.requireChild(DETAILS, "ReportHeader"));
            List<XmlElement> messageElements = root.requireChild("ReportBody", ReportXml.ROOT).children(MESSAGE);
            if (messageElements.isEmpty()) {
                throw new MalformedDocumentException("ReportBody has no StateMessage elements");
            }
            List<StateMessage> messages = new ArrayList<>(messageElements.size());
            for (XmlElement element : messageElements) {
                messages.add(readMessage(element, MESSAGE + " " + (messages.size() + 1)));
            }
            return new Report(new ReportHeader(machine, details), messages);
        }

        private static Machine readMachine(XmlElement machine) {
            return new Machine(
                    XmlValues.bool(machine.requireChildText("ClientInstalled", MACHINE), "ClientInstalled", MACHINE),
                    intChild(machine, "ClientType", MACHINE),
                    machine.requireChildText("ClientID", MACHINE),
                    XmlValues.value(machine.requireChildText("ClientVersion", MACHINE), "ClientVersion", MACHINE,
                            Version::parse),
                    machine.requireChildText("NetBIOSName", MACHINE),
                    intChild(machine, "CodePage", MACHINE),
                    intChild(machine, "SystemDefaultLCID", MACHINE),
                    intChild(machine, "Priority", MACHINE));
        }

        private static ReportDetails readDetails(XmlElement details) {
            return new ReportDetails(
                    details.requireChildText("ReportContent", DETAILS),
                    details.requireChildText("ReportType", DETAILS),
                    XmlValues.value(details.requireChildText("Date", DETAILS), "Date", DETAILS, WmiDateTime::parse),
                    details.requireChildText("Version", DETAILS),
                    details.requireChildText("Format", DETAILS));
        }

        private static StateMessage readMessage(XmlElement message, String where) {
            XmlElement topic = message.requireChild("Topic", where);
            XmlElement state = message.requireChild("State", where);
            String topicWhere = where + " Topic";
            String stateWhere = where + " State";
            return new StateMessage(
                    XmlValues.value(message.requireAttribute("MessageTime", where), "MessageTime", where,
                            WmiDateTime::parse),
                    message.attribute("SerialNumber")
                            .map(text -> OptionalLong.of(XmlValues.nonNegativeLong(text, "SerialNumber", where)))
                            .orElse(OptionalLong.empty()),
                    new Topic(
                            topic.requireAttribute("ID", topicWhere),
                            XmlValues.integer(topic.requireAttribute("Type", topicWhere), "Type", topicWhere),
                            XmlValues.integer(topic.requireAttribute("IDType", topicWhere), "IDType", topicWhere),
                            topic.attribute("User").orElse(""),
                            topic.attribute("UserSID").orElse("")),
                    new State(
                            XmlValues.integer(state.requireAttribute("ID", stateWhere), "ID", stateWhere),
                            XmlValues.integer(state.requireAttribute("Criticality", stateWhere), "Criticality", stateWhere)),
                    message.child("UserParameters")
                            .map(parameters -> readParameters(parameters, where + " UserParameters"))
                            .orElse(UserParameters.NONE));
        }

        private static UserParameters readParameters(XmlElement parameters, String where) {
            int flags = XmlValues.integer(parameters.requireAttribute("Flags", where), "Flags", where);
            int count = XmlValues.integer(parameters.requireAttribute("Count", where), "Count", where);
            List<String> params = parameters.children("Param").stream().map(XmlElement::text).toList();
            if (count != params.size()) {
                throw new MalformedDocumentException(
                        where + ": Count " + count + " does not match " + params.size() + " Param elements");
            }
            return new UserParameters(flags, params);
        }

        private static int intChild(XmlElement parent, String name, String where) {
            return XmlValues.integer(parent.requireChildText(name, where), name, where);
        }
    }
}
