package io.acu.fleetsim.domain;

import io.acu.formats.WmiDateTime;
import io.acu.formats.statemessage.Machine;
import io.acu.formats.statemessage.Report;
import io.acu.formats.statemessage.ReportDetails;
import io.acu.formats.statemessage.ReportHeader;
import io.acu.formats.statemessage.State;
import io.acu.formats.statemessage.StateMessage;
import io.acu.formats.statemessage.Topic;
import io.acu.formats.statemessage.UserParameters;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * The state messages a ConfigMgr client sends about an upgrade, in the Report format of
 * shared/samples: ccmsetup's fallback status point message (topic type 800, no serial number) and
 * the Endpoint Protection agent's deployment state message (topic type 2001, with a serial number).
 */
public final class StatusReports {

    /** Topic type of client deployment messages sent to the fallback status point. */
    public static final int TOPIC_CLIENT_DEPLOYMENT = 800;
    /** Topic type of Endpoint Protection client deployment state messages. */
    public static final int TOPIC_EP_DEPLOYMENT = 2001;
    /** FSP state: client deployment succeeded. */
    public static final int FSP_DEPLOYMENT_SUCCEEDED = 400;
    /** FSP state: BITS download failed. */
    public static final int FSP_BITS_DOWNLOAD_FAILED = 309;
    /** FSP state: prerequisite hash mismatch. */
    public static final int FSP_HASH_MISMATCH = 325;
    /** EP state: managed (agent installed). */
    public static final int EP_MANAGED = 3;
    /** EP state: installation failed. */
    public static final int EP_INSTALLATION_FAILED = 4;
    /** EP error code of a successful install. */
    public static final String EP_SUCCESS = "0x00000000";

    private StatusReports() {
    }

    /**
     * ccmsetup's fallback status point message.
     *
     * @param client the sender
     * @param stateId the topic-800 state, e.g. 400 or 309
     * @param topicId ccmsetup's deployment topic GUID ({@code {…}})
     * @param contentSource the DP package URL the client used (shown as {@code [DP] <url>} like ccmsetup)
     * @param at the client's (simulated) time
     */
    public static Report fallbackStatus(SimulatedClient client, int stateId, String topicId, String contentSource, Instant at) {
        UserParameters parameters = new UserParameters(0, List.of(client.clientVersion().toString(), "Deployment", "[DP] " + contentSource));
        StateMessage message = new StateMessage(WmiDateTime.of(at), OptionalLong.empty(), new Topic(topicId, TOPIC_CLIENT_DEPLOYMENT, 0, "", ""),
                new State(stateId, 0), parameters);
        return report(client, message, at);
    }

    /**
     * The Endpoint Protection agent's deployment state message.
     *
     * @param client the sender
     * @param stateId the topic-2001 state, e.g. 3 (managed) or 4 (installation failed)
     * @param serialNumber the client's state message serial number (unique per client)
     * @param topicId the agent's topic GUID
     * @param agentVersion the agent version it now runs, e.g. {@code 4.3.215.0}
     * @param errorCode {@code 0x00000000} on success, else the installer's HRESULT
     * @param at the client's (simulated) time
     */
    public static Report endpointProtection(SimulatedClient client, int stateId, long serialNumber, String topicId, String agentVersion,
            String errorCode, Instant at) {
        StateMessage message = new StateMessage(WmiDateTime.of(at), OptionalLong.of(serialNumber), new Topic(topicId, TOPIC_EP_DEPLOYMENT, 0, "", ""),
                new State(stateId, 0), new UserParameters(0, List.of(agentVersion, errorCode)));
        return report(client, message, at);
    }

    private static Report report(SimulatedClient client, StateMessage message, Instant at) {
        Machine machine = new Machine(true, 1, client.clientId(), client.clientVersion(), client.netbiosName(), 437, 1033, 5);
        ReportDetails details = new ReportDetails("State Message Data", "Full", WmiDateTime.of(at), "1.0", "1.0");
        return new Report(new ReportHeader(machine, details), List.of(message));
    }
}
