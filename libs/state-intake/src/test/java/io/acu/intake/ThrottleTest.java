package io.acu.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.intake.Throttle.Decision;
import io.acu.intake.Throttle.Limit;
import io.acu.intake.Throttle.Scope;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    private static final Instant HOUR_START = Instant.parse("2026-11-29T10:00:00Z");
    private static final Limit NONE = Limit.NONE;

    @Test
    void configMgrDefaultAdmitsTenThousandPerHourThenRefusesUntilTheHourEnds() {
        Throttle throttle = new Throttle(Limit.CONFIGMGR_DEFAULT, NONE, NONE);
        for (int i = 0; i < 10_000; i++) {
            assertThat(throttle.tryAcquire("GUID:" + i, "192.0.2.10", 1, HOUR_START.plusMillis(i)).admitted()).isTrue();
        }
        Decision refused = throttle.tryAcquire("GUID:x", "192.0.2.10", 1, HOUR_START.plusSeconds(1200));
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.scope()).isEqualTo(Scope.GLOBAL);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(2400));
        assertThat(refused.retryAfterSeconds()).isEqualTo(2400);
        // The next interval starts from zero.
        assertThat(throttle.tryAcquire("GUID:x", "192.0.2.10", 1, HOUR_START.plusSeconds(3600)).admitted()).isTrue();
    }

    @Test
    void aRequestTakesAllItsMessagesOrNone() {
        Throttle throttle = new Throttle(new Limit(10, Duration.ofMinutes(1)), NONE, NONE);
        assertThat(throttle.tryAcquire("a", "ip", 8, HOUR_START).admitted()).isTrue();
        assertThat(throttle.tryAcquire("b", "ip", 3, HOUR_START).admitted()).isFalse();
        // The refused request took nothing: two single messages still fit.
        assertThat(throttle.tryAcquire("b", "ip", 2, HOUR_START).admitted()).isTrue();
        assertThat(throttle.tryAcquire("b", "ip", 1, HOUR_START).admitted()).isFalse();
    }

    @Test
    void perClientAndPerAddressBudgetsAreSeparateFromEachOther() {
        Throttle throttle = new Throttle(NONE, new Limit(2, Duration.ofSeconds(60)), new Limit(3, Duration.ofSeconds(60)));
        assertThat(throttle.tryAcquire("client-1", "192.0.2.1", 2, HOUR_START).admitted()).isTrue();
        Decision client = throttle.tryAcquire("client-1", "192.0.2.2", 1, HOUR_START.plusMillis(1500));
        assertThat(client.scope()).isEqualTo(Scope.CLIENT);
        assertThat(client.retryAfter()).isEqualTo(Duration.ofMillis(58_500));
        assertThat(client.retryAfterSeconds()).isEqualTo(59);
        // Another client on the same address uses the address budget (3): one more fits, then it is full.
        assertThat(throttle.tryAcquire("client-2", "192.0.2.1", 1, HOUR_START).admitted()).isTrue();
        Decision address = throttle.tryAcquire("client-3", "192.0.2.1", 1, HOUR_START);
        assertThat(address.scope()).isEqualTo(Scope.ADDRESS);
        assertThat(address.limit().count()).isEqualTo(3);
        assertThat(throttle.tryAcquire("client-3", "192.0.2.3", 1, HOUR_START).admitted()).isTrue();
    }

    @Test
    void intervalsAreAlignedToTheEpoch() {
        Throttle throttle = new Throttle(new Limit(1, Duration.ofSeconds(10)), NONE, NONE);
        assertThat(throttle.tryAcquire("a", "ip", 1, Instant.ofEpochSecond(19)).admitted()).isTrue();
        // 19 s is in [10, 20): the interval ends one second later, not ten.
        assertThat(throttle.tryAcquire("a", "ip", 1, Instant.ofEpochSecond(19)).retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.tryAcquire("a", "ip", 1, Instant.ofEpochSecond(20)).admitted()).isTrue();
    }

    @Test
    void aReportLargerThanTheLimitCanNeverPass() {
        Throttle throttle = new Throttle(new Limit(5, Duration.ofSeconds(60)), NONE, NONE);
        Decision decision = throttle.tryAcquire("a", "ip", 6, HOUR_START);
        assertThat(decision.neverAdmissible()).isTrue();
        assertThat(decision.retryAfterSeconds()).isEqualTo(60);
        assertThat(throttle.tryAcquire("a", "ip", 5, HOUR_START).admitted()).isTrue();
    }

    @Test
    void disabledScopesAdmitEverything() {
        Throttle throttle = new Throttle(NONE, NONE, NONE);
        assertThat(throttle.tryAcquire("a", "ip", 1_000_000, HOUR_START).admitted()).isTrue();
        assertThat(throttle.tryAcquire("a", "ip", 1, HOUR_START).retryAfterSeconds()).isZero();
    }

    @Test
    void refusesNonsense() {
        Throttle throttle = new Throttle(NONE, NONE, NONE);
        assertThatThrownBy(() -> throttle.tryAcquire("a", "ip", 0, HOUR_START)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limit(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
