package io.acu.formats.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StateCatalogueTest {

    private final StateCatalogue catalogue = StateCatalogue.standard();

    @Test
    void namesTheTopics() {
        assertThat(catalogue.topicName(StateCatalogue.TOPIC_CLIENT_DEPLOYMENT)).contains("Client deployment");
        assertThat(catalogue.topicName(StateCatalogue.TOPIC_EP_CLIENT_DEPLOYMENT)).contains("Endpoint Protection client deployment");
        assertThat(catalogue.topicName(StateCatalogue.TOPIC_EP_POLICY_APPLICATION)).contains("Endpoint Protection policy application");
        assertThat(catalogue.topicTypes()).containsExactly(800, 2001, 2002);
        assertThat(catalogue.isKnownTopic(800)).isTrue();
        assertThat(catalogue.isKnownTopic(801)).isFalse();
        assertThat(catalogue.topicName(402)).isEmpty();
        assertThat(catalogue).isSameAs(StateCatalogue.standard());
    }

    @ParameterizedTest(name = "{0}/{1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            800  | 100 | Client deployment started
            800  | 104 | Skipped
            800  | 311 | Cannot verify that a file is Microsoft-signed
            800  | 313 | client.msi returned an MSI error
            800  | 318 | Management point / client version mismatch
            800  | 325 | Prerequisite hash mismatch
            800  | 329 | Metered network
            800  | 400 | Client deployment succeeded
            800  | 401 | Succeeded, reboot required
            800  | 500 | Client assignment started
            800  | 700 | Client assignment succeeded
            2001 | 1   | Unmanaged
            2001 | 2   | Waiting for install (to be installed)
            2001 | 3   | Managed (EP client installed)
            2001 | 7   | Co-managed
            2002 | 0   | Unknown
            2002 | 1   | Succeeded
            2002 | 2   | Failed
            """)
    void namesStatesVerbatim(int topicType, int stateId, String name) {
        assertThat(catalogue.stateName(topicType, stateId)).contains(name);
    }

    @Test
    void expandsTheAssignmentFailureRange() {
        IntStream.rangeClosed(601, 609).forEach(id ->
                assertThat(catalogue.stateName(800, id)).as("800/%d", id).contains("Client assignment failure"));
        assertThat(catalogue.stateName(800, 600)).isEmpty();
        assertThat(catalogue.stateName(800, 610)).isEmpty();
    }

    @Test
    void unknownStatesAreEmpty() {
        assertThat(catalogue.stateName(800, 323)).isEmpty();
        assertThat(catalogue.stateName(2001, 0)).isEmpty();
        assertThat(catalogue.stateName(9999, 1)).isEmpty();
        assertThat(catalogue.states(9999)).isEmpty();
    }

    @Test
    void listsTheStatesOfATopicInOrder() {
        assertThat(catalogue.states(2001)).hasSize(7).containsKeys(1, 2, 3, 4, 5, 6, 7);
        assertThat(catalogue.states(800)).hasSize(34 + 8); // 34 rows, the 601-609 range adding 8 more
        assertThat(java.util.List.copyOf(catalogue.states(800).keySet())).isSorted();
    }
}
