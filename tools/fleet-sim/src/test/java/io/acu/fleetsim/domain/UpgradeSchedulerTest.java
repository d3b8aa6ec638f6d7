package io.acu.fleetsim.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.ClientUpgradePolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UpgradeSchedulerTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-30T12:00:00Z");
    private static final MaintenanceWindow NIGHTLY = MaintenanceWindow.daily(LocalTime.of(22, 0), Duration.ofHours(4));
    private static final ClientUpgradePolicy SEVEN_DAYS = new ClientUpgradePolicy(true, 7, List.of("GUID:EXCLUDED"), false);

    @Test
    void taskTimesSpreadUniformlyOverTheAdvertisementDuration() {
        SplittableRandom random = new SplittableRandom(42);
        int[] perDay = new int[7];
        for (int i = 0; i < 7_000; i++) {
            UpgradePlan.Scheduled plan = (UpgradePlan.Scheduled) UpgradeScheduler.plan("GUID:C" + i, List.of(), SEVEN_DAYS, RECEIVED, random);
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
            UpgradePlan.Scheduled plan = (UpgradePlan.Scheduled) UpgradeScheduler.plan("GUID:C" + i, List.of(NIGHTLY), SEVEN_DAYS, RECEIVED, random);
            assertThat(NIGHTLY.isOpen(plan.installTime())).isTrue();
            assertThat(plan.waitedForWindow()).isBetween(Duration.ZERO, Duration.ofHours(20));
        }
    }

    @Test
    void overrideInstallsAtTaskTimeAndSameSeedGivesSamePlan() {
        ClientUpgradePolicy override = new ClientUpgradePolicy(true, 7, List.of(), true);
        UpgradePlan first = UpgradeScheduler.plan("GUID:A", List.of(NIGHTLY), override, RECEIVED, new SplittableRandom(99));
        UpgradePlan again = UpgradeScheduler.plan("GUID:A", List.of(NIGHTLY), override, RECEIVED, new SplittableRandom(99));
        assertThat(first).isEqualTo(again);
        assertThat(((UpgradePlan.Scheduled) first).waitedForWindow()).isZero();
    }

    @Test
    void excludedAndDisabledClientsDoNotUpgrade() {
        assertThat(UpgradeScheduler.plan("GUID:EXCLUDED", List.of(), SEVEN_DAYS, RECEIVED, new SplittableRandom(1)))
                .isInstanceOf(UpgradePlan.Excluded.class);
        assertThat(UpgradeScheduler.plan("GUID:A", List.of(), new ClientUpgradePolicy(false, 7, List.of(), false), RECEIVED, new SplittableRandom(1)))
                .isInstanceOf(UpgradePlan.Disabled.class);
    }
}
