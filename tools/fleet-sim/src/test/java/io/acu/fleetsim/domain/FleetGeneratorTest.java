package io.acu.fleetsim.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.formats.Version;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetGeneratorTest {

    private static FleetGenerator.FleetSpec spec(int clients, long seed) {
        return new FleetGenerator.FleetSpec(clients, seed, List.of("BG-HQ", "BG-BRANCH"), 0.7, Version.parse("5.00.7804.1000"),
                Version.parse("4.2.223.1"));
    }

    @Test
    void sameSeedSameFleetAndAClientDoesNotDependOnFleetSize() {
        List<SimulatedClient> small = FleetGenerator.generate(spec(200, 2026));
        List<SimulatedClient> large = FleetGenerator.generate(spec(2_000, 2026));
        assertThat(FleetGenerator.generate(spec(200, 2026))).isEqualTo(small);
        assertThat(large.subList(0, 200)).isEqualTo(small);
        assertThat(FleetGenerator.generate(spec(200, 2027)).get(0).clientId()).isNotEqualTo(small.get(0).clientId());
    }

    @Test
    void clientsHaveUniqueConfigMgrIdsNamesAndSpreadOverBoundaryGroups() {
        List<SimulatedClient> fleet = FleetGenerator.generate(spec(2_000, 7));
        assertThat(fleet).extracting(SimulatedClient::clientId).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("GUID:[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}"));
        assertThat(fleet.get(0).netbiosName()).isEqualTo("WKS-00001");
        assertThat(fleet.get(1_999).netbiosName()).isEqualTo("WKS-02000");
        Map<String, Long> perGroup = fleet.stream().collect(Collectors.groupingBy(SimulatedClient::boundaryGroup, Collectors.counting()));
        assertThat(perGroup.get("BG-HQ")).isBetween(900L, 1_100L);
        long withWindows = fleet.stream().filter(c -> !c.maintenanceWindows().isEmpty()).count();
        assertThat(withWindows).isBetween(1_300L, 1_500L);
        assertThat(fleet).extracting(SimulatedClient::scepVersion).map(Function.identity()).containsOnly(Version.parse("4.2.223.1"));
    }

    @Test
    void badSpecsAreRefused() {
        assertThatThrownBy(() -> spec(0, 1)).hasMessageContaining("at least one client");
        assertThatThrownBy(() -> new FleetGenerator.FleetSpec(1, 1, List.of(), 0, Version.parse("1"), Version.parse("1")))
                .hasMessageContaining("boundary group");
    }
}
