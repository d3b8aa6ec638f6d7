package io.acu.stateingest.domain;

import io.acu.formats.catalogue.StateOutcome;
import io.acu.formats.InvalidValueException;
import io.acu.formats.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Compliance of a fleet for one topic type against a target version, aggregated from groups of clients that share
 * a current state and reported version (the database counts the groups; this class classifies them).
 *
 * @param topicType e.g. 800 (client) or 2001 (Endpoint Protection agent)
 * @param target the version the rollout aims at
 * @param clients all clients with a current state for the topic type
 * @param byState clients per {@link ComplianceState}, every state present (0 when none)
 * @param byVersion clients per reported version, highest first; versions that compare equal
 *     ({@code 5.0.7804.1000}, {@code 5.00.7804.1000}) are counted together under the first text seen; clients
 *     reporting no version are under {@code null}
 */
public record Compliance(int topicType, Version target, long clients, Map<ComplianceState, Long> byState,
        List<VersionCount> byVersion) {

    /**
     * Clients that share a current state and reported version.
     *
     * @param stateId the current state ID
     * @param knownState whether the catalogue names the state
     * @param reportedVersion the reported version text, or null
     * @param clients how many clients
     */
    public record Group(int stateId, boolean knownState, String reportedVersion, long clients) {
    }

    /**
     * @param version the version as reported, or null for clients reporting none
     * @param clients how many clients report it
     */
    public record VersionCount(String version, long clients) {
    }

    /** Copies the collections. */
    public Compliance {
        Objects.requireNonNull(target, "target");
        byState = Map.copyOf(byState);
        byVersion = List.copyOf(byVersion);
    }

    /**
     * Classifies the groups.
     *
     * @param topicType the topic type the groups belong to
     * @param target the target version
     * @param groups the groups, from {@code client_state}
     * @return the aggregate
     */
    public static Compliance of(int topicType, Version target, List<Group> groups) {
        Map<ComplianceState, Long> byState = new EnumMap<>(ComplianceState.class);
        for (ComplianceState state : ComplianceState.values()) {
            byState.put(state, 0L);
        }
        TreeMap<Version, VersionCount> versions = new TreeMap<>(Comparator.reverseOrder());
        long unversioned = 0;
        long total = 0;
        for (Group group : groups) {
            Version reported = parse(group.reportedVersion());
            ComplianceState state = ComplianceState.classify(StateOutcome.of(topicType, group.stateId(), group.knownState()), reported, target);
            byState.merge(state, group.clients(), Long::sum);
            total += group.clients();
            if (reported == null) {
                unversioned += group.clients();
            } else {
                versions.merge(reported, new VersionCount(group.reportedVersion(), group.clients()),
                        (a, b) -> new VersionCount(a.version(), a.clients() + b.clients()));
            }
        }
        List<VersionCount> byVersion = new ArrayList<>(versions.values());
        if (unversioned > 0) {
            byVersion.add(new VersionCount(null, unversioned));
        }
        return new Compliance(topicType, target, total, new LinkedHashMap<>(byState), byVersion);
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
