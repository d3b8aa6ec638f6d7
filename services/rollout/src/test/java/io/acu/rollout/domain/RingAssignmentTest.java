package io.acu.rollout.domain;

import static io.acu.rollout.domain.RolloutPlanTest.explicit;
import static io.acu.rollout.domain.RolloutPlanTest.percent;
import static io.acu.rollout.domain.RolloutPlanTest.rest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ring membership: explicit rings win, then the stable (package, client) bucket falls into the percent rings by their
 * cumulative shares, then the rest ring. Shares are checked over 100,000 client IDs (issue 13: within ±1 %).
 */
class RingAssignmentTest {

    private static final String PACKAGE = "CAS00006";
    private static final String CLIENT = "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42";
    /** SHA-256 of "CAS00006/GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42", first 8 bytes unsigned, mod 10,000: computed once. */
    private static final int CLIENT_BUCKET = 5945;
    private static final int FLEET_SIZE = 100_000;
    /** Tolerance of a ring's share, in percentage points of the clients it divides. */
    private static final double TOLERANCE = 1.0;

    private static List<String> fleet;

    @BeforeAll
    static void generateFleet() {
        Random random = new Random(13);
        fleet = new ArrayList<>(FLEET_SIZE);
        for (int i = 0; i < FLEET_SIZE; i++) {
            fleet.add("GUID:" + new UUID(random.nextLong(), random.nextLong()).toString().toUpperCase(Locale.ROOT));
        }
        assertThat(new HashSet<>(fleet)).hasSize(FLEET_SIZE);
        assertThat(fleet).allSatisfy(id -> assertThat(ClientIds.canonical(id)).contains(id));
    }

    private static RolloutPlan plan(Ring... rings) {
        return new RolloutPlan(List.of(rings)).validated();
    }

    private static int ringOf(RolloutPlan plan, String clientId) {
        return RingAssignment.ringOf(plan, PACKAGE, clientId, null).orElseThrow();
    }

    /** Clients per ring index over the fleet; the last slot counts clients no ring takes. */
    private static long[] tally(RolloutPlan plan, String packageId, String pilotGroupEvery50th) {
        long[] counts = new long[plan.rings().size() + 1];
        for (int i = 0; i < fleet.size(); i++) {
            String group = pilotGroupEvery50th != null && i % 50 == 0 ? pilotGroupEvery50th : "BG-OTHER";
            Optional<Integer> ring = RingAssignment.ringOf(plan, packageId, fleet.get(i), group);
            counts[ring.orElse(plan.rings().size())]++;
        }
        return counts;
    }

    private static double share(long count, long of) {
        return 100.0 * count / of;
    }

    @Test
    void bucketIsStableForAPackageAndClient() {
        assertThat(RingAssignment.bucket(PACKAGE, CLIENT)).isEqualTo(CLIENT_BUCKET);
        assertThat(RingAssignment.bucket(PACKAGE, CLIENT)).isEqualTo(CLIENT_BUCKET);
        assertThat(RingAssignment.bucket("cas00006", CLIENT.toLowerCase(Locale.ROOT))).isEqualTo(CLIENT_BUCKET);
    }

    @Test
    void everyBucketIsBetweenZeroAndNineThousandNineHundredNinetyNine() {
        assertThat(fleet.subList(0, 10_000)).allSatisfy(id -> assertThat(RingAssignment.bucket(PACKAGE, id)).isBetween(0, 9_999));
    }

    @Test
    void aClientKeepsItsRingAcrossCalls() {
        RolloutPlan plan = RolloutPlan.defaultPlan().validated();
        for (String id : fleet.subList(0, 1_000)) {
            int first = ringOf(plan, id);
            assertThat(ringOf(plan, id)).isEqualTo(first);
            assertThat(ringOf(new RolloutPlan(List.copyOf(plan.rings())), id)).isEqualTo(first);
        }
    }

    @Test
    void theBucketFallsIntoThePercentRingsByTheirCumulativeShares() {
        // Bucket 5945: in a ring of the first 59.46 % (buckets 0..5945), not in one of the first 59.45 % (0..5944).
        assertThat(ringOf(plan(percent("early", 59.46), rest("broad")), CLIENT)).isEqualTo(0);
        assertThat(ringOf(plan(percent("early", 59.45), rest("broad")), CLIENT)).isEqualTo(1);
        assertThat(ringOf(plan(percent("early", 50), percent("middle", 9.46), rest("broad")), CLIENT)).isEqualTo(1);
        assertThat(ringOf(plan(percent("early", 50), percent("middle", 9.45), rest("broad")), CLIENT)).isEqualTo(2);
        assertThat(ringOf(RolloutPlan.defaultPlan().validated(), CLIENT)).isEqualTo(2);
    }

    @Test
    void anExplicitClientIdWinsOverItsBucket() {
        RolloutPlan plan = plan(explicit("pilot", List.of(CLIENT), List.of()), percent("early", 100));
        assertThat(ringOf(plan, CLIENT)).isEqualTo(0);
        assertThat(ringOf(plan, fleet.get(0))).isEqualTo(1);
    }

    @Test
    void anExplicitBoundaryGroupWinsOverTheBucketCaseInsensitively() {
        RolloutPlan plan = plan(explicit("pilot", List.of(), List.of("BG-Pilot")), percent("early", 10), rest("broad"));

        assertThat(RingAssignment.ringOf(plan, PACKAGE, CLIENT, "bg-pilot")).contains(0);
        assertThat(RingAssignment.ringOf(plan, PACKAGE, CLIENT, " BG-PILOT ")).contains(0);
        assertThat(RingAssignment.ringOf(plan, PACKAGE, CLIENT, "BG-HQ")).contains(2);
        assertThat(RingAssignment.ringOf(plan, PACKAGE, CLIENT, null)).contains(2);
    }

    @Test
    void anExplicitRingLaterInThePlanStillWinsOverAnEarlierPercentRing() {
        String inEarly = fleet.stream().filter(id -> RingAssignment.bucket(PACKAGE, id) < 1_000).findFirst().orElseThrow();
        RolloutPlan plan = plan(percent("early", 10), explicit("vip", List.of(inEarly), List.of()), rest("broad"));

        assertThat(ringOf(plan, inEarly)).isEqualTo(1);
        assertThat(ringOf(plan(percent("early", 10), rest("broad")), inEarly)).isEqualTo(0);
    }

    @Test
    void defaultShapedPlanPutsTenPercentOfTheOtherClientsInEarlyAndTheRestInBroad() {
        RolloutPlan plan = plan(explicit("pilot", List.of(), List.of("BG-PILOT")), percent("early", 10), rest("broad"));

        long[] counts = tally(plan, PACKAGE, "bg-pilot");

        assertThat(counts[0]).isEqualTo(FLEET_SIZE / 50);
        long others = FLEET_SIZE - counts[0];
        assertThat(share(counts[1], others)).isCloseTo(10.0, within(TOLERANCE));
        assertThat(counts[2]).isEqualTo(others - counts[1]);
        assertThat(share(counts[2], others)).isCloseTo(90.0, within(TOLERANCE));
        assertThat(counts[3]).as("clients in no ring").isZero();
    }

    @Test
    void percentRingsOfFiveTwentyAndSeventyFiveGetTheirSharesWithinOnePercent() {
        RolloutPlan plan = plan(percent("canary", 5), percent("early", 20), percent("broad", 75));

        long[] counts = tally(plan, PACKAGE, null);

        assertThat(share(counts[0], FLEET_SIZE)).isCloseTo(5.0, within(TOLERANCE));
        assertThat(share(counts[1], FLEET_SIZE)).isCloseTo(20.0, within(TOLERANCE));
        assertThat(share(counts[2], FLEET_SIZE)).isCloseTo(75.0, within(TOLERANCE));
        assertThat(counts[3]).as("clients in no ring").isZero();
    }

    @Test
    void percentagesBelowHundredWithoutARestRingLeaveTheOtherClientsInNoRing() {
        RolloutPlan plan = plan(percent("canary", 10), percent("early", 20));

        long[] counts = tally(plan, PACKAGE, null);

        assertThat(share(counts[0], FLEET_SIZE)).isCloseTo(10.0, within(TOLERANCE));
        assertThat(share(counts[1], FLEET_SIZE)).isCloseTo(20.0, within(TOLERANCE));
        assertThat(share(counts[2], FLEET_SIZE)).isCloseTo(70.0, within(TOLERANCE));
        assertThat(RingAssignment.ringOf(plan(percent("early", 59.45)), PACKAGE, CLIENT, null)).isEmpty();
    }

    @Test
    void aZeroPercentRingTakesNobody() {
        long[] counts = tally(plan(percent("none", 0), percent("early", 10), rest("broad")), PACKAGE, null);

        assertThat(counts[0]).isZero();
        assertThat(share(counts[1], FLEET_SIZE)).isCloseTo(10.0, within(TOLERANCE));
    }

    @Test
    void differentPackagesSpreadTheFleetDifferently() {
        RolloutPlan plan = plan(percent("early", 10), rest("broad"));
        Set<String> earlyFor6 = new HashSet<>();
        Set<String> earlyFor7 = new HashSet<>();
        for (String id : fleet) {
            if (RingAssignment.ringOf(plan, "CAS00006", id, null).orElseThrow() == 0) {
                earlyFor6.add(id);
            }
            if (RingAssignment.ringOf(plan, "CAS00007", id, null).orElseThrow() == 0) {
                earlyFor7.add(id);
            }
        }
        Set<String> inBoth = new HashSet<>(earlyFor6);
        inBoth.retainAll(earlyFor7);

        assertThat(share(earlyFor7.size(), FLEET_SIZE)).isCloseTo(10.0, within(TOLERANCE));
        // Independent hashes: about 10 % of one package's early ring is in the other's, not all of it.
        assertThat(share(inBoth.size(), earlyFor6.size())).isCloseTo(10.0, within(3.0));
        assertThat(RingAssignment.bucket("CAS00007", CLIENT)).isNotEqualTo(CLIENT_BUCKET);
    }
}
