package io.acu.rollout.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** A rollout plan's shape, its validation (400 naming the field) and its canonical form. */
class RolloutPlanTest {

    private static final String ID_A = "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42";
    private static final String ID_B = "GUID:0A1B2C3D-4E5F-4061-8E2B-7A0D3C9E1F42";

    static Ring explicit(String name, List<String> clientIds, List<String> boundaryGroups) {
        return new Ring(name, clientIds, boundaryGroups, null, false, GateCriteria.DEFAULT, false);
    }

    static Ring percent(String name, double percent) {
        return new Ring(name, List.of(), List.of(), percent, false, GateCriteria.DEFAULT, false);
    }

    static Ring rest(String name) {
        return new Ring(name, List.of(), List.of(), null, true, GateCriteria.DEFAULT, false);
    }

    static Ring withGate(GateCriteria gate) {
        return new Ring("pilot", List.of(), List.of(), null, false, gate, false);
    }

    static GateCriteria gate(double successPercent, double failurePercent, int minSample, Duration soak, List<String> ignored) {
        return new GateCriteria(successPercent, failurePercent, minSample, soak, true, ignored);
    }

    private static InvalidPlanException invalid(RolloutPlan plan) {
        try {
            plan.validated();
        } catch (InvalidPlanException e) {
            return e;
        }
        throw new AssertionError("expected " + plan + " to be refused");
    }

    private static void assertRefused(RolloutPlan plan, String field, String... messageParts) {
        InvalidPlanException e = invalid(plan);
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(messageParts);
    }

    @Test
    void defaultPlanIsAnEmptyExplicitPilotThenTenPercentEarlyThenTheRestBroad() {
        RolloutPlan plan = RolloutPlan.defaultPlan();

        assertThat(plan.rings()).extracting(Ring::name).containsExactly("pilot", "early", "broad");
        assertThat(plan.rings()).extracting(Ring::kind).containsExactly(Ring.Kind.EXPLICIT, Ring.Kind.PERCENT, Ring.Kind.REST);
        Ring pilot = plan.rings().get(0);
        assertThat(pilot.clientIds()).isEmpty();
        assertThat(pilot.boundaryGroups()).isEmpty();
        assertThat(pilot.isEmpty()).isTrue();
        assertThat(plan.rings().get(1).percent()).isEqualTo(10.0);
        assertThat(plan.rings().get(1).isEmpty()).isFalse();
        assertThat(plan.rings().get(2).isEmpty()).isFalse();
        assertThat(plan.rings()).allSatisfy(ring -> {
            assertThat(ring.gate()).isEqualTo(GateCriteria.DEFAULT);
            assertThat(ring.manualPromote()).isFalse();
        });
        assertThat(plan.validated()).isEqualTo(plan);
        assertThat(plan.indexOf("EARLY")).isEqualTo(1);
        assertThat(plan.indexOf("late")).isEqualTo(-1);
    }

    @Test
    void defaultGateIsNinetyPercentSuccessTenPercentFailuresFiveClientsNoSoakStallsCount() {
        assertThat(GateCriteria.DEFAULT).isEqualTo(new GateCriteria(90.0, 10.0, 5, Duration.ZERO, true, List.of()));
    }

    @Test
    void aPlanNeedsAtLeastOneAndAtMostTwentyRings() {
        assertRefused(new RolloutPlan(List.of()), "rings", "at least one ring");
        assertRefused(new RolloutPlan(null), "rings", "at least one ring");
        List<Ring> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add(percent("r" + i, 1));
        }
        assertRefused(new RolloutPlan(many), "rings", "21 rings, at most 20");
        assertThat(new RolloutPlan(many.subList(0, 20)).validated().rings()).hasSize(20);
    }

    @Test
    void aNullRingIsNamedByItsIndex() {
        List<Ring> rings = new ArrayList<>();
        rings.add(percent("early", 10));
        rings.add(null);
        assertRefused(new RolloutPlan(rings), "rings[1]", "rings[1] is null");
    }

    @Test
    void percentOutsideZeroToHundredNamesTheRingsPercent() {
        assertRefused(new RolloutPlan(List.of(percent("early", 10), percent("late", 120))), "rings[1].percent",
                "rings[1].percent must be between 0 and 100, was 120.0");
        assertRefused(new RolloutPlan(List.of(percent("early", -1))), "rings[0].percent", "was -1.0");
        assertRefused(new RolloutPlan(List.of(percent("early", Double.NaN))), "rings[0].percent", "was NaN");
        assertThat(new RolloutPlan(List.of(percent("none", 0), percent("all", 100))).validated().rings()).hasSize(2);
    }

    @Test
    void ringNamesAreOneToFortyLettersDigitsDashOrUnderscore() {
        assertRefused(new RolloutPlan(List.of(percent("pi lot", 10))), "rings[0].name", "was 'pi lot'");
        assertRefused(new RolloutPlan(List.of(percent("", 10))), "rings[0].name", "1 to 40");
        assertRefused(new RolloutPlan(List.of(percent(null, 10))), "rings[0].name", "was null");
        assertRefused(new RolloutPlan(List.of(percent("x".repeat(41), 10))), "rings[0].name", "1 to 40");
        assertThat(new RolloutPlan(List.of(percent("Ring_2-b".concat("x".repeat(32)), 10))).validated().rings()).hasSize(1);
    }

    @Test
    void ringNamesAreUniqueCaseInsensitively() {
        assertRefused(new RolloutPlan(List.of(percent("early", 10), percent("Early", 5))), "rings[1].name",
                "rings[1].name 'Early' is used by an earlier ring");
    }

    @Test
    void percentRingsMaySumToHundredButNotMore() {
        assertThat(new RolloutPlan(List.of(percent("a", 33.3), percent("b", 33.3), percent("c", 33.4))).validated().rings())
                .extracting(Ring::percent).containsExactly(33.3, 33.3, 33.4);
        InvalidPlanException e = invalid(new RolloutPlan(List.of(percent("a", 60), percent("b", 30), percent("c", 20))));
        assertThat(e.field()).isEqualTo("rings[2].percent");
        assertThat(e.getMessage()).contains("rings[2] (c)", "sum to 110.0 %", "at most 100");
    }

    @Test
    void theRestRingMustBeLast() {
        assertRefused(new RolloutPlan(List.of(rest("broad"), percent("early", 10))), "rings[0].rest",
                "rings[0] (broad) takes the rest, so it must be the last ring");
        assertRefused(new RolloutPlan(List.of(rest("broad"), rest("broader"))), "rings[0].rest", "must be the last ring");
    }

    @Test
    void aRingHasOneKindOfMembership() {
        Ring explicitAndPercent = new Ring("pilot", List.of(ID_A), List.of(), 10.0, false, GateCriteria.DEFAULT, false);
        Ring percentAndRest = new Ring("broad", List.of(), List.of(), 10.0, true, GateCriteria.DEFAULT, false);
        Ring groupsAndRest = new Ring("broad", List.of(), List.of("BG-HQ"), null, true, GateCriteria.DEFAULT, false);

        assertRefused(new RolloutPlan(List.of(explicitAndPercent)), "rings[0]", "rings[0] (pilot) must have one kind of membership");
        assertRefused(new RolloutPlan(List.of(percent("early", 10), percentAndRest)), "rings[1]", "one kind of membership");
        assertRefused(new RolloutPlan(List.of(groupsAndRest)), "rings[0]", "one kind of membership");
    }

    @Test
    void aMalformedClientIdIsNamedByItsIndex() {
        Ring pilot = explicit("pilot", List.of(ID_A, ID_B, "GUID:not-a-guid"), List.of());
        assertRefused(new RolloutPlan(List.of(pilot)), "rings[0].clientIds[2]",
                "rings[0].clientIds[2] 'GUID:not-a-guid' is not a client ID", "GUID:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
        List<String> withNull = new ArrayList<>(List.of(ID_A));
        withNull.add(null);
        assertRefused(new RolloutPlan(List.of(explicit("pilot", withNull, List.of()))), "rings[0].clientIds[1]", "is null");
    }

    @Test
    void tooManyExplicitClientsBelongInAPercentRing() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i <= Ring.MAX_EXPLICIT_CLIENTS; i++) {
            ids.add(String.format("GUID:%08X-0000-4000-8000-000000000000", i));
        }
        assertRefused(new RolloutPlan(List.of(explicit("pilot", ids, List.of()))), "rings[0].clientIds", "10001 clients, at most 10000");
    }

    @Test
    void aRingListsAtMostAThousandBoundaryGroups() {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < Ring.MAX_BOUNDARY_GROUPS; i++) {
            groups.add("BG-" + i);
        }
        assertThat(new RolloutPlan(List.of(explicit("pilot", List.of(), groups))).validated().rings().get(0).boundaryGroups()).hasSize(1000);
        groups.add("BG-1000");
        assertRefused(new RolloutPlan(List.of(explicit("pilot", List.of(), groups))), "rings[0].boundaryGroups",
                "rings[0].boundaryGroups lists 1001 boundary groups, at most 1000");
    }

    @Test
    void aMalformedBoundaryGroupIsNamedByItsIndex() {
        assertRefused(new RolloutPlan(List.of(explicit("pilot", List.of(), List.of("BG-HQ", "BG;DROP")))), "rings[0].boundaryGroups[1]",
                "'BG;DROP'");
        assertRefused(new RolloutPlan(List.of(explicit("pilot", List.of(), List.of("  ")))), "rings[0].boundaryGroups[0]", "1 to 64");
    }

    @Test
    void gateFieldsAreNamedUnderTheRing() {
        assertRefused(new RolloutPlan(List.of(withGate(gate(90, 10, 0, Duration.ZERO, List.of())))), "rings[0].gate.minSample",
                "rings[0].gate.minSample must be at least 1, was 0");
        assertRefused(new RolloutPlan(List.of(withGate(gate(90, 10, 5, Duration.ofMinutes(-1), List.of())))), "rings[0].gate.soak",
                "from zero to 90 days", "was PT-1M");
        assertRefused(new RolloutPlan(List.of(withGate(gate(90, 10, 5, null, List.of())))), "rings[0].gate.soak", "was null");
        for (double bad : new double[] {Double.NaN, -1, 101}) {
            assertRefused(new RolloutPlan(List.of(withGate(gate(90, bad, 5, Duration.ZERO, List.of())))), "rings[0].gate.failurePercent",
                    "rings[0].gate.failurePercent must be between 0 and 100, was " + bad);
            assertRefused(new RolloutPlan(List.of(withGate(gate(bad, 10, 5, Duration.ZERO, List.of())))), "rings[0].gate.successPercent",
                    "was " + bad);
        }
        assertRefused(new RolloutPlan(List.of(withGate(gate(90, 10, 5, Duration.ZERO, List.of("80070643"))))),
                "rings[0].gate.ignoredErrorCodes[0]", "must be 0x and 1 to 8 hex digits", "was '80070643'");
        assertRefused(new RolloutPlan(List.of(withGate(gate(90, 10, 5, Duration.ZERO, List.of("0x1", "0x800706430"))))),
                "rings[0].gate.ignoredErrorCodes[1]", "was '0x800706430'");
        assertRefused(new RolloutPlan(List.of(withGate(gate(90, 10, 5, Duration.ZERO, null)))), "rings[0].gate.ignoredErrorCodes",
                "is required");
    }

    @Test
    void aGateOfALaterRingIsNamedByThatRing() {
        Ring late = new Ring("broad", List.of(), List.of(), null, true, gate(90, 10, -3, Duration.ZERO, List.of()), false);
        assertRefused(new RolloutPlan(List.of(percent("early", 10), late)), "rings[1].gate.minSample", "was -3");
    }

    @Test
    void aRingWithoutGateGetsTheDefaultGate() {
        Ring noGate = new Ring("pilot", List.of(ID_A), List.of(), null, false, null, false);
        assertThat(new RolloutPlan(List.of(noGate)).validated().rings().get(0).gate()).isEqualTo(GateCriteria.DEFAULT);
    }

    @Test
    void clientIdsBecomeUpperCaseSortedAndDistinct() {
        Ring pilot = explicit("pilot", List.of("GUID:" + ID_A.substring(5).toLowerCase(Locale.ROOT), ID_B, ID_A, "guid:" + ID_B.substring(5).toLowerCase(Locale.ROOT)),
                null);

        Ring checked = new RolloutPlan(List.of(pilot)).validated().rings().get(0);

        assertThat(checked.clientIds()).containsExactly(ID_B, ID_A);
        assertThat(checked.boundaryGroups()).isEmpty();
    }

    @Test
    void boundaryGroupsBecomeUpperCaseStrippedSortedAndDistinct() {
        Ring pilot = explicit("pilot", List.of(), List.of("bg-hq", " BG-Branch (Oslo) ", "BG-HQ"));

        Ring checked = new RolloutPlan(List.of(pilot)).validated().rings().get(0);

        assertThat(checked.boundaryGroups()).containsExactly("BG-BRANCH (OSLO)", "BG-HQ");
        assertThat(checked.hasBoundaryGroup(" bg-hq")).isTrue();
        assertThat(checked.hasBoundaryGroup("bg-branch (oslo)")).isTrue();
        assertThat(checked.hasBoundaryGroup("BG-LAB")).isFalse();
        assertThat(checked.hasBoundaryGroup(null)).isFalse();
    }

    @Test
    void ignoredErrorCodesBecomeZeroXAndUpperHexSortedAndDistinct() {
        GateCriteria checked = withGate(gate(90, 10, 5, Duration.ZERO, List.of("0X80070bc2", "0x80070643", " 0x80070BC2 ")))
                .validated(0).gate();

        assertThat(checked.ignoredErrorCodes()).containsExactly("0x80070643", "0x80070BC2");
        assertThat(checked.ignores("0X80070bc2")).isTrue();
        assertThat(checked.ignores("0x80070643")).isTrue();
        assertThat(checked.ignores("0x87D00324")).isFalse();
        assertThat(checked.ignores(null)).isFalse();
        assertThat(GateCriteria.canonicalErrorCode("0X0000abcd")).isEqualTo("0x0000ABCD");
    }

    @Test
    void emptyRingsAreAnExplicitRingListingNobodyOrZeroPercent() {
        assertThat(explicit("pilot", List.of(), List.of()).isEmpty()).isTrue();
        assertThat(explicit("pilot", List.of(ID_A), List.of()).isEmpty()).isFalse();
        assertThat(explicit("pilot", List.of(), List.of("BG-HQ")).isEmpty()).isFalse();
        assertThat(percent("none", 0).isEmpty()).isTrue();
        assertThat(percent("some", 0.01).isEmpty()).isFalse();
        assertThat(rest("broad").isEmpty()).isFalse();
    }
}
