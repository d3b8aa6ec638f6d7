package io.acu.formats.statemessage;

/**
 * A state message's {@code <State>}.
 *
 * @param id the state ID within the topic type, e.g. 400 (client deployment succeeded) for topic 800
 * @param criticality the client's criticality value, 0 for routine messages
 */
public record State(int id, int criticality) {
}
