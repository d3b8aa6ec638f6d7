package io.acu.rollout.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.formats.Version;
import io.acu.rollout.domain.ClientOutcome.Kind;
import io.acu.rollout.domain.ClientOutcome.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A client's outcome from its latest 800 (client deployment) and 2001 (Endpoint Protection deployment) states, and
 * which state is the latest.
 */
class ClientOutcomeTest {

    private static final String CLIENT_VERSION = "5.00.9078.1006";
    private static final String EP_VERSION = "4.3.215.0";
    private static final Target WITH_AGENT = new Target(Version.parse(CLIENT_VERSION), Version.parse(EP_VERSION));
    private static final Target WITHOUT_AGENT = new Target(Version.parse(CLIENT_VERSION), null);
    private static final ClientOutcome SUCCEEDED = new ClientOutcome(Kind.SUCCEEDED, 0, 0, null);
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    private static ReportedState state(int stateId, String version, String errorCode) {
        return new ReportedState(stateId, T0, 1L, UUID.randomUUID(), version, errorCode);
    }

    private static ReportedState state(Instant time, Long serial, String eventId) {
        return new ReportedState(400, time, serial, UUID.fromString(eventId), CLIENT_VERSION, null);
    }

    @Test
    void ccmsetupSuccessAloneIsInProgressWhileTheAgentHasNotReported() {
        assertThat(ClientOutcome.of(state(400, CLIENT_VERSION, null), null, WITH_AGENT)).isEqualTo(ClientOutcome.IN_PROGRESS);
    }

    @Test
    void ccmsetupSuccessAndTheAgentManagedAtTheTargetVersionSucceed() {
        assertThat(ClientOutcome.of(state(400, CLIENT_VERSION, null), state(3, EP_VERSION, null), WITH_AGENT)).isEqualTo(SUCCEEDED);
        assertThat(ClientOutcome.of(state(401, CLIENT_VERSION, null), state(7, EP_VERSION, null), WITH_AGENT)).isEqualTo(SUCCEEDED);
        assertThat(ClientOutcome.of(state(402, "5.00.9078.1010", null), state(3, "4.3.216.0", null), WITH_AGENT))
                .as("later versions count").isEqualTo(SUCCEEDED);
    }

    @Test
    void theAgentManagedAtAnOlderVersionIsStillInProgress() {
        assertThat(ClientOutcome.of(state(400, CLIENT_VERSION, null), state(3, "4.3.210.0", null), WITH_AGENT))
                .isEqualTo(ClientOutcome.IN_PROGRESS);
    }

    @Test
    void theAgentMustReportItsVersion() {
        assertThat(ClientOutcome.of(state(400, CLIENT_VERSION, null), state(3, null, null), WITH_AGENT)).isEqualTo(ClientOutcome.IN_PROGRESS);
        assertThat(ClientOutcome.of(state(400, CLIENT_VERSION, null), state(3, "n/a", null), WITH_AGENT)).isEqualTo(ClientOutcome.IN_PROGRESS);
    }

    @Test
    void ccmsetupSuccessWithoutAVersionCountsButAnOlderClientVersionDoesNot() {
        assertThat(ClientOutcome.of(state(400, null, null), null, WITHOUT_AGENT)).isEqualTo(SUCCEEDED);
        assertThat(ClientOutcome.of(state(400, "garbage", null), null, WITHOUT_AGENT)).isEqualTo(SUCCEEDED);
        assertThat(ClientOutcome.of(state(400, "5.00.8968.1000", null), null, WITHOUT_AGENT)).isEqualTo(ClientOutcome.IN_PROGRESS);
    }

    @Test
    void anAgentInstallationFailureFailsWithItsTopicStateAndErrorCode() {
        assertThat(ClientOutcome.of(state(400, CLIENT_VERSION, null), state(4, EP_VERSION, "0x80070643"), WITH_AGENT))
                .isEqualTo(new ClientOutcome(Kind.FAILED, 2001, 4, "0x80070643"));
        assertThat(ClientOutcome.of(null, state(6, null, null), WITH_AGENT)).isEqualTo(new ClientOutcome(Kind.FAILED, 2001, 6, null));
    }

    @Test
    void aClientDeploymentFailureFails() {
        assertThat(ClientOutcome.of(state(309, null, "0x87D00324"), null, WITH_AGENT))
                .isEqualTo(new ClientOutcome(Kind.FAILED, 800, 309, "0x87D00324"));
        assertThat(ClientOutcome.of(state(325, null, null), state(3, EP_VERSION, null), WITH_AGENT))
                .isEqualTo(new ClientOutcome(Kind.FAILED, 800, 325, null));
        assertThat(ClientOutcome.of(state(601, null, null), null, WITHOUT_AGENT)).isEqualTo(new ClientOutcome(Kind.FAILED, 800, 601, null));
        assertThat(ClientOutcome.of(state(309, null, "0x1"), state(4, null, "0x2"), WITH_AGENT))
                .as("the deployment failure is named first").isEqualTo(new ClientOutcome(Kind.FAILED, 800, 309, "0x1"));
    }

    @Test
    void statesOnTheWayAreInProgress() {
        assertThat(ClientOutcome.of(null, null, WITHOUT_AGENT)).isEqualTo(ClientOutcome.IN_PROGRESS);
        assertThat(ClientOutcome.of(state(100, null, null), null, WITHOUT_AGENT)).isEqualTo(ClientOutcome.IN_PROGRESS);
        assertThat(ClientOutcome.of(state(400, CLIENT_VERSION, null), state(1, EP_VERSION, null), WITH_AGENT))
                .isEqualTo(ClientOutcome.IN_PROGRESS);
    }

    @Test
    void aPackageWithoutTheAgentSucceedsOnCcmsetupSuccessAlone() {
        assertThat(ClientOutcome.of(state(400, CLIENT_VERSION, null), null, WITHOUT_AGENT)).isEqualTo(SUCCEEDED);
    }

    @Test
    void versionsCompareNumericallyWhateverTheirLeadingZeros() {
        assertThat(ClientOutcome.of(state(400, CLIENT_VERSION, null), state(3, "4.3.0215.0", null), WITH_AGENT)).isEqualTo(SUCCEEDED);
        Target zeroPadded = new Target(Version.parse("5.0.9078.1006"), Version.parse("4.3.0215.0"));
        assertThat(ClientOutcome.of(state(400, "5.00.9078.1006", null), state(3, EP_VERSION, null), zeroPadded)).isEqualTo(SUCCEEDED);
        assertThat(ClientOutcome.of(state(400, CLIENT_VERSION, null), state(3, "4.3.0214.9", null), WITH_AGENT))
                .isEqualTo(ClientOutcome.IN_PROGRESS);
    }

    @Test
    void theLatestStateIsTheOneWithTheLaterMessageTime() {
        ReportedState earlier = state(T0, 9L, "00000000-0000-4000-8000-000000000009");
        ReportedState later = state(T0.plus(Duration.ofSeconds(1)), 1L, "00000000-0000-4000-8000-000000000001");

        assertThat(ReportedState.latest(earlier, later)).isSameAs(later);
        assertThat(ReportedState.latest(later, earlier)).isSameAs(later);
        assertThat(ReportedState.latest(null, earlier)).isSameAs(earlier);
    }

    @Test
    void atTheSameMessageTimeTheHigherSerialNumberWinsAndNoSerialNumberIsLowest() {
        ReportedState serial1 = state(T0, 1L, "00000000-0000-4000-8000-000000000009");
        ReportedState serial2 = state(T0, 2L, "00000000-0000-4000-8000-000000000001");
        ReportedState serial0 = state(T0, 0L, "00000000-0000-4000-8000-000000000001");
        ReportedState noSerial = state(T0, null, "00000000-0000-4000-8000-00000000000F");

        assertThat(ReportedState.latest(serial1, serial2)).isSameAs(serial2);
        assertThat(ReportedState.latest(serial2, serial1)).isSameAs(serial2);
        assertThat(ReportedState.latest(noSerial, serial0)).isSameAs(serial0);
        assertThat(ReportedState.latest(serial0, noSerial)).isSameAs(serial0);
    }

    @Test
    void atTheSameTimeAndSerialNumberTheHigherEventIdWins() {
        ReportedState low = state(T0, 5L, "00000000-0000-4000-8000-000000000001");
        ReportedState high = state(T0, 5L, "00000000-0000-4000-8000-000000000002");

        assertThat(ReportedState.latest(low, high)).isSameAs(high);
        assertThat(ReportedState.latest(high, low)).isSameAs(high);
    }

    @Test
    void eventIdsCompareAsUnsignedNumbersAsPostgresqlOrdersUuids() {
        // state-ingest keeps the client's current state by "event_id DESC" in PostgreSQL, which compares uuid bytes
        // unsigned: 80000000-… is above 7fffffff-…. Both services must pick the same latest state.
        ReportedState below = state(T0, 5L, "7fffffff-ffff-4fff-bfff-ffffffffffff");
        ReportedState above = state(T0, 5L, "80000000-0000-4000-8000-000000000000");
        ReportedState lowBitsBelow = state(T0, 5L, "00000000-0000-4000-7fff-ffffffffffff");
        ReportedState lowBitsAbove = state(T0, 5L, "00000000-0000-4000-8000-000000000000");

        assertThat(ReportedState.latest(below, above)).isSameAs(above);
        assertThat(ReportedState.latest(above, below)).isSameAs(above);
        assertThat(ReportedState.latest(lowBitsBelow, lowBitsAbove)).isSameAs(lowBitsAbove);
        assertThat(ReportedState.latest(lowBitsAbove, lowBitsBelow)).isSameAs(lowBitsAbove);
    }

    @Test
    void aRedeliveredStateChangesNothing() {
        ReportedState current = state(T0, 5L, "00000000-0000-4000-8000-000000000001");
        ReportedState redelivered = state(T0, 5L, "00000000-0000-4000-8000-000000000001");

        assertThat(ReportedState.latest(current, redelivered)).isSameAs(current);
    }

    @Test
    void aStateNeedsItsTimeAndEventId() {
        assertThatThrownBy(() -> new ReportedState(400, null, 1L, UUID.randomUUID(), null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("messageTime");
        assertThatThrownBy(() -> new ReportedState(400, T0, 1L, null, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("eventId");
    }
}
