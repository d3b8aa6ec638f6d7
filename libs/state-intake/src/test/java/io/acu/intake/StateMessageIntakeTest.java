package io.acu.intake;

import io.acu.contracts.client.ClientTokens;
import static org.assertj.core.api.Assertions.assertThat;

import io.acu.intake.Throttle.Limit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StateMessageIntakeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:59:30Z"), ZoneOffset.UTC);
    private static final byte[] FSP = StateMessageReportsTest.sample("fsp-client-deployment-succeeded.xml");

    @Test
    void acceptsThenThrottlesPerClientWithRetryAfterUntilTheIntervalEnds() {
        StateMessageIntake intake = new StateMessageIntake(StateMessageReports.standard(),
                new Throttle(Limit.CONFIGMGR_DEFAULT, new Limit(2, Duration.ofHours(1)), Limit.NONE), CLOCK);
        assertThat(intake.receive(FSP, "text/xml", "192.0.2.10")).isInstanceOfSatisfying(IntakeOutcome.Accepted.class,
                accepted -> assertThat(accepted.messages()).extracting(m -> m.stateId()).containsExactly(400));
        assertThat(intake.receive(FSP, "text/xml", "192.0.2.11")).isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(intake.receive(FSP, "text/xml", "192.0.2.12")).isEqualTo(new IntakeOutcome.Refused(429,
                "client GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42 has used its 2 state messages per 3600 s; retry after 30 s", 30));
    }

    @Test
    void invalidReportsAreRefusedBeforeTheThrottleCountsThem() {
        StateMessageIntake intake = new StateMessageIntake(StateMessageReports.standard(),
                new Throttle(new Limit(1, Duration.ofHours(1)), Limit.NONE, Limit.NONE), CLOCK);
        IntakeOutcome refused = intake.receive("<Report/>".getBytes(), "application/xml", "192.0.2.10");
        assertThat(refused).isInstanceOfSatisfying(IntakeOutcome.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(400);
        });
        assertThat(intake.receive(FSP, "text/xml", "192.0.2.10")).isInstanceOf(IntakeOutcome.Accepted.class);
    }

    @Test
    void aMessageTimeMoreThanTheAllowedSkewAheadIsRefusedWith422() {
        StateMessageIntake intake = new StateMessageIntake(StateMessageReports.standard(),
                new Throttle(Limit.NONE, Limit.NONE, Limit.NONE), CLOCK, Duration.ofDays(1), java.util.Optional.empty());
        // 2026-11-30T10:00:00Z is 23 h ahead of the clock: allowed (a client's time zone slip); 2099 is not.
        assertThat(intake.receive(json("20261130100000.000000+000"), "application/json", "192.0.2.10")).isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(intake.receive(json("20990101000000.000000+000"), "application/json", "192.0.2.10")).isEqualTo(new IntakeOutcome.Refused(422,
                "message 1: MessageTime 20990101000000.000000+000 (2099-01-01T00:00:00Z) is more than 24 h ahead of this intake's clock"
                        + " (2026-11-29T10:59:30Z); check the client's clock", 0));
    }

    private static byte[] json(String messageTime) {
        return ("""
                {"clientId": "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42", "netbiosName": "WKS-0001", "clientVersion": "5.00.7804.1000",
                 "messages": [{"messageTime": "%s", "serialNumber": 1, "topicType": 2001,
                 "topicId": "{9BCF7827-E04F-4C3A-8D8C-B943316A2D7F}", "stateId": 3, "userParameters": ["4.3.215.0", "0x00000000"]}]}
                """.formatted(messageTime)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void whereClientTokensAreRequiredAReportNeedsATokenIssuedToItsClientId() {
        ClientTokens tokens = new ClientTokens("a site key of at least thirty-two bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        StateMessageIntake intake = new StateMessageIntake(StateMessageReports.standard(), new Throttle(Limit.NONE, Limit.NONE, Limit.NONE),
                CLOCK, Duration.ofDays(1), java.util.Optional.of(tokens));
        String client = "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42";
        byte[] report = json("20261129100000.000000+000");
        assertThat(intake.receive(report, "application/json", "192.0.2.10", "Bearer " + tokens.issue(client)))
                .isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(intake.receive(report, "application/json", "192.0.2.10", null)).isEqualTo(new IntakeOutcome.Refused(401,
                "this intake needs the client's token: Authorization: Bearer <token issued to the client ID>", 0));
        // Another client's valid token does not let it write this client's state.
        assertThat(intake.receive(report, "application/json", "192.0.2.10", "Bearer " + tokens.issue("GUID:0000AAAA-0000-0000-0000-000000000001")))
                .isEqualTo(new IntakeOutcome.Refused(403, "the token presented was not issued to " + client
                        + ", the client ID this report names", 0));
        assertThat(intake.receive(report, "application/json", "192.0.2.10", "Bearer acu-client.v1.!!!")).isEqualTo(new IntakeOutcome.Refused(401,
                "the bearer token is not a client token (acu-client.v1.<base64url HMAC-SHA256>)", 0));
    }
}
