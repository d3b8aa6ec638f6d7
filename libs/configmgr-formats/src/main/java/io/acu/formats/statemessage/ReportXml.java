package io.acu.formats.statemessage;

import io.acu.formats.Version;
import io.acu.formats.WmiDateTime;
import io.acu.formats.xml.MalformedDocumentException;
import io.acu.formats.xml.SafeXml;
import io.acu.formats.xml.XmlElement;
import io.acu.formats.xml.XmlLimits;
import io.acu.formats.xml.XmlValues;
import io.acu.formats.xml.XmlWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads and writes state-message {@link Report} XML; see the package documentation for the shape.
 *
 * <p>Reading accepts UTF-8 and UTF-16 (with BOM, as Windows clients write it), detected from the
 * BOM and XML declaration; it goes through {@link SafeXml} and checks every field. Problems are a
 * {@link MalformedDocumentException} naming the element, with messages numbered from 1, e.g.
 * {@code StateMessage 1: MessageTime 'xyz' is not a WMI datetime: ...}. A missing
 * {@code UserParameters} reads as {@link UserParameters#NONE}; a {@code Count} that differs from
 * the number of {@code Param} elements is refused.
 *
 * <p>Writing produces ConfigMgr's one-line layout after an XML declaration, deterministically;
 * a parsed report written in its original encoding reproduces the client's bytes.
 */
public final class ReportXml {

    /** The root element's name. */
    public static final String ROOT = "Report";
    /** 4 MiB, depth 32, 100,000 elements ({@link XmlLimits#DEFAULT}). */
    public static final XmlLimits DEFAULT_LIMITS = XmlLimits.DEFAULT;

    private static final String MACHINE = "Machine";
    private static final String DETAILS = "ReportDetails";
    private static final String MESSAGE = "StateMessage";
    private static final byte[] BOM_LE = {(byte) 0xFF, (byte) 0xFE};
    private static final byte[] BOM_BE = {(byte) 0xFE, (byte) 0xFF};

    private ReportXml() {
    }

    /**
     * Reads a report with {@link #DEFAULT_LIMITS}.
     *
     * @param document the encoded document as received, BOM included
     * @throws MalformedDocumentException if it is too large, unsafe, malformed or incomplete
     */
    public static Report read(byte[] document) {
        return read(document, DEFAULT_LIMITS);
    }

    /**
     * Reads a report with the given limits (e.g. a smaller {@code maxBytes} at the fallback status point).
     *
     * @throws MalformedDocumentException if it is too large, unsafe, malformed or incomplete
     */
    public static Report read(byte[] document, XmlLimits limits) {
        XmlElement root = SafeXml.parse(document, limits, ROOT);
        XmlElement header = root.requireChild("ReportHeader", ROOT);
        Machine machine = readMachine(header.requireChild("Identification", "ReportHeader")
                .requireChild(MACHINE, "Identification"));
        ReportDetails details = readDetails(header.requireChild(DETAILS, "ReportHeader"));
        List<XmlElement> messageElements = root.requireChild("ReportBody", ROOT).children(MESSAGE);
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

    /** Writes {@code report} as UTF-8 without BOM. */
    public static byte[] write(Report report) {
        return write(report, StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code report} in {@code charset}, declaring it in the XML declaration.
     *
     * @param charset {@code UTF-8} (no BOM, declared {@code UTF-8}); {@code UTF-16} or
     *     {@code UTF-16LE} (BOM FF FE, little-endian, declared {@code UTF-16}: what Windows clients
     *     write); or {@code UTF-16BE} (BOM FE FF, declared {@code UTF-16})
     * @throws IllegalArgumentException for any other charset, or if a string holds a character
     *     XML 1.0 cannot carry
     */
    public static byte[] write(Report report, Charset charset) {
        if (charset.equals(StandardCharsets.UTF_8)) {
            return toXml(report, "UTF-8").getBytes(StandardCharsets.UTF_8);
        }
        boolean littleEndian = charset.equals(StandardCharsets.UTF_16) || charset.equals(StandardCharsets.UTF_16LE);
        if (!littleEndian && !charset.equals(StandardCharsets.UTF_16BE)) {
            throw new IllegalArgumentException("state-message reports are written in UTF-8 or UTF-16, not " + charset);
        }
        byte[] bom = littleEndian ? BOM_LE : BOM_BE;
        byte[] body = toXml(report, "UTF-16").getBytes(littleEndian ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
        byte[] document = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, document, 0, bom.length);
        System.arraycopy(body, 0, document, bom.length, body.length);
        return document;
    }

    private static String toXml(Report report, String encodingLabel) {
        Machine machine = report.header().machine();
        ReportDetails details = report.header().details();
        XmlWriter xml = new XmlWriter("").declaration(encodingLabel).start(ROOT);
        xml.start("ReportHeader").start("Identification").start(MACHINE)
                .element("ClientInstalled", machine.clientInstalled() ? "1" : "0")
                .element("ClientType", Integer.toString(machine.clientType()))
                .element("ClientID", machine.clientId())
                .element("ClientVersion", machine.clientVersion().toString())
                .element("NetBIOSName", machine.netBiosName())
                .element("CodePage", Integer.toString(machine.codePage()))
                .element("SystemDefaultLCID", Integer.toString(machine.systemDefaultLcid()))
                .element("Priority", Integer.toString(machine.priority()))
                .end().end();
        xml.start(DETAILS)
                .element("ReportContent", details.reportContent())
                .element("ReportType", details.reportType())
                .element("Date", details.date().text())
                .element("Version", details.version())
                .element("Format", details.format())
                .end().end();
        xml.start("ReportBody");
        for (StateMessage message : report.messages()) {
            xml.start(MESSAGE).attribute("MessageTime", message.messageTime().text());
            message.serialNumber().ifPresent(serial -> xml.attribute("SerialNumber", Long.toString(serial)));
            Topic topic = message.topic();
            xml.start("Topic")
                    .attribute("ID", topic.id())
                    .attribute("Type", Integer.toString(topic.type()))
                    .attribute("IDType", Integer.toString(topic.idType()))
                    .attribute("User", topic.user())
                    .attribute("UserSID", topic.userSid())
                    .end();
            xml.start("State")
                    .attribute("ID", Integer.toString(message.state().id()))
                    .attribute("Criticality", Integer.toString(message.state().criticality()))
                    .end();
            UserParameters parameters = message.userParameters();
            xml.start("UserParameters")
                    .attribute("Flags", Integer.toString(parameters.flags()))
                    .attribute("Count", Integer.toString(parameters.count()));
            for (String param : parameters.params()) {
                xml.element("Param", param);
            }
            xml.end().end();
        }
        return xml.end().end().finish();
    }
}
