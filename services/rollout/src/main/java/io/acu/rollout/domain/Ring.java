package io.acu.rollout.domain;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One ring of a rollout plan: who is in it and when it passes. Membership is one of
 * <ul>
 *   <li><b>explicit</b>: client IDs and/or boundary groups, as ConfigMgr's pre-production collection (the pilot); a
 *       client listed here, or reporting one of these boundary groups, belongs to this ring whatever its hash;
 *   <li><b>percent</b>: a share of the clients not in an explicit ring, chosen by a stable hash of package and client
 *       ID ({@link RingAssignment}), as hawkBit's rollout groups by percentage;
 *   <li><b>rest</b>: every client no earlier ring took (the broad ring), at most one and last.
 * </ul>
 *
 * @param name unique within the plan, 1 to 40 letters, digits, {@code -} or {@code _}, e.g. {@code pilot}
 * @param clientIds explicit members, canonical upper-case, sorted; empty when none
 * @param boundaryGroups explicit member boundary groups, e.g. {@code BG-HQ}, compared case-insensitively, sorted;
 *     empty when none
 * @param percent share of the non-explicit clients, 0..100; null unless a percent ring
 * @param rest whether this is the ring of every remaining client
 * @param gate when the ring passes or halts the rollout
 * @param manualPromote whether, once the gate passes, the ring waits for an operator's promote before the next ring
 *     starts (ConfigMgr's "promote pre-production client")
 */
public record Ring(String name, List<String> clientIds, List<String> boundaryGroups, Double percent, boolean rest,
        GateCriteria gate, boolean manualPromote) {

    /** Most explicit client IDs one ring may list (larger groups belong in a percent ring). */
    public static final int MAX_EXPLICIT_CLIENTS = 10_000;

    /**
     * Most boundary groups one ring may list: a site has tens to hundreds; the list is kept in every rollout's plan
     * snapshot and matched on each policy request, so it stays bounded.
     */
    public static final int MAX_BOUNDARY_GROUPS = 1_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern BOUNDARY_GROUP = Pattern.compile("[\\p{L}\\p{N} ._()-]{1,64}");

    /** The kind of membership. */
    public enum Kind {
        /** Listed client IDs and boundary groups. */
        EXPLICIT,
        /** A hashed share of the clients. */
        PERCENT,
        /** Everyone left. */
        REST
    }

    /** @return how membership is decided */
    public Kind kind() {
        return rest ? Kind.REST : percent != null ? Kind.PERCENT : Kind.EXPLICIT;
    }

    /** @return whether the ring can have no member at all: an explicit ring listing nobody, or 0 % */
    public boolean isEmpty() {
        return switch (kind()) {
            case EXPLICIT -> clientIds.isEmpty() && boundaryGroups.isEmpty();
            case PERCENT -> percent == 0.0;
            case REST -> false;
        };
    }

    /** @return whether {@code boundaryGroup} (may be null) is one of this ring's, case-insensitively */
    public boolean hasBoundaryGroup(String boundaryGroup) {
        return boundaryGroup != null && boundaryGroups.contains(boundaryGroup.strip().toUpperCase(Locale.ROOT));
    }

    /**
     * Checks the ring and brings its lists to canonical form.
     *
     * @param index the ring's position, for field paths ({@code rings[index]...})
     * @throws InvalidPlanException naming the field: a bad name, more than one kind of membership, a percentage
     *     outside 0..100, a malformed client ID or boundary group, too many client IDs, an invalid gate
     */
    public Ring validated(int index) {
        String path = "rings[" + index + "]";
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidPlanException(path + ".name", path + ".name must be 1 to 40 letters, digits, '-' or '_', was "
                    + (name == null ? "null" : "'" + GateCriteria.shown(name) + "'"));
        }
        List<String> ids = clientIds == null ? List.of() : clientIds;
        List<String> groups = boundaryGroups == null ? List.of() : boundaryGroups;
        boolean explicit = !ids.isEmpty() || !groups.isEmpty();
        int kinds = (explicit ? 1 : 0) + (percent != null ? 1 : 0) + (rest ? 1 : 0);
        if (kinds > 1) {
            throw new InvalidPlanException(path, path + " (" + name + ") must have one kind of membership: clientIds/boundaryGroups,"
                    + " percent, or rest");
        }
        if (percent != null && (percent.isNaN() || percent < 0 || percent > 100)) {
            throw new InvalidPlanException(path + ".percent", path + ".percent must be between 0 and 100, was " + percent);
        }
        if (ids.size() > MAX_EXPLICIT_CLIENTS) {
            throw new InvalidPlanException(path + ".clientIds", path + ".clientIds lists " + ids.size() + " clients, at most "
                    + MAX_EXPLICIT_CLIENTS + " (use a percent ring for more)");
        }
        Set<String> canonicalIds = new TreeSet<>();
        for (int i = 0; i < ids.size(); i++) {
            try {
                canonicalIds.add(ClientIds.require(ids.get(i), path + ".clientIds[" + i + "]"));
            } catch (IllegalArgumentException e) {
                throw new InvalidPlanException(path + ".clientIds[" + i + "]", e.getMessage());
            }
        }
        if (groups.size() > MAX_BOUNDARY_GROUPS) {
            throw new InvalidPlanException(path + ".boundaryGroups", path + ".boundaryGroups lists " + groups.size() + " boundary groups, at most "
                    + MAX_BOUNDARY_GROUPS);
        }
        Set<String> canonicalGroups = new TreeSet<>();
        for (int i = 0; i < groups.size(); i++) {
            String group = groups.get(i);
            if (group == null || !BOUNDARY_GROUP.matcher(group.strip()).matches()) {
                throw new InvalidPlanException(path + ".boundaryGroups[" + i + "]", path + ".boundaryGroups[" + i
                        + "] must be 1 to 64 letters, digits, blanks or . _ ( ) -, was " + (group == null ? "null" : "'" + GateCriteria.shown(group) + "'"));
            }
            canonicalGroups.add(group.strip().toUpperCase(Locale.ROOT));
        }
        GateCriteria checkedGate = (gate == null ? GateCriteria.DEFAULT : gate).validated(path + ".gate");
        return new Ring(name, List.copyOf(canonicalIds), List.copyOf(canonicalGroups), percent, rest, checkedGate, manualPromote);
    }
}
