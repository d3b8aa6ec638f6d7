package io.acu.manifestbuilder.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.contracts.ClientUpgradePolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientUpgradeSettingsTest {

    private static final String CLIENT_A = "GUID:0C7D1E2F-3A4B-4C5D-8E6F-7A8B9C0D1E2F";
    private static final String CLIENT_B = "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42";

    @Test
    void clientIdsAreUpperCasedDeduplicatedAndSorted() {
        ClientUpgradeSettings settings = new ClientUpgradeSettings(true, 7,
                List.of(CLIENT_B.toLowerCase(Locale.ROOT), CLIENT_A, CLIENT_B, "Guid:0c7d1e2f-3A4B-4c5d-8E6F-7a8b9c0d1e2f"), false);

        assertThat(settings.excludedClientIds()).containsExactly(CLIENT_A, CLIENT_B);
        assertThat(settings.policy()).isEqualTo(new ClientUpgradePolicy(true, 7, List.of(CLIENT_A, CLIENT_B), false));
    }

    @Test
    void theDurationIsOneToThirtyOneDays() {
        assertThat(new ClientUpgradeSettings(false, 1, List.of(), true).policy())
                .isEqualTo(new ClientUpgradePolicy(false, 1, List.of(), true));
        assertThat(new ClientUpgradeSettings(true, 31, List.of(), false).advertisementDurationDays()).isEqualTo(31);
        assertThatThrownBy(() -> new ClientUpgradeSettings(true, 0, List.of(), false))
                .isInstanceOf(InvalidClientUpgradeSettingsException.class)
                .hasMessage("advertisementDurationDays must be between 1 and 31, was 0");
        assertThatThrownBy(() -> new ClientUpgradeSettings(true, 32, List.of(), false))
                .hasMessage("advertisementDurationDays must be between 1 and 31, was 32");
        assertThatThrownBy(() -> new ClientUpgradeSettings(true, -7, List.of(), false))
                .hasMessage("advertisementDurationDays must be between 1 and 31, was -7");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42", // no GUID: prefix
        "GUID:{5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42}", // braces
        "GUID:5B1E0C3A9F4D4C618E2B7A0D3C9E1F42", // no hyphens
        "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F4", // one digit short
        "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42A", // one digit long
        "GUID:5B1E0C3G-9F4D-4C61-8E2B-7A0D3C9E1F42", // not hex
        " GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42", // leading space
        "GUID: 5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42",
        "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42,GUID:0C7D1E2F-3A4B-4C5D-8E6F-7A8B9C0D1E2F", // two in one
        ""
    })
    void refusesWhatIsNotAClientId(String clientId) {
        assertThatThrownBy(() -> new ClientUpgradeSettings(true, 7, List.of(CLIENT_A, clientId), false))
                .isInstanceOf(InvalidClientUpgradeSettingsException.class)
                .hasMessageStartingWith("excludedClientIds[1] '")
                .hasMessageEndingWith("' is not a client ID; expected GUID:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hex digits)");
    }

    @Test
    void refusesAMissingListANullIdAndShowsControlCharactersSafely() {
        assertThatThrownBy(() -> new ClientUpgradeSettings(true, 7, null, false)).hasMessage("excludedClientIds is required ([] for none)");
        assertThatThrownBy(() -> new ClientUpgradeSettings(true, 7, Arrays.asList(CLIENT_A, null), false))
                .hasMessage("excludedClientIds[1] is null");
        assertThatThrownBy(() -> new ClientUpgradeSettings(true, 7, List.of("GUID:\n" + "A".repeat(100)), false))
                .hasMessageStartingWith("excludedClientIds[0] 'GUID:?AAAA").hasMessageContaining("A...' is not a client ID");
    }

    @Test
    void holdsAtMostOneHundredThousandDistinctIds() {
        List<String> ids = ids(100_000);
        // Duplicates do not count: 100,000 distinct IDs sent with repeats are accepted.
        List<String> withRepeats = new ArrayList<>(ids);
        withRepeats.addAll(ids.subList(0, 10));
        ClientUpgradeSettings full = new ClientUpgradeSettings(true, 7, withRepeats, false);
        assertThat(full.excludedClientIds()).hasSize(100_000).startsWith(ids.get(0)).endsWith(ids.get(99_999));

        List<String> tooMany = ids(100_001);
        assertThatThrownBy(() -> new ClientUpgradeSettings(true, 7, tooMany, false))
                .isInstanceOf(InvalidClientUpgradeSettingsException.class)
                .hasMessage("excludedClientIds holds more than 100000 distinct client IDs");
    }

    @Test
    void theListIsCopied() {
        List<String> ids = new ArrayList<>(List.of(CLIENT_A));
        ClientUpgradeSettings settings = new ClientUpgradeSettings(true, 7, ids, false);
        ids.add(CLIENT_B);
        assertThat(settings.excludedClientIds()).containsExactly(CLIENT_A);
        assertThatThrownBy(() -> settings.excludedClientIds().add(CLIENT_B)).isInstanceOf(UnsupportedOperationException.class);
    }

    /** {@code count} distinct client IDs in ascending order. */
    static List<String> ids(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(String.format(Locale.ROOT, "GUID:00000000-0000-4000-8000-%012X", i));
        }
        return ids;
    }
}
