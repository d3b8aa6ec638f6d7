package io.acu.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.acu.contracts.ReportedStateMessage;
import io.acu.contracts.StrictJson;
import io.acu.formats.InvalidValueException;
import io.acu.formats.Version;
import io.acu.formats.WmiDateTime;
import io.acu.formats.catalogue.StateCatalogue;
import io.acu.formats.statemessage.Machine;
import io.acu.formats.statemessage.Report;
import io.acu.formats.statemessage.ReportXml;
import io.acu.formats.statemessage.State;
import io.acu.formats.statemessage.StateMessage;
import io.acu.formats.statemessage.Topic;
import io.acu.formats.statemessage.UserParameters;
import io.acu.formats.xml.MalformedDocumentException;
import io.acu.formats.xml.XmlLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Reads the body of a state-message POST (ConfigMgr Report XML in UTF-8 or UTF-16 with BOM, or its
 * {@link JsonReport JSON form}), validates it and maps each {@code StateMessage} to a {@link ReportedStateMessage}:
 * the single place where acu turns what a client sent into the event payload that fsp and the state-message
 * intake publish.
 *
 * <p>Rules: the body is at most {@code maxBytes}; XML goes through {@link ReportXml} (hardened: no DOCTYPE, no
 * entities, bounded depth and element count); the client ID must not be blank; every message's topic type must be
 * in the {@link StateCatalogue}; a state ID the catalogue does not name is accepted and flagged
 * ({@code knownState=false}, no {@code stateName}); times must be WMI datetimes. One bad message refuses the whole
 * report, so a client never sees half of a report accepted. Thread-safe.
 */
public final class StateMessageReports {

    /** 1 MiB: far above a client's report (one message is about 600 bytes of XML), far below the XML reader's 4 MiB. */
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;

    /** An error code as state messages write it: {@code 0x} and up to 8 hex digits, e.g. {@code 0x80070005}. */
    private static final Pattern ERROR_CODE = Pattern.compile("0[xX][0-9A-Fa-f]{1,8}");

    /** Strict ({@link StrictJson#mapper()}): nothing reaches the event but what was sent. */
    private static final ObjectReader JSON = StrictJson.mapper().readerFor(JsonReport.class);

    private final StateCatalogue catalogue;
    private final long maxBytes;
    private final XmlLimits limits;

    /**
     * @param catalogue the catalogue topic types and states are checked against
     * @param maxBytes the largest body accepted, in bytes (BOM included)
     * @throws IllegalArgumentException if {@code maxBytes} is not positive
     */
    public StateMessageReports(StateCatalogue catalogue, long maxBytes) {
        this.catalogue = catalogue;
        this.maxBytes = maxBytes;
        this.limits = ReportXml.DEFAULT_LIMITS.withMaxBytes(maxBytes);
    }

    /** The standard catalogue and {@link #DEFAULT_MAX_BYTES}. */
    public static StateMessageReports standard() {
        return new StateMessageReports(StateCatalogue.standard(), DEFAULT_MAX_BYTES);
    }

    /** @return the largest body accepted, in bytes */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Reads a body by its media type: JSON for {@code application/json} (or any {@code +json}), XML for
     * {@code application/xml}, {@code text/xml}, {@code application/octet-stream} or no type at all (ccmsetup's
     * status messages are XML whatever they are labelled).
     *
     * @param body the request body as received
     * @param contentType the Content-Type header, may be null
     * @return the messages in document order, at least one
     * @throws RejectedReport with {@link RejectedReport.Reason#UNSUPPORTED_MEDIA_TYPE} for another media type, or as
     *     {@link #readXml} / {@link #readJson}
     */
    public List<ReportedStateMessage> read(byte[] body, String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || type.endsWith("+json")) {
            return readJson(body);
        }
        if (type.isEmpty() || type.equals("application/xml") || type.equals("text/xml") || type.endsWith("+xml")
                || type.equals("application/octet-stream")) {
            return readXml(body);
        }
        throw new RejectedReport(RejectedReport.Reason.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type " + InvalidValueException.excerpt(type) + " is not supported: send application/xml or application/json");
    }

    /**
     * Reads Report XML.
     *
     * @param body the document as received, BOM included
     * @return the messages in document order, at least one
     * @throws RejectedReport TOO_LARGE over the cap; MALFORMED for unsafe, malformed or incomplete XML; INVALID for
     *     a blank client ID or an unknown topic type
     */
    public List<ReportedStateMessage> readXml(byte[] body) {
        checkSize(body);
        Report report;
        try {
            report = ReportXml.read(body, limits);
        } catch (MalformedDocumentException e) {
            throw new RejectedReport(RejectedReport.Reason.MALFORMED, e.getMessage(), e);
        }
        Machine machine = report.header().machine();
        List<ReportedStateMessage> messages = new ArrayList<>(report.messages().size());
        for (StateMessage message : report.messages()) {
            messages.add(toReported(machine.clientId(), machine.netBiosName(), machine.clientVersion(), message,
                    "StateMessage " + (messages.size() + 1)));
        }
        return List.copyOf(messages);
    }

    /**
     * Reads the {@link JsonReport JSON form}.
     *
     * @param body UTF-8 JSON
     * @return the messages in order, at least one
     * @throws RejectedReport TOO_LARGE over the cap; MALFORMED for malformed JSON, unknown or missing fields or
     *     unreadable values; INVALID for a blank client ID or an unknown topic type
     */
    public List<ReportedStateMessage> readJson(byte[] body) {
        checkSize(body);
        JsonReport report;
        try {
            report = JSON.readValue(body);
        } catch (JsonProcessingException e) {
            throw malformed("not a valid JSON report: " + StrictJson.describe(e, "a JSON object (one report)"), e);
        } catch (IOException e) {
            throw malformed("not a valid JSON report: " + e.getMessage(), e);
        }
        if (report == null) {
            throw malformed("not a valid JSON report: the body is null; it must be a JSON object (one report)", null);
        }
        String clientId = required(report.clientId(), "clientId", "report");
        String netbiosName = required(report.netbiosName(), "netbiosName", "report");
        Version clientVersion = value(() -> Version.parse(required(report.clientVersion(), "clientVersion", "report")), "report");
        if (report.messages() == null || report.messages().isEmpty()) {
            throw malformed("report has no messages", null);
        }
        List<ReportedStateMessage> messages = new ArrayList<>(report.messages().size());
        for (JsonReport.Message json : report.messages()) {
            String where = "message " + (messages.size() + 1);
            if (json == null) {
                throw malformed(where + " is null", null);
            }
            StateMessage message = value(() -> new StateMessage(
                    WmiDateTime.parse(required(json.messageTime(), "messageTime", where)),
                    json.serialNumber() == null ? OptionalLong.empty() : OptionalLong.of(json.serialNumber()),
                    new Topic(required(json.topicId(), "topicId", where), required(json.topicType(), "topicType", where),
                            json.topicIdType() == null ? 0 : json.topicIdType(), "", ""),
                    new State(required(json.stateId(), "stateId", where), json.criticality() == null ? 0 : json.criticality()),
                    new UserParameters(0, json.userParameters() == null ? List.of() : nonNull(json.userParameters(), where))), where);
            messages.add(toReported(clientId, netbiosName, clientVersion, message, where));
        }
        return List.copyOf(messages);
    }

    /**
     * Maps one validated message of a client to the event payload.
     *
     * @param where e.g. {@code StateMessage 2}, for error messages
     * @throws RejectedReport INVALID for a blank client ID or an unknown topic type
     */
    private ReportedStateMessage toReported(String clientId, String netbiosName, Version clientVersion, StateMessage message,
            String where) {
        if (clientId.isBlank()) {
            throw new RejectedReport(RejectedReport.Reason.INVALID, "ClientID is blank");
        }
        int topicType = message.topic().type();
        if (!catalogue.isKnownTopic(topicType)) {
            throw new RejectedReport(RejectedReport.Reason.INVALID, where + ": unknown topic type " + topicType
                    + " (known: " + catalogue.topicTypes() + ")");
        }
        int stateId = message.state().id();
        Optional<String> stateName = catalogue.stateName(topicType, stateId);
        List<String> params = message.userParameters().params();
        try {
            return new ReportedStateMessage(clientId.strip(), netbiosName, clientVersion.toString(), topicType,
                    message.topic().id(), message.topic().idType(), stateId, stateName.orElse(null), stateName.isPresent(),
                    message.state().criticality(), message.messageTime().toInstant(), message.messageTime().text(),
                    message.serialNumber().isPresent() ? message.serialNumber().getAsLong() : null, params,
                    errorCode(topicType, params));
        } catch (IllegalArgumentException e) {
            // The contract's bounds (lengths, no NUL): refuse at the door, never hand the store a poison record.
            throw new RejectedReport(RejectedReport.Reason.INVALID, where + ": " + e.getMessage());
        }
    }

    /**
     * The error code a message reports: for Endpoint Protection deployment (2001) its second parameter, as the EP
     * agent writes it ({@code 0x00000000} when managed); otherwise the first parameter shaped like an error code
     * ({@code 0x} and up to 8 hex digits), as ccmsetup appends it to failure states. Kept as sent.
     *
     * @return the code, or null when the message carries none
     */
    static String errorCode(int topicType, List<String> params) {
        if (topicType == StateCatalogue.TOPIC_EP_CLIENT_DEPLOYMENT && params.size() > 1
                && ERROR_CODE.matcher(params.get(1).strip()).matches()) {
            return params.get(1).strip();
        }
        return params.stream().map(String::strip).filter(p -> ERROR_CODE.matcher(p).matches()).findFirst().orElse(null);
    }

    private void checkSize(byte[] body) {
        if (body == null || body.length == 0) {
            throw malformed("empty body", null);
        }
        if (body.length > maxBytes) {
            throw new RejectedReport(RejectedReport.Reason.TOO_LARGE,
                    "body of " + body.length + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
    }

    private static <T> T required(T value, String field, String where) {
        if (value == null) {
            throw malformed(where + ": " + field + " is required", null);
        }
        return value;
    }

    private static List<String> nonNull(List<String> values, String where) {
        if (values.contains(null)) {
            throw malformed(where + ": userParameters must not contain null", null);
        }
        return values;
    }

    private static <T> T value(java.util.function.Supplier<T> parse, String where) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw malformed(where + ": " + e.getMessage(), e);
        }
    }

    private static RejectedReport malformed(String detail, Throwable cause) {
        return new RejectedReport(RejectedReport.Reason.MALFORMED, detail, cause);
    }
}
