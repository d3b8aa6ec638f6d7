package io.acu.rollout.domain;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which distribution points hold a package version's content, from their latest
 * {@code ContentDistributionStatusChanged}: a download grant names one of them, or the per-DP cap could be dodged by
 * inventing DP names, and a client could be sent to a DP that lacks the content (content first). DP names are host
 * names, so they compare case-insensitively; a grant is recorded under the name the DP reported.
 */
public final class ContentHolders {

    /** The state a DP reports once it holds the content ({@code DistributionState.INSTALLED}). */
    public static final String INSTALLED = "INSTALLED";

    private final String version;
    private final Map<String, Map.Entry<String, String>> byKey = new TreeMap<>();

    /**
     * @param version the package version as shown in refusals, e.g. {@code CAS00006 v5}
     * @param states each DP's latest distribution state of that version by DP name, e.g. {@code dp01 -> INSTALLED}
     */
    public ContentHolders(String version, Map<String, String> states) {
        this.version = version;
        states.forEach((point, state) -> byKey.put(point.toLowerCase(Locale.ROOT), Map.entry(point, state)));
    }

    /**
     * @param requested the DP a grant request names, trimmed
     * @return the DP's name as it reported, when it holds the content
     * @throws RolloutConflictException naming the DP when rollout has no status of the version from it (unknown or
     *     invented) or its latest state is not INSTALLED; the detail lists the DPs that hold the version
     */
    public String require(String requested) {
        Map.Entry<String, String> found = byKey.get(requested.toLowerCase(Locale.ROOT));
        if (found != null && INSTALLED.equals(found.getValue())) {
            return found.getKey();
        }
        String why = found == null ? "no distribution status of " + version + " came from it (an unknown distribution point)"
                : "its content of " + version + " is " + found.getValue() + ", not INSTALLED";
        throw new RolloutConflictException("distributionPoint '" + requested + "' does not hold " + version + ": " + why + "; "
                + holders().map(h -> "the version is INSTALLED on " + h).orElse("no distribution point holds the version yet"));
    }

    private Optional<String> holders() {
        String names = String.join(", ", byKey.values().stream().filter(e -> INSTALLED.equals(e.getValue())).map(Map.Entry::getKey).toList());
        return names.isEmpty() ? Optional.empty() : Optional.of(names);
    }
}
