package io.acu.formats.statemessage;

import java.util.Objects;

/**
 * A state message's {@code <Topic>}: the thing the state is about.
 *
 * @param id the topic ID, e.g. a GUID in braces for a deployment or an EP agent
 * @param type the topic type, e.g. 800 client deployment, 2001 Endpoint Protection client
 *     deployment (see {@link io.acu.formats.catalogue.StateCatalogue})
 * @param idType how to interpret {@code id}; 0 in the messages acu handles
 * @param user the user name the message concerns, empty for machine messages
 * @param userSid that user's SID, empty for machine messages
 */
public record Topic(String id, int type, int idType, String user, String userSid) {

    /** @throws NullPointerException if a string component is null (use empty strings) */
    public Topic {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(userSid, "userSid");
    }
}
