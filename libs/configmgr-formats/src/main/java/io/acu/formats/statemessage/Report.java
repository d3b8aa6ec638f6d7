package io.acu.formats.statemessage;

import java.util.List;
import java.util.Objects;

/**
 * A state-message report: who sent it and one or more state messages.
 *
 * @param header the sending client and report metadata
 * @param messages at least one message, in document order
 */
public record Report(ReportHeader header, List<StateMessage> messages) {

    /**
     * @throws NullPointerException if a component or message is null
     * @throws IllegalArgumentException if {@code messages} is empty
     */
    public Report {
        Objects.requireNonNull(header, "header");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one state message");
        }
    }
}
