package io.acu.fleetsim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    private static final RetryPolicy POLICY = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5));

    @Test
    void connectionTroubleThrottlingAndServerErrorsAreRetriedClientErrorsAreNot() {
        assertThat(RetryPolicy.retriable(429)).isTrue();
        assertThat(RetryPolicy.retriable(500)).isTrue();
        assertThat(RetryPolicy.retriable(503)).isTrue();
        assertThat(RetryPolicy.retriable(400)).isFalse();
        assertThat(RetryPolicy.retriable(404)).isFalse();
        assertThat(RetryPolicy.retriable(413)).isFalse();
        assertThat(RetryPolicy.retriable(202)).isFalse();
        assertThat(POLICY.hasAttemptAfter(3)).isTrue();
        assertThat(POLICY.hasAttemptAfter(4)).isFalse();
    }

    @Test
    void backoffDoublesUpToItsCap() {
        assertThat(POLICY.delayAfter(1, Optional.empty(), NOW)).isEqualTo(Duration.ofMillis(200));
        assertThat(POLICY.delayAfter(2, Optional.empty(), NOW)).isEqualTo(Duration.ofMillis(400));
        assertThat(POLICY.delayAfter(3, Optional.empty(), NOW)).isEqualTo(Duration.ofMillis(800));
        assertThat(POLICY.delayAfter(4, Optional.empty(), NOW)).isEqualTo(Duration.ofSeconds(1));
        assertThat(POLICY.delayAfter(60, Optional.empty(), NOW)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retryAfterIsHonouredInSecondsOrAsADateButCapped() {
        assertThat(POLICY.delayAfter(1, Optional.of("2"), NOW)).isEqualTo(Duration.ofSeconds(2));
        // fsp and state-ingest answer 503 with Retry-After: 30; the simulation waits at most the cap.
        assertThat(POLICY.delayAfter(1, Optional.of("30"), NOW)).isEqualTo(Duration.ofSeconds(5));
        assertThat(POLICY.delayAfter(1, Optional.of("Sun, 29 Nov 2026 12:00:03 GMT"), NOW)).isEqualTo(Duration.ofSeconds(3));
        assertThat(POLICY.delayAfter(1, Optional.of("Sun, 29 Nov 2026 11:00:00 GMT"), NOW)).isZero();
        // Unreadable: the backoff applies.
        assertThat(POLICY.delayAfter(2, Optional.of("soon"), NOW)).isEqualTo(Duration.ofMillis(400));
        assertThat(RetryPolicy.parseRetryAfter("-1", NOW)).isEmpty();
    }

    @Test
    void badPoliciesAreRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(-1), Duration.ZERO, Duration.ZERO)).hasMessageContaining("negative");
    }
}
