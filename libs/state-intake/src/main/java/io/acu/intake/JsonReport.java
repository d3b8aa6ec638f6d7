package io.acu.intake;

import java.util.List;

/**
 * The JSON form of a state-message report, the same content as ConfigMgr's Report XML with the header reduced to
 * the client identity. Field names follow the XML; times stay WMI datetimes so both forms carry identical values:
 * <pre>{@code
 * {"clientId": "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42", "netbiosName": "WKS-0001",
 *  "clientVersion": "5.00.7804.1000",
 *  "messages": [{"messageTime": "20130909103917.000000+000", "serialNumber": 1187,
 *                "topicType": 2001, "topicId": "{9BCF7827-E04F-4C3A-8D8C-B943316A2D7F}", "topicIdType": 0,
 *                "stateId": 3, "criticality": 0, "userParameters": ["4.3.215.0", "0x00000000"]}]}
 * }</pre>
 *
 * @param clientId the SMS unique identifier (XML {@code ClientID}); required
 * @param netbiosName the NetBIOS name (XML {@code NetBIOSName}); required
 * @param clientVersion the ConfigMgr client version (XML {@code ClientVersion}); required
 * @param messages one or more messages
 */
public record JsonReport(String clientId, String netbiosName, String clientVersion, List<Message> messages) {

    /**
     * One message, the JSON form of a {@code StateMessage} element.
     *
     * @param messageTime WMI datetime {@code yyyyMMddHHmmss.ffffff+MMM}; required
     * @param serialNumber the client's serial number; absent for fallback status point messages
     * @param topicType the Topic Type, e.g. 800 or 2001; required
     * @param topicId the Topic ID, e.g. a GUID in braces; required
     * @param topicIdType the Topic IDType; 0 when absent
     * @param stateId the State ID; required
     * @param criticality the State Criticality; 0 when absent
     * @param userParameters the Param values in order; none when absent
     */
    public record Message(String messageTime, Long serialNumber, Integer topicType, String topicId,
            Integer topicIdType, Integer stateId, Integer criticality, List<String> userParameters) {
    }
}
