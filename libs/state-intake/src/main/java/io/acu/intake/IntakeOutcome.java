package io.acu.intake;

import io.acu.contracts.ReportedStateMessage;
import java.util.List;

/** What {@link StateMessageIntake#receive} decided about one POSTed report. */
public sealed interface IntakeOutcome {

    /**
     * The report is valid and within the throttle: publish its messages, then answer 202.
     *
     * @param messages the messages in document order, at least one, all of one client
     */
    record Accepted(List<ReportedStateMessage> messages) implements IntakeOutcome {

        /** Copies the list. */
        public Accepted {
            messages = List.copyOf(messages);
        }
    }

    /**
     * The report is refused; nothing of it may be published. The fields map to an RFC 9457 problem, whose title follows from the status.
     *
     * @param status the HTTP status: 400, 413, 415, 422 or 429
     * @param detail why, in plain words, e.g. {@code StateMessage 1: unknown topic type 4242 (known: [800, 2001, 2002])}
     * @param retryAfterSeconds for 429 the Retry-After delay in whole seconds (RFC 9110 section 10.2.3); 0 otherwise
     */
    record Refused(int status, String detail, long retryAfterSeconds) implements IntakeOutcome {
    }
}
