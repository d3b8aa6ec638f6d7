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
import java.util.Arrays;
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
        // One streaming pass collects the fields as text (measured: building an XmlElement tree and searching it was
        // about a quarter of reading the 1 KB sample); they are checked once the whole document has been read, in the
        // order the tree-based reader checked them, so a document is refused for the same first reason as before.
        ReportReader reader = new ReportReader();
        SafeXml.read(document, limits, ROOT, reader);
        return reader.report();
    }

    /**
     * What the streaming pass keeps of a Report: the text of the first {@code Machine} and {@code ReportDetails}
     * fields and the attributes and params of every {@code StateMessage}, each from the first element of its name
     * where the report has one ({@code ReportHeader}, {@code Identification}, ..., as {@link XmlElement#child} finds
     * it), everything else skipped.
     */
    private static final class ReportReader implements SafeXml.ContentHandler {

        // What an open element is; IGNORED for anything the report does not read, and everything inside it.
        private static final byte IGNORED = 0;
        private static final byte REPORT = 1;
        private static final byte HEADER = 2;
        private static final byte IDENTIFICATION = 3;
        private static final byte MACHINE_ELEMENT = 4;
        private static final byte DETAILS_ELEMENT = 5;
        private static final byte BODY = 6;
        private static final byte MESSAGE_ELEMENT = 7;
        private static final byte TOPIC = 8;
        private static final byte STATE = 9;
        private static final byte PARAMETERS = 10;
        private static final byte MACHINE_FIELD = 11;
        private static final byte DETAILS_FIELD = 12;
        private static final byte PARAM = 13;

        private static final String[] MACHINE_FIELDS = {"ClientInstalled", "ClientType", "ClientID", "ClientVersion",
            "NetBIOSName", "CodePage", "SystemDefaultLCID", "Priority"};
        private static final String[] DETAILS_FIELDS = {"ReportContent", "ReportType", "Date", "Version", "Format"};

        /** The kind of each open element, the root at 1; grown as needed (SafeXml bounds the depth). */
        private byte[] open = new byte[8];
        private int depth;
        private boolean headerSeen;
        private boolean identificationSeen;
        private boolean machineSeen;
        private boolean detailsSeen;
        private boolean bodySeen;
        private final String[] machine = new String[MACHINE_FIELDS.length];
        private final String[] details = new String[DETAILS_FIELDS.length];
        /** The field whose text is being read (index into MACHINE_FIELDS or DETAILS_FIELDS). */
        private int field;
        private final StringBuilder text = new StringBuilder(64);
        private final List<RawMessage> messages = new ArrayList<>(1);
        private RawMessage message;

        @Override
        public void startElement(String name, SafeXml.Attributes attributes) {
            byte kind = depth == 0 ? REPORT : kindOf(open[depth], name, attributes);
            if (++depth == open.length) {
                open = Arrays.copyOf(open, open.length * 2);
            }
            open[depth] = kind;
        }

        private byte kindOf(byte parent, String name, SafeXml.Attributes attributes) {
            switch (parent) {
                case REPORT -> {
                    if (!headerSeen && name.equals("ReportHeader")) {
                        headerSeen = true;
                        return HEADER;
                    }
                    if (!bodySeen && name.equals("ReportBody")) {
                        bodySeen = true;
                        return BODY;
                    }
                }
                case HEADER -> {
                    if (!identificationSeen && name.equals("Identification")) {
                        identificationSeen = true;
                        return IDENTIFICATION;
                    }
                    if (!detailsSeen && name.equals(DETAILS)) {
                        detailsSeen = true;
                        return DETAILS_ELEMENT;
                    }
                }
                case IDENTIFICATION -> {
                    if (!machineSeen && name.equals(MACHINE)) {
                        machineSeen = true;
                        return MACHINE_ELEMENT;
                    }
                }
                case MACHINE_ELEMENT -> {
                    return startField(MACHINE_FIELDS, machine, name, MACHINE_FIELD);
                }
                case DETAILS_ELEMENT -> {
                    return startField(DETAILS_FIELDS, details, name, DETAILS_FIELD);
                }
                case BODY -> {
                    if (name.equals(MESSAGE)) {
                        message = new RawMessage();
                        messages.add(message);
                        message.messageTime = attribute(attributes, "MessageTime");
                        message.serialNumber = attribute(attributes, "SerialNumber");
                        return MESSAGE_ELEMENT;
                    }
                }
                case MESSAGE_ELEMENT -> {
                    if (!message.topic && name.equals("Topic")) {
                        message.topic = true;
                        message.topicId = attribute(attributes, "ID");
                        message.topicType = attribute(attributes, "Type");
                        message.topicIdType = attribute(attributes, "IDType");
                        message.topicUser = attribute(attributes, "User");
                        message.topicUserSid = attribute(attributes, "UserSID");
                        return TOPIC;
                    }
                    if (!message.state && name.equals("State")) {
                        message.state = true;
                        message.stateId = attribute(attributes, "ID");
                        message.criticality = attribute(attributes, "Criticality");
                        return STATE;
                    }
                    if (!message.parameters && name.equals("UserParameters")) {
                        message.parameters = true;
                        message.flags = attribute(attributes, "Flags");
                        message.count = attribute(attributes, "Count");
                        return PARAMETERS;
                    }
                }
                case PARAMETERS -> {
                    if (name.equals("Param")) {
                        text.setLength(0);
                        return PARAM;
                    }
                }
                default -> {
                    // Inside an element the report does not read, or inside a field.
                }
            }
            return IGNORED;
        }

        /** The first element of each field name is read; a repeated one is skipped, as XmlElement#child did. */
        private byte startField(String[] names, String[] values, String name, byte kind) {
            for (int i = 0; i < names.length; i++) {
                if (values[i] == null && names[i].equals(name)) {
                    field = i;
                    text.setLength(0);
                    return kind;
                }
            }
            return IGNORED;
        }

        /** The attribute's value by local name, null when absent; the last of a repeated local name, as a map kept. */
        private static String attribute(SafeXml.Attributes attributes, String name) {
            String value = null;
            for (int i = 0, n = attributes.count(); i < n; i++) {
                if (attributes.localName(i).equals(name)) {
                    value = attributes.value(i);
                }
            }
            return value;
        }

        @Override
        public void characters(char[] chars, int start, int length) {
            byte kind = open[depth];
            if (kind == MACHINE_FIELD || kind == DETAILS_FIELD || kind == PARAM) {
                text.append(chars, start, length);
            }
        }

        @Override
        public void endElement() {
            switch (open[depth--]) {
                case MACHINE_FIELD -> machine[field] = text.toString();
                case DETAILS_FIELD -> details[field] = text.toString();
                case PARAM -> message.params.add(text.toString());
                default -> {
                    // Nothing to keep at its end.
                }
            }
        }

        /** Checks what was collected, in the order (and with the reasons) of the tree-based reader. */
        Report report() {
            if (!headerSeen) {
                throw missingElement("ReportHeader", ROOT);
            }
            if (!identificationSeen) {
                throw missingElement("Identification", "ReportHeader");
            }
            if (!machineSeen) {
                throw missingElement(MACHINE, "Identification");
            }
            Machine readMachine = new Machine(
                    XmlValues.bool(machineText(0), "ClientInstalled", MACHINE),
                    machineInt(1),
                    machineText(2),
                    XmlValues.value(machineText(3), "ClientVersion", MACHINE, Version::parse),
                    machineText(4),
                    machineInt(5),
                    machineInt(6),
                    machineInt(7));
            if (!detailsSeen) {
                throw missingElement(DETAILS, "ReportHeader");
            }
            ReportDetails readDetails = new ReportDetails(
                    detailsText(0),
                    detailsText(1),
                    XmlValues.value(detailsText(2), "Date", DETAILS, WmiDateTime::parse),
                    detailsText(3),
                    detailsText(4));
            if (!bodySeen) {
                throw missingElement("ReportBody", ROOT);
            }
            if (messages.isEmpty()) {
                throw new MalformedDocumentException("ReportBody has no StateMessage elements");
            }
            List<StateMessage> read = new ArrayList<>(messages.size());
            for (RawMessage raw : messages) {
                read.add(raw.toMessage(MESSAGE + " " + (read.size() + 1)));
            }
            return new Report(new ReportHeader(readMachine, readDetails), read);
        }

        private String machineText(int index) {
            return required(machine[index], MACHINE_FIELDS[index], MACHINE);
        }

        private int machineInt(int index) {
            return XmlValues.integer(machineText(index), MACHINE_FIELDS[index], MACHINE);
        }

        private String detailsText(int index) {
            return required(details[index], DETAILS_FIELDS[index], DETAILS);
        }
    }

    /** One StateMessage as read: attribute values (null when absent), which children it had, its params. */
    private static final class RawMessage {
        String messageTime;
        String serialNumber;
        boolean topic;
        String topicId;
        String topicType;
        String topicIdType;
        String topicUser;
        String topicUserSid;
        boolean state;
        String stateId;
        String criticality;
        boolean parameters;
        String flags;
        String count;
        final List<String> params = new ArrayList<>(4);

        StateMessage toMessage(String where) {
            if (!topic) {
                throw missingElement("Topic", where);
            }
            if (!state) {
                throw missingElement("State", where);
            }
            String topicWhere = where + " Topic";
            String stateWhere = where + " State";
            return new StateMessage(
                    XmlValues.value(requiredAttribute(messageTime, "MessageTime", where), "MessageTime", where,
                            WmiDateTime::parse),
                    serialNumber == null
                            ? OptionalLong.empty()
                            : OptionalLong.of(XmlValues.nonNegativeLong(serialNumber, "SerialNumber", where)),
                    new Topic(
                            requiredAttribute(topicId, "ID", topicWhere),
                            XmlValues.integer(requiredAttribute(topicType, "Type", topicWhere), "Type", topicWhere),
                            XmlValues.integer(requiredAttribute(topicIdType, "IDType", topicWhere), "IDType", topicWhere),
                            topicUser == null ? "" : topicUser,
                            topicUserSid == null ? "" : topicUserSid),
                    new State(
                            XmlValues.integer(requiredAttribute(stateId, "ID", stateWhere), "ID", stateWhere),
                            XmlValues.integer(requiredAttribute(criticality, "Criticality", stateWhere), "Criticality",
                                    stateWhere)),
                    parameters ? userParameters(where + " UserParameters") : UserParameters.NONE);
        }

        private UserParameters userParameters(String where) {
            int flagsValue = XmlValues.integer(requiredAttribute(flags, "Flags", where), "Flags", where);
            int countValue = XmlValues.integer(requiredAttribute(count, "Count", where), "Count", where);
            if (countValue != params.size()) {
                throw new MalformedDocumentException(
                        where + ": Count " + countValue + " does not match " + params.size() + " Param elements");
            }
            return new UserParameters(flagsValue, params);
        }
    }

    /** The reason XmlElement#requireChildText gave. */
    private static String required(String text, String name, String where) {
        if (text == null) {
            throw missingElement(name, where);
        }
        return text;
    }

    /** The reason XmlElement#requireAttribute gave. */
    private static String requiredAttribute(String value, String name, String where) {
        if (value == null) {
            throw new MalformedDocumentException("missing attribute " + name + " on " + where);
        }
        return value;
    }

    private static MalformedDocumentException missingElement(String name, String where) {
        return new MalformedDocumentException("missing element " + name + " in " + where);
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
