package io.acu.launcher.load;

import java.util.Objects;

/**
 * One state message a client sends in a wave, identified as the audit counts it: by client and topic type (a
 * simulated client sends at most one message per topic type in a wave — its fallback status point message, 800, and
 * its Endpoint Protection deployment message, 2001).
 *
 * @param clientId the SMS unique identifier, e.g. {@code GUID:5B1E…}
 * @param topicType the state message topic type, e.g. 800 or 2001
 */
public record MessageKey(String clientId, int topicType) {

    /** @throws NullPointerException without a client ID */
    public MessageKey {
        Objects.requireNonNull(clientId, "clientId");
    }
}
