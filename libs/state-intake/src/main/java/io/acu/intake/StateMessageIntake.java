package io.acu.intake;

import io.acu.contracts.client.ClientTokens;
import io.acu.contracts.ReportedStateMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The request rules of both intakes, the fallback status point (fsp) and the state-message intake of state-ingest:
 * read and validate the body with {@link StateMessageReports}, refuse a message dated further ahead of this intake's
 * clock than the allowed skew (a forged or clock-skewed far-future MessageTime would otherwise pin the client's
 * current state, which follows the latest MessageTime), then count its messages against the {@link Throttle} (by the
 * report's client ID and the sender's address). Framework-free: the HTTP resource publishes
 * an {@link IntakeOutcome.Accepted} report's messages and answers 202 once Kafka has them, or answers a
 * {@link IntakeOutcome.Refused} as an {@code application/problem+json} (RFC 9457). Thread-safe.
 */
public final class StateMessageIntake {

    private final StateMessageReports reports;
    private final Throttle throttle;
    private final Clock clock;
    private final Duration maxAhead;
    private final Optional<ClientTokens> clientTokens;

    /** The default {@code maxAhead}: one day, more than any time zone error of a client whose clock is roughly right. */
    public static final Duration DEFAULT_MAX_AHEAD = Duration.ofDays(1);

    /**
     * @param reports the body reader and validator
     * @param throttle the message budget
     * @param clock the time the throttle counts by and MessageTimes are compared with
     * @param maxAhead how far a MessageTime may be ahead of {@code clock}; positive
     * @param clientTokens when present, every report must carry a token issued to its client ID (the management
     *     point's intake); empty for an open intake (the fallback status point, as ConfigMgr's)
     */
    public StateMessageIntake(StateMessageReports reports, Throttle throttle, Clock clock, Duration maxAhead,
            Optional<ClientTokens> clientTokens) {
        if (maxAhead.isNegative() || maxAhead.isZero()) {
            throw new IllegalArgumentException("maxAhead must be positive: " + maxAhead);
        }
        this.reports = reports;
        this.throttle = throttle;
        this.clock = clock;
        this.maxAhead = maxAhead;
        this.clientTokens = clientTokens;
    }

    /** An open intake with {@link #DEFAULT_MAX_AHEAD}. */
    public StateMessageIntake(StateMessageReports reports, Throttle throttle, Clock clock) {
        this(reports, throttle, clock, DEFAULT_MAX_AHEAD, Optional.empty());
    }

    /** @return whether reports must carry a client token */
    public boolean requiresClientTokens() {
        return clientTokens.isPresent();
    }

    /**
     * Decides about one POSTed report.
     *
     * @param body the request body as received
     * @param contentType the Content-Type header, may be null
     * @param remoteAddress the sender's IP address as text
     * @return accepted messages, or the refusal with its HTTP status and reason (422 for a MessageTime more than
     *     {@code maxAhead} in the future)
     */
    public IntakeOutcome receive(byte[] body, String contentType, String remoteAddress) {
        return receive(body, contentType, remoteAddress, null);
    }

    /**
     * Decides about one POSTed report from a caller that may have presented a client token.
     *
     * @param authorization the Authorization header, may be null
     * @return as {@link #receive(byte[], String, String)}; and, where client tokens are required, 401 without a
     *     {@code Bearer} client token (or with one that is not shaped like one) and 403 when the token was issued to
     *     another client ID than the report's
     */
    public IntakeOutcome receive(byte[] body, String contentType, String remoteAddress, String authorization) {
        String token = null;
        if (clientTokens.isPresent()) {
            token = ClientTokens.bearer(authorization);
            ClientTokens.Refusal refusal = ClientTokens.unpresented(token, "this intake");
            if (refusal != null) {
                return new IntakeOutcome.Refused(refusal.status(), refusal.detail(), 0);
            }
        }
        List<ReportedStateMessage> messages;
        try {
            messages = reports.read(body, contentType);
        } catch (RejectedReport e) {
            return new IntakeOutcome.Refused(e.reason().httpStatus(), e.getMessage(), 0);
        }
        if (token != null && !clientTokens.get().proves(token, messages.get(0).clientId())) {
            return new IntakeOutcome.Refused(403, "the token presented was not issued to " + messages.get(0).clientId()
                    + ", the client ID this report names", 0);
        }
        Instant latestAllowed = clock.instant().plus(maxAhead);
        for (int i = 0; i < messages.size(); i++) {
            ReportedStateMessage message = messages.get(i);
            if (message.messageTime().isAfter(latestAllowed)) {
                return new IntakeOutcome.Refused(422, String.format(Locale.ROOT,
                        "message %d: MessageTime %s (%s) is more than %d h ahead of this intake's clock (%s); check the client's clock",
                        i + 1, message.messageTimeWmi(), message.messageTime(), maxAhead.toHours(), clock.instant()), 0);
            }
        }
        Throttle.Decision decision = throttle.tryAcquire(messages.get(0).clientId(), remoteAddress, messages.size(), clock.instant());
        if (decision.admitted()) {
            return new IntakeOutcome.Accepted(messages);
        }
        String scope = switch (decision.scope()) {
            case GLOBAL -> "this intake";
            case CLIENT -> "client " + messages.get(0).clientId();
            case ADDRESS -> "address " + remoteAddress;
        };
        String detail = String.format(Locale.ROOT, "%s %s %d state messages per %d s%s", scope,
                decision.neverAdmissible() ? "may send at most" : "has used its", decision.limit().count(),
                decision.limit().interval().toSeconds(),
                decision.neverAdmissible() ? ": this report has " + messages.size() : "; retry after " + decision.retryAfterSeconds() + " s");
        return decision.neverAdmissible()
                ? new IntakeOutcome.Refused(413, detail, 0)
                : new IntakeOutcome.Refused(429, detail, decision.retryAfterSeconds());
    }
}
