package io.acu.dpcontent.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.DistributionState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** ConfigMgr's per-DP package states and the bounded backoff between attempts. */
class DistributionStatusTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(15));

    @Test
    void backoffDoublesAndIsCapped() {
        assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(15));
        assertThat(new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofMinutes(10)).backoff(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(new RetryPolicy(100, Duration.ofSeconds(1), Duration.ofMinutes(10)).backoff(90)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void pendingRetriesThenFailsAfterTheLastAttempt() {
        DistributionStatus pending = DistributionStatus.pending("CAS00006", 5, "dp02", T0);
        DistributionStatus first = pending.failed("dp02 unreachable", 0, policy, T0.plusSeconds(1));
        DistributionStatus second = first.failed("dp02 unreachable", 100, policy, T0.plusSeconds(20));
        DistributionStatus third = second.failed("dp02 refused SCEPInstall.exe", 50, policy, T0.plusSeconds(40));

        assertThat(pending.state()).isEqualTo(DistributionState.INSTALL_PENDING);
        assertThat(pending.nextAttemptAt()).isEqualTo(T0);
        assertThat(first.state()).isEqualTo(DistributionState.INSTALL_RETRYING);
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.nextAttemptAt()).isEqualTo(T0.plusSeconds(11));
        assertThat(second.nextAttemptAt()).isEqualTo(T0.plusSeconds(35));
        assertThat(third.state()).isEqualTo(DistributionState.INSTALL_FAILED);
        assertThat(third.state().code()).isEqualTo(3);
        assertThat(third.attempt()).isEqualTo(3);
        assertThat(third.bytesTransferred()).isEqualTo(150);
        assertThat(third.lastError()).isEqualTo("dp02 refused SCEPInstall.exe");
        assertThat(third.nextAttemptAt()).isNull();
        assertThat(third.active()).isFalse();
    }

    @Test
    void successClearsTheErrorAndCountsBytesAndTheEventCarriesThePreviousState() {
        DistributionStatus retrying = DistributionStatus.pending("CAS00006", 5, "dp02", T0).failed("boom", 10, policy, T0);
        DistributionStatus installed = retrying.installed(4096, T0.plusSeconds(30));

        assertThat(installed.state()).isEqualTo(DistributionState.INSTALLED);
        assertThat(installed.attempt()).isEqualTo(2);
        assertThat(installed.bytesTransferred()).isEqualTo(4106);
        assertThat(installed.lastError()).isNull();
        var event = installed.changeFrom(DistributionState.INSTALL_RETRYING);
        assertThat(event.recordKey()).isEqualTo("CAS00006/dp02");
        assertThat(event.previousState()).isEqualTo(DistributionState.INSTALL_RETRYING);
        assertThat(event.changedAt()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void aPermanentFailureEndsInstallFailedAtOnceWhateverAttemptsRemain() {
        DistributionStatus pending = DistributionStatus.pending("CAS00006", 5, "dp02", T0);
        String error = "source share answered 404 for http://mb:8081/source/CAS00006/5/SCEPInstall.exe";
        DistributionStatus failed = pending.failedPermanently(error, 0, T0.plusSeconds(1));

        assertThat(policy.mayRetry(1)).isTrue();
        assertThat(failed.state()).isEqualTo(DistributionState.INSTALL_FAILED);
        assertThat(failed.attempt()).isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo(error);
        assertThat(failed.nextAttemptAt()).isNull();
        assertThat(failed.active()).isFalse();
        assertThat(failed.changeFrom(DistributionState.INSTALL_PENDING).state().code()).isEqualTo(3);
    }

    @Test
    void clientErrorsFromTheSourceShareArePermanentServerErrorsAndRefusedCredentialsAreNot() {
        for (int status : new int[] {400, 404, 410, 405, 451}) {
            assertThat(RetryPolicy.isPermanentSourceStatus(status)).as("HTTP %d", status).isTrue();
        }
        // 401 and 403 are about dp-content's token, which a rotation cures: retried, not a failure of every DP.
        for (int status : new int[] {401, 403, 408, 425, 429, 500, 502, 503, 504, 301, 304, 200}) {
            assertThat(RetryPolicy.isPermanentSourceStatus(status)).as("HTTP %d", status).isFalse();
        }
    }
}
