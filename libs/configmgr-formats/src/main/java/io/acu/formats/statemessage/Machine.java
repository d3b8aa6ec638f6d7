package io.acu.formats.statemessage;

import io.acu.formats.Version;
import java.util.Objects;

/**
 * The sending client, {@code <Identification><Machine>} of a report header.
 *
 * @param clientInstalled whether the ConfigMgr client is installed ({@code 1}/{@code 0});
 *     {@code false} in fallback status point messages sent during a first install
 * @param clientType ConfigMgr client type, {@code 1} for a full Windows client
 * @param clientId the SMS unique identifier, e.g. {@code GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42}
 * @param clientVersion the installed client version, original text kept
 * @param netBiosName the computer's NetBIOS name
 * @param codePage the client's ANSI code page, e.g. 437
 * @param systemDefaultLcid the system default locale ID, e.g. 1033 (en-US)
 * @param priority the report's priority as the client set it
 */
public record Machine(boolean clientInstalled, int clientType, String clientId, Version clientVersion,
        String netBiosName, int codePage, int systemDefaultLcid, int priority) {

    /** @throws NullPointerException if a reference component is null */
    public Machine {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientVersion, "clientVersion");
        Objects.requireNonNull(netBiosName, "netBiosName");
    }
}
