package io.acu.rollout.domain;

import io.acu.formats.InvalidValueException;
import io.acu.formats.Version;
import io.acu.formats.catalogue.StateCatalogue;
import io.acu.formats.catalogue.StateOutcome;

/**
 * What a client offered a package version made of it, from its latest client deployment (800, through the fallback
 * status point) and Endpoint Protection deployment (2001) states:
 * <ul>
 *   <li>{@link Kind#FAILED} when either latest state is a catalogue failure state (800/301–329, 601–609; 2001/4, 6);
 *       the failing topic, state and error code are kept for the gate's allow list and the halt's reason;
 *   <li>{@link Kind#SUCCEEDED} when ccmsetup reported success (800/400, 401, 402) at the target client version or
 *       later (or without a version), and, for a package that carries the Endpoint Protection agent, the agent
 *       reported it is managed (2001/3 or 7) at the agent's target version or later;
 *   <li>{@link Kind#IN_PROGRESS} otherwise.
 * </ul>
 *
 * @param kind the outcome
 * @param topicType the topic type of the failing state; 0 unless failed
 * @param stateId the failing state; 0 unless failed
 * @param errorCode the failing message's error code; null when none or not failed
 */
public record ClientOutcome(Kind kind, int topicType, int stateId, String errorCode) {

    /** The three outcomes. */
    public enum Kind {
        /** Installed at the target versions. */
        SUCCEEDED,
        /** The latest state of a topic is a failure. */
        FAILED,
        /** Neither yet. */
        IN_PROGRESS
    }

    /** Offered, no final state yet. */
    public static final ClientOutcome IN_PROGRESS = new ClientOutcome(Kind.IN_PROGRESS, 0, 0, null);

    /**
     * The versions a package version installs.
     *
     * @param clientVersion the ConfigMgr client version of the package, e.g. {@code 5.00.7804.1000}
     * @param endpointProtectionVersion the Endpoint Protection agent's version ({@code SCEPInstall.exe}'s Discovery
     *     version), e.g. {@code 4.3.215.0}; null when the package carries no agent
     */
    public record Target(Version clientVersion, Version endpointProtectionVersion) {
    }

    /**
     * @param deployment the latest 800 state; null when none arrived
     * @param endpointProtection the latest 2001 state; null when none arrived
     * @param target what the version installs
     * @return the outcome
     */
    public static ClientOutcome of(ReportedState deployment, ReportedState endpointProtection, Target target) {
        if (failed(StateCatalogue.TOPIC_CLIENT_DEPLOYMENT, deployment)) {
            return new ClientOutcome(Kind.FAILED, StateCatalogue.TOPIC_CLIENT_DEPLOYMENT, deployment.stateId(), deployment.errorCode());
        }
        if (failed(StateCatalogue.TOPIC_EP_CLIENT_DEPLOYMENT, endpointProtection)) {
            return new ClientOutcome(Kind.FAILED, StateCatalogue.TOPIC_EP_CLIENT_DEPLOYMENT, endpointProtection.stateId(),
                    endpointProtection.errorCode());
        }
        boolean deployed = succeeded(StateCatalogue.TOPIC_CLIENT_DEPLOYMENT, deployment, target.clientVersion(), false);
        boolean protectedAtTarget = target.endpointProtectionVersion() == null
                || succeeded(StateCatalogue.TOPIC_EP_CLIENT_DEPLOYMENT, endpointProtection, target.endpointProtectionVersion(), true);
        return deployed && protectedAtTarget ? new ClientOutcome(Kind.SUCCEEDED, 0, 0, null) : IN_PROGRESS;
    }

    private static boolean failed(int topicType, ReportedState state) {
        return state != null && StateOutcome.of(topicType, state.stateId(), true) == StateOutcome.FAILED;
    }

    private static boolean succeeded(int topicType, ReportedState state, Version target, boolean versionRequired) {
        if (state == null || StateOutcome.of(topicType, state.stateId(), true) != StateOutcome.SUCCEEDED) {
            return false;
        }
        Version reported = parse(state.reportedVersion());
        return reported == null ? !versionRequired : reported.isAtLeast(target);
    }

    private static Version parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Version.parse(text);
        } catch (InvalidValueException e) {
            return null;
        }
    }
}
