package io.acu.contracts;

import java.time.Instant;
import java.util.List;

/**
 * One ConfigMgr state message as the site received it: a {@code StateMessage} element of a client's Report XML
 * together with the client identity from the report header, validated and normalised by the intake (fsp or the
 * state-message intake). Shared by {@link FspStateMessageReceived} and {@link ClientStateMessageReceived}.
 *
 * @param clientId the client's SMS unique identifier (header ClientID), e.g.
 *     {@code GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42}; the record key
 * @param netbiosName the client's NetBIOS name (header NetBIOSName), e.g. {@code WKS-0001}
 * @param clientVersion the ConfigMgr client version in the header, as written, e.g. {@code 5.00.7804.1000}
 * @param topicType the Topic Type: 800 client deployment (ccmsetup, via the fallback status point), 2001
 *     Endpoint Protection client deployment, 2002 Endpoint Protection policy, …
 * @param topicId the Topic ID as sent, usually a GUID in braces, e.g.
 *     {@code {1FFD119F-4ED5-4C9A-9765-CAACE1E26FD7}}
 * @param topicIdType the Topic IDType as sent (0 for the topics above)
 * @param stateId the State ID within the topic type, e.g. 400 (client deployment succeeded) for 800, 3 (managed)
 *     for 2001
 * @param stateName the catalogue name of (topicType, stateId), e.g. {@code Client deployment succeeded}; null when
 *     the state is not in the catalogue
 * @param knownState whether (topicType, stateId) is in acu's state catalogue; true exactly when
 *     {@code stateName} is given
 * @param criticality the State Criticality as sent (0 = normal)
 * @param messageTime the MessageTime as an instant (UTC; ISO-8601 in JSON), from 0001-01-01T00:00:00Z to
 *     9999-12-31T23:59:59.999999Z ({@link #EARLIEST_MESSAGE_TIME}, {@link #LATEST_MESSAGE_TIME}); orders a client's
 *     states
 * @param messageTimeWmi the MessageTime exactly as sent, a WMI datetime {@code yyyyMMddHHmmss.ffffff+MMM} (offset
 *     in minutes), e.g. {@code 20130909085647.000000+000}
 * @param serialNumber the message's SerialNumber, the client's sequence number that with {@code clientId} makes
 *     re-delivery detectable; null for fallback status point messages, which carry none
 * @param userParameters the UserParameters Param values in order (the state's insertion strings, e.g. client
 *     version, {@code Deployment}, content source for 800/400); empty when there are none
 * @param errorCode the error code the message reports, hex as sent, e.g. {@code 0x00000000} (for 2001 the second
 *     user parameter); null when the message carries none
 */
public record ReportedStateMessage(
        String clientId,
        String netbiosName,
        String clientVersion,
        int topicType,
        String topicId,
        int topicIdType,
        int stateId,
        @Nullable String stateName,
        boolean knownState,
        int criticality,
        Instant messageTime,
        String messageTimeWmi,
        @Nullable Long serialNumber,
        List<String> userParameters,
        @Nullable String errorCode) {

    /**
     * Checks and copies the fields.
     *
     * @throws NullPointerException if a required field is null
     * @throws IllegalArgumentException if the client ID or time text is blank, {@code knownState} disagrees
     *     with {@code stateName}, the MessageTime lies outside what a site stores, or a text is longer than its bound
     *     or contains a NUL character (the FSP is unauthenticated: nothing a client sends may be able to stall the
     *     store downstream)
     */
    public ReportedStateMessage {
        Checks.bounded(Checks.text(clientId, "clientId"), "clientId", MAX_ID_LENGTH);
        Checks.bounded(Checks.required(netbiosName, "netbiosName"), "netbiosName", MAX_ID_LENGTH);
        Checks.bounded(Checks.required(clientVersion, "clientVersion"), "clientVersion", MAX_ID_LENGTH);
        Checks.bounded(Checks.required(topicId, "topicId"), "topicId", MAX_ID_LENGTH);
        if (knownState != (stateName != null)) {
            throw new IllegalArgumentException("knownState is " + knownState + " but stateName is " + stateName
                    + " (state " + stateId + " of topic type " + topicType + ")");
        }
        if (stateName != null) {
            Checks.bounded(stateName, "stateName", MAX_PARAMETER_LENGTH);
        }
        Checks.required(messageTime, "messageTime");
        if (messageTime.isBefore(EARLIEST_MESSAGE_TIME) || messageTime.isAfter(LATEST_MESSAGE_TIME)) {
            throw new IllegalArgumentException("MessageTime " + messageTimeWmi + " is " + messageTime + " in UTC, outside "
                    + EARLIEST_MESSAGE_TIME + " .. " + LATEST_MESSAGE_TIME);
        }
        Checks.bounded(Checks.text(messageTimeWmi, "messageTimeWmi"), "messageTimeWmi", MAX_ID_LENGTH);
        if (errorCode != null) {
            Checks.bounded(errorCode, "errorCode", MAX_ID_LENGTH);
        }
        userParameters = Checks.list(userParameters, "userParameters");
        if (userParameters.size() > MAX_PARAMETERS) {
            throw new IllegalArgumentException("userParameters has " + userParameters.size() + " entries, at most " + MAX_PARAMETERS);
        }
        for (int i = 0; i < userParameters.size(); i++) {
            Checks.bounded(userParameters.get(i), "userParameters[" + i + "]", MAX_PARAMETER_LENGTH);
        }
    }

    /**
     * The earliest MessageTime, in UTC: year 1, the first a WMI datetime's four-digit year can name once its offset
     * is applied and the first PostgreSQL's {@code timestamptz} stores (year 0000 exists in neither's range).
     */
    public static final Instant EARLIEST_MESSAGE_TIME = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest MessageTime, in UTC: the end of year 9999 at a WMI datetime's microsecond precision. */
    public static final Instant LATEST_MESSAGE_TIME = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** Longest client ID, NetBIOS name, version, topic ID, time text or error code, in characters ({@code GUID:…} is 41). */
    public static final int MAX_ID_LENGTH = 128;
    /** Most user parameters in one state message. */
    public static final int MAX_PARAMETERS = 32;
    /** Longest user parameter, in characters (a DP URL fits). */
    public static final int MAX_PARAMETER_LENGTH = 2048;
}
