package io.acu.formats.catalogue;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * What a state means for a rollout, per topic type, from the ConfigMgr state catalogue: the client reached the
 * goal ({@link #SUCCEEDED}), failed ({@link #FAILED}) or is on its way ({@link #IN_PROGRESS}). States acu does not
 * name are {@link #UNKNOWN}.
 *
 * <ul>
 *   <li>800 client deployment: 400 succeeded, 401 succeeded (reboot required), 402 succeeded (reboot completed), 700
 *       assignment succeeded; failures 301–329 and 601–609 (assignment failures); the rest in progress.
 *   <li>2001 Endpoint Protection client deployment: 3 managed, 7 co-managed succeeded; 4 installation failed, 6 not
 *       supported failed; 1, 2, 5 in progress.
 *   <li>2002 Endpoint Protection policy application: 1 succeeded, 2 failed, 0 in progress.
 * </ul>
 */
public enum StateOutcome {
    /** The client reached the topic's goal state. */
    SUCCEEDED,
    /** The client reported a failure. */
    FAILED,
    /** A known state on the way to the goal. */
    IN_PROGRESS,
    /** The state is not in acu's catalogue. */
    UNKNOWN;

    private static final Map<Integer, Set<Integer>> SUCCESS = Map.of(
            800, Set.of(400, 401, 402, 700),
            2001, Set.of(3, 7),
            2002, Set.of(1));

    /**
     * @param topicType e.g. 800
     * @param stateId e.g. 400
     * @param knownState whether the catalogue names the state
     * @return the outcome
     */
    public static StateOutcome of(int topicType, int stateId, boolean knownState) {
        if (!knownState) {
            return UNKNOWN;
        }
        if (SUCCESS.getOrDefault(topicType, Set.of()).contains(stateId)) {
            return SUCCEEDED;
        }
        return isFailure(topicType, stateId) ? FAILED : IN_PROGRESS;
    }

    /**
     * The failure state IDs of a topic type, for queries.
     *
     * @return ascending; empty for a topic type without failure states
     */
    public static int[] failureStates(int topicType) {
        return java.util.stream.IntStream.rangeClosed(0, 999).filter(id -> isFailure(topicType, id)).toArray();
    }

    private static boolean isFailure(int topicType, int stateId) {
        return switch (topicType) {
            case 800 -> (stateId >= 301 && stateId <= 329) || (stateId >= 601 && stateId <= 609);
            case 2001 -> stateId == 4 || stateId == 6;
            case 2002 -> stateId == 2;
            default -> false;
        };
    }

    /** @return the outcomes in display order */
    public static java.util.List<StateOutcome> displayOrder() {
        return Arrays.asList(values());
    }
}
