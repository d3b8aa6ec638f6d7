package io.acu.fleetsim.domain;

import io.acu.formats.Version;
import java.util.List;
import java.util.Objects;

/**
 * One simulated ConfigMgr client as the site knows it.
 *
 * @param index position in the fleet, 0-based (also the seed offset of its random source)
 * @param clientId the SMS client ID, {@code GUID:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}
 * @param netbiosName the computer name, e.g. {@code WKS-00001}
 * @param boundaryGroup the boundary group it belongs to (selects its distribution point)
 * @param clientVersion installed ConfigMgr client version, e.g. {@code 5.00.7804.1000}
 * @param scepVersion installed Endpoint Protection agent version, e.g. {@code 4.2.223.1}
 * @param maintenanceWindows its maintenance windows; empty means it may install at any time
 */
public record SimulatedClient(int index, String clientId, String netbiosName, String boundaryGroup, Version clientVersion,
        Version scepVersion, List<MaintenanceWindow> maintenanceWindows) {

    /** @throws NullPointerException for a missing part */
    public SimulatedClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(netbiosName, "netbiosName");
        Objects.requireNonNull(boundaryGroup, "boundaryGroup");
        Objects.requireNonNull(clientVersion, "clientVersion");
        Objects.requireNonNull(scepVersion, "scepVersion");
        maintenanceWindows = List.copyOf(maintenanceWindows);
    }
}
