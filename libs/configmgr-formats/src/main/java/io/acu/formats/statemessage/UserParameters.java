package io.acu.formats.statemessage;

import java.util.List;

/**
 * A state message's {@code <UserParameters Flags=".." Count="..">} with its {@code <Param>}
 * insert strings, e.g. the client version, {@code Deployment} and the content source for FSP
 * state 400. {@code Count} is not stored: it is {@link #count()}, the number of params.
 *
 * @param flags the {@code Flags} value as sent
 * @param params the parameters in order, as written (whitespace kept)
 */
public record UserParameters(int flags, List<String> params) {

    /** No flags, no parameters. */
    public static final UserParameters NONE = new UserParameters(0, List.of());

    /** Copies {@code params}. */
    public UserParameters {
        params = List.copyOf(params);
    }

    /** The number of parameters, written as {@code Count}. */
    public int count() {
        return params.size();
    }
}
