package io.acu.formats.statemessage;

import io.acu.formats.WmiDateTime;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One {@code <StateMessage>}: a client reporting that something (the topic) is in a state.
 *
 * @param messageTime when the state was reached, as the client recorded it
 * @param serialNumber the client's per-message serial number (management point messages), empty
 *     for fallback status point messages, which carry none
 * @param topic what the message is about
 * @param state the state reached
 * @param userParameters the message's insert strings
 */
public record StateMessage(WmiDateTime messageTime, OptionalLong serialNumber, Topic topic, State state,
        UserParameters userParameters) {

    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the serial number is negative
     */
    public StateMessage {
        Objects.requireNonNull(messageTime, "messageTime");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(userParameters, "userParameters");
        if (serialNumber.isPresent() && serialNumber.getAsLong() < 0) {
            throw new IllegalArgumentException("serialNumber must not be negative: " + serialNumber.getAsLong());
        }
    }
}
