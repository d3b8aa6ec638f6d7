package io.acu.rollout.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ConfigMgr client IDs (SMS unique identifiers): {@code GUID:} and a hyphenated GUID, e.g.
 * {@code GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42}. They compare case-insensitively, so acu keeps them upper-case.
 */
public final class ClientIds {

    private static final Pattern CLIENT_ID = Pattern.compile(
            "GUID:[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}", Pattern.CASE_INSENSITIVE);

    private ClientIds() {
    }

    /**
     * The canonical (upper-case) form of a client ID.
     *
     * @param text the ID as sent, any case
     * @return the ID upper-case, or empty when {@code text} is null or not a client ID
     */
    public static Optional<String> canonical(String text) {
        if (text == null || !CLIENT_ID.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(text.toUpperCase(Locale.ROOT));
    }

    /**
     * The canonical form of a client ID that must be valid.
     *
     * @param text the ID as sent
     * @param field the field it came from, for the error, e.g. {@code excludedClientIds[3]}
     * @return the ID upper-case
     * @throws IllegalArgumentException naming the field and the expected form
     */
    public static String require(String text, String field) {
        return canonical(text).orElseThrow(() -> new IllegalArgumentException(field + " "
                + (text == null ? "is null" : "'" + GateCriteria.shown(text) + "' is not a client ID")
                + "; expected GUID:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hex digits)"));
    }
}
