package io.acu.rollout.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a package's new versions reach the fleet: an ordered list of rings, each started when the one before it
 * passed its gate (ConfigMgr's pre-production collection, then production; hawkBit's rollout groups; Windows Update
 * for Business' deployment rings).
 *
 * @param rings at least one, in order; names unique (case-insensitively); percent rings together at most 100 %; at
 *     most one rest ring, and it is last
 */
public record RolloutPlan(List<Ring> rings) {

    /** Most rings one plan may have. */
    public static final int MAX_RINGS = 20;

    /**
     * The plan a package gets until an operator sets one: {@code pilot} (explicit, empty until the operator lists its
     * clients or boundary groups; an empty ring is skipped), {@code early} (10 % of the other clients) and
     * {@code broad} (the rest), each with {@link GateCriteria#DEFAULT}, none waiting for a manual promote.
     */
    public static RolloutPlan defaultPlan() {
        return new RolloutPlan(List.of(
                new Ring("pilot", List.of(), List.of(), null, false, GateCriteria.DEFAULT, false),
                new Ring("early", List.of(), List.of(), 10.0, false, GateCriteria.DEFAULT, false),
                new Ring("broad", List.of(), List.of(), null, true, GateCriteria.DEFAULT, false)));
    }

    /**
     * Checks the whole plan and returns it in canonical form.
     *
     * @throws InvalidPlanException naming the field: no rings, too many, a duplicate name, percentages summing over
     *     100, a rest ring that is not last, or any ring's own rule ({@link Ring#validated})
     */
    public RolloutPlan validated() {
        if (rings == null || rings.isEmpty()) {
            throw new InvalidPlanException("rings", "rings must list at least one ring");
        }
        if (rings.size() > MAX_RINGS) {
            throw new InvalidPlanException("rings", "rings lists " + rings.size() + " rings, at most " + MAX_RINGS);
        }
        List<Ring> checked = new ArrayList<>(rings.size());
        Set<String> names = new HashSet<>();
        double percentSum = 0;
        for (int i = 0; i < rings.size(); i++) {
            if (rings.get(i) == null) {
                throw new InvalidPlanException("rings[" + i + "]", "rings[" + i + "] is null");
            }
            Ring ring = rings.get(i).validated(i);
            if (!names.add(ring.name().toLowerCase(Locale.ROOT))) {
                throw new InvalidPlanException("rings[" + i + "].name", "rings[" + i + "].name '" + ring.name() + "' is used by an earlier ring");
            }
            if (ring.kind() == Ring.Kind.REST && i != rings.size() - 1) {
                throw new InvalidPlanException("rings[" + i + "].rest", "rings[" + i + "] (" + ring.name() + ") takes the rest, so it must be the last ring");
            }
            if (ring.percent() != null) {
                percentSum += ring.percent();
                if (percentSum > 100.0 + 1e-9) {
                    throw new InvalidPlanException("rings[" + i + "].percent", "the percent rings up to rings[" + i + "] ("
                            + ring.name() + ") sum to " + percentSum + " %, at most 100");
                }
            }
            checked.add(ring);
        }
        return new RolloutPlan(List.copyOf(checked));
    }

    /** @return the ring's position in the plan, or -1 */
    public int indexOf(String ringName) {
        for (int i = 0; i < rings.size(); i++) {
            if (rings.get(i).name().equalsIgnoreCase(ringName)) {
                return i;
            }
        }
        return -1;
    }
}
