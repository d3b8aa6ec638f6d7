package io.acu.contracts;

/**
 * How many clients of a rollout reported one failure code in one state, e.g. {@code 0x80070643} (Fatal error
 * during installation) in state 4 of topic type 2001 for 12 clients: what an operator reads first when a gate
 * trips.
 *
 * @param errorCode the error code as clients report it, hex, e.g. {@code 0x80070643}
 * @param name the code's meaning, e.g. {@code Fatal error during installation}; null when acu does not know it
 * @param topicType the Topic Type of the state messages that reported it, e.g. 800 (client deployment) or 2001
 *     (Endpoint Protection client deployment)
 * @param stateId the State ID of those messages within the topic type, e.g. 4 (installation failed) for 2001
 * @param clients the number of distinct clients that reported this code in this state
 */
public record ErrorCodeCount(
        String errorCode,
        @Nullable String name,
        int topicType,
        int stateId,
        long clients) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if the error code is null
     * @throws IllegalArgumentException if the error code is blank or the count is negative
     */
    public ErrorCodeCount {
        Checks.text(errorCode, "errorCode");
        Checks.notNegative(clients, "clients");
    }
}
