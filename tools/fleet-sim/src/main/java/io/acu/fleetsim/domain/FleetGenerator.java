package io.acu.fleetsim.domain;

import io.acu.formats.Version;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Generates a reproducible fleet: the same {@link FleetSpec} always gives the same clients, IDs,
 * boundary groups and maintenance windows.
 */
public final class FleetGenerator {

    private FleetGenerator() {
    }

    /**
     * What fleet to generate.
     *
     * @param clients how many clients, at least 1
     * @param seed the random seed
     * @param boundaryGroups the boundary groups clients are spread over (uniformly at random), at least one
     * @param shareWithMaintenanceWindow fraction 0..1 of clients that have a nightly maintenance window
     *     (starting on the hour between 20:00 and 03:00 UTC, 4 hours long); the rest have none
     * @param clientVersion installed client version of every client
     * @param scepVersion installed Endpoint Protection agent version of every client
     */
    public record FleetSpec(int clients, long seed, List<String> boundaryGroups, double shareWithMaintenanceWindow, Version clientVersion,
            Version scepVersion) {

        /** @throws IllegalArgumentException for no clients, no boundary groups or a share outside 0..1 */
        public FleetSpec {
            if (clients < 1) {
                throw new IllegalArgumentException("a fleet has at least one client, was " + clients);
            }
            if (boundaryGroups == null || boundaryGroups.isEmpty()) {
                throw new IllegalArgumentException("at least one boundary group is needed");
            }
            if (!(shareWithMaintenanceWindow >= 0 && shareWithMaintenanceWindow <= 1)) {
                throw new IllegalArgumentException("shareWithMaintenanceWindow is a fraction 0..1, was " + shareWithMaintenanceWindow);
            }
            boundaryGroups = List.copyOf(boundaryGroups);
        }
    }

    /** @return the fleet, index order */
    public static List<SimulatedClient> generate(FleetSpec spec) {
        List<SimulatedClient> fleet = new ArrayList<>(spec.clients());
        for (int i = 0; i < spec.clients(); i++) {
            SplittableRandom random = clientRandom(spec.seed(), i);
            UUID id = new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
            String boundaryGroup = spec.boundaryGroups().get(random.nextInt(spec.boundaryGroups().size()));
            List<MaintenanceWindow> windows = random.nextDouble() < spec.shareWithMaintenanceWindow()
                    ? List.of(MaintenanceWindow.daily(LocalTime.of((20 + random.nextInt(8)) % 24, 0), Duration.ofHours(4)))
                    : List.of();
            fleet.add(new SimulatedClient(i, "GUID:" + id.toString().toUpperCase(java.util.Locale.ROOT), String.format("WKS-%05d", i + 1),
                    boundaryGroup, spec.clientVersion(), spec.scepVersion(), windows));
        }
        return fleet;
    }

    /**
     * The random source of client {@code index} in a fleet seeded with {@code seed}: independent of
     * fleet size and of other clients, so a client behaves the same in a run of 200 or of 100,000.
     */
    public static SplittableRandom clientRandom(long seed, int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    }
}
