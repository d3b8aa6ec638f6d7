package io.acu.fleetsim.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UpgradeSchedulerTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-30T12:00:00Z");
    private static final MaintenanceWindow NIGHTLY = MaintenanceWindow.daily(LocalTime.of(22, 0), Duration.ofHours(4));
    private static final ClientPolicy SEVEN_DAYS = policy(true, false, false);

    private static ClientPolicy policy(boolean enabled, boolean excluded, boolean override) {
        return new ClientPolicy("CAS00006", excluded || !enabled ? null : 5, 5, "broad", "RUNNING", false, excluded, enabled, 7, override, null);
    }

    @Test
    void taskTimesSpreadUniformlyOverTheAdvertisementDuration() {
        SplittableRandom random = new SplittableRandom(42);
        int[] perDay = new int[7];
        for (int i = 0; i < 7_000; i++) {
            UpgradePlan.Scheduled plan = (UpgradePlan.Scheduled) UpgradeScheduler.plan(SEVEN_DAYS, List.of(), RECEIVED, random);
            long day = Duration.between(RECEIVED, plan.taskTime()).toDays();
            perDay[(int) day]++;
            assertThat(plan.installTime()).isEqualTo(plan.taskTime());
        }
        // Uniform over 7 days: about 1,000 a day; ±15 % is more than 4 standard deviations.
        assertThat(java.util.Arrays.stream(perDay).boxed()).allSatisfy(count -> assertThat(count).isBetween(850, 1150));
    }

    @Test
    void outsideItsWindowAClientWaitsForTheNextOneInsteadOfSkipping() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 500; i++) {
            UpgradePlan.Scheduled plan = (UpgradePlan.Scheduled) UpgradeScheduler.plan(SEVEN_DAYS, List.of(NIGHTLY), RECEIVED, random);
            assertThat(NIGHTLY.isOpen(plan.installTime())).isTrue();
            assertThat(plan.waitedForWindow()).isBetween(Duration.ZERO, Duration.ofHours(20));
        }
    }

    @Test
    void overrideInstallsAtTaskTimeAndSameSeedGivesSamePlan() {
        ClientPolicy override = policy(true, false, true);
        UpgradePlan first = UpgradeScheduler.plan(override, List.of(NIGHTLY), RECEIVED, new SplittableRandom(99));
        UpgradePlan again = UpgradeScheduler.plan(override, List.of(NIGHTLY), RECEIVED, new SplittableRandom(99));
        assertThat(first).isEqualTo(again);
        assertThat(((UpgradePlan.Scheduled) first).waitedForWindow()).isZero();
    }

    @Test
    void aClientOfferedAgainAfterARefusalInstallsAtItsNextWindowUnlessOverridden() {
        Instant noon = RECEIVED;
        assertThat(UpgradeScheduler.installTimeAtOrAfter(SEVEN_DAYS, List.of(NIGHTLY), noon)).isEqualTo(Instant.parse("2026-11-30T22:00:00Z"));
        assertThat(UpgradeScheduler.installTimeAtOrAfter(policy(true, false, true), List.of(NIGHTLY), noon)).isEqualTo(noon);
        assertThat(UpgradeScheduler.installTimeAtOrAfter(SEVEN_DAYS, List.of(), noon)).isEqualTo(noon);
    }

    @Test
    void excludedAndDisabledClientsDoNotUpgrade() {
        assertThat(UpgradeScheduler.plan(policy(true, true, false), List.of(), RECEIVED, new SplittableRandom(1)))
                .isInstanceOf(UpgradePlan.Excluded.class);
        assertThat(UpgradeScheduler.plan(policy(false, false, false), List.of(), RECEIVED, new SplittableRandom(1)))
                .isInstanceOf(UpgradePlan.Disabled.class);
    }
}
