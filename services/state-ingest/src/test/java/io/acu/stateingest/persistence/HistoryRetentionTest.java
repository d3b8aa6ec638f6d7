package io.acu.stateingest.persistence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.contracts.ReportedStateMessage;
import io.acu.contracts.Topics;
import io.acu.formats.catalogue.StateCatalogue;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.stateingest.domain.StateMessageRecord;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * History retention, by moving the clock: state_message's day partitions are created ahead, rows waiting in DEFAULT
 * move into a new day's partition, whole days older than the retention (90 days) are dropped and DEFAULT's old rows
 * deleted, and nothing else goes: current states, the ops counts, the first-reached times and the retained history
 * stay; a duplicate stays a duplicate across partitions. Its own profile, so it has the database to itself (rounds
 * drop every partition older than their horizon, whoever wrote it).
 */
@QuarkusTest
@TestProfile(HistoryRetentionTest.OwnDatabase.class)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class HistoryRetentionTest {

    /** A restart with fresh test resources; the scheduled rounds stay off (%test), the test runs them. */
    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("acu.history.retention", "P90D", "acu.history.partitions-ahead", "7");
        }
    }

    private static final StateCatalogue CATALOGUE = StateCatalogue.standard();
    private static final String DEPLOYMENT_TOPIC_ID = "{1FFD119F-4ED5-4C9A-9765-CAACE1E26FD7}";
    private static final String EP_TOPIC_ID = "{9BCF7827-E04F-4C3A-8D8C-B943316A2D7F}";
    private static final String ALICE = "GUID:A11CE000-0000-4000-8000-000000000001";
    private static final String BOB = "GUID:B0B00000-0000-4000-8000-000000000002";
    private static final String CAROL = "GUID:CA201000-0000-4000-8000-000000000003";

    @Inject
    HistoryRetention retention;
    @Inject
    StateMessageStore store;

    @Test
    void oldDaysAreDroppedAndNothingElseIsLost() throws Exception {
        // 2001-01-01: the days ahead get their partitions.
        HistoryRetention.Round first = retention.maintain(Instant.parse("2001-01-01T00:00:00Z")).await().atMost(Duration.ofSeconds(30));
        assertThat(first.ran()).isTrue();
        assertThat(first.created()).containsExactly("state_message_p20010101", "state_message_p20010102", "state_message_p20010103",
                "state_message_p20010104", "state_message_p20010105", "state_message_p20010106", "state_message_p20010107",
                "state_message_p20010108");
        assertThat(retention.maintain(Instant.parse("2001-01-01T06:00:00Z")).await().atMost(Duration.ofSeconds(30)).created()).isEmpty();

        // Alice: installing on 2 January, succeeded on 5 January (day partitions). Bob: one message of 20 December 2000,
        // before any partition (DEFAULT). Carol: 800/100 on 20 March (no partition yet: DEFAULT), 800/400 on 10 April.
        StateMessageRecord aliceInstalling = record(ALICE, 800, DEPLOYMENT_TOPIC_ID, 100, "2001-01-02T08:00:00Z", null);
        StateMessageRecord aliceSucceeded = record(ALICE, 800, DEPLOYMENT_TOPIC_ID, 400, "2001-01-05T09:30:00Z", null);
        StateMessageRecord aliceEp = record(ALICE, 2001, EP_TOPIC_ID, 3, "2001-01-05T10:00:00Z", 7L);
        StateMessageRecord bobInstalling = record(BOB, 800, DEPLOYMENT_TOPIC_ID, 100, "2000-12-20T10:00:00Z", null);
        StateMessageRecord carolInstalling = record(CAROL, 800, DEPLOYMENT_TOPIC_ID, 100, "2001-03-20T12:00:00Z", null);
        StateMessageRecord carolSucceeded = record(CAROL, 800, DEPLOYMENT_TOPIC_ID, 400, "2001-04-10T12:00:00Z", null);
        StateMessageRecord carolEp = record(CAROL, 2001, EP_TOPIC_ID, 3, "2001-03-20T13:00:00Z", 41L);
        assertThat(store.write(List.of(aliceInstalling, aliceSucceeded, aliceEp, bobInstalling, carolInstalling, carolEp))
                .await().atMost(Duration.ofSeconds(30)).inserted()).isEqualTo(6);
        assertThat(partitionOf(ALICE)).containsExactly("state_message_p20010102", "state_message_p20010105", "state_message_p20010105");
        assertThat(partitionOf(BOB)).containsExactly("state_message_default");
        assertThat(partitionOf(CAROL)).containsExactly("state_message_default", "state_message_default");

        // 20 March: that day's partition takes Carol's two rows out of DEFAULT; 10 April's partition is made ahead.
        HistoryRetention.Round march = retention.maintain(Instant.parse("2001-03-20T00:00:00Z")).await().atMost(Duration.ofSeconds(30));
        assertThat(march.created()).hasSize(8).contains("state_message_p20010320");
        assertThat(march.dropped()).isEmpty();
        assertThat(march.pruned()).isZero();
        assertThat(partitionOf(CAROL)).containsExactly("state_message_p20010320", "state_message_p20010320");
        assertThat(store.write(List.of(carolSucceeded)).await().atMost(Duration.ofSeconds(30)).inserted()).isEqualTo(1);
        assertThat(partitionOf(CAROL)).containsExactly("state_message_p20010320", "state_message_p20010320", "state_message_default");
        List<String> currentBefore = rows("SELECT client_id, topic_type, state_id, message_time FROM state_ingest.client_state ORDER BY 1, 2");
        List<String> countsBefore = rows("SELECT topic_type, state_id, clients FROM state_ingest.client_state_count WHERE clients <> 0 ORDER BY 1, 2");
        List<String> firstReachedBefore = rows("SELECT topic_type, state_id, client_id, first_time FROM state_ingest.client_first_reached ORDER BY 1, 2, 3");
        List<String> firstCountsBefore = rows("SELECT topic_type, state_id, minute, clients FROM state_ingest.first_reached_count WHERE clients <> 0 ORDER BY 1, 2, 3");
        assertThat(currentBefore).hasSize(5);
        assertThat(firstReachedBefore).hasSize(4);

        // 7 April: 90 days back is 7 January, 00:00 UTC: the partitions of 1 to 6 January go, with Alice's history,
        // and Bob's row in DEFAULT is deleted. Carol's history stays, her 10 April row moved into its new partition.
        HistoryRetention.Round april = retention.maintain(Instant.parse("2001-04-07T00:00:00Z")).await().atMost(Duration.ofSeconds(30));
        assertThat(april.created()).hasSize(8).contains("state_message_p20010410");
        assertThat(april.dropped()).containsExactly("state_message_p20010101", "state_message_p20010102", "state_message_p20010103",
                "state_message_p20010104", "state_message_p20010105", "state_message_p20010106");
        assertThat(april.pruned()).isEqualTo(1);
        assertThat(partitionOf(ALICE)).isEmpty();
        assertThat(partitionOf(BOB)).isEmpty();
        assertThat(partitionOf(CAROL)).containsExactly("state_message_p20010320", "state_message_p20010320", "state_message_p20010410");
        assertThat(rows("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'state_ingest.state_message'::regclass AND c.relname <> 'state_message_default' ORDER BY 1").get(0)).isEqualTo("state_message_p20010107");

        // Nothing but history went: current states, the ops counts and the first-reached times are as they were.
        assertThat(rows("SELECT client_id, topic_type, state_id, message_time FROM state_ingest.client_state ORDER BY 1, 2")).isEqualTo(currentBefore);
        assertThat(rows("SELECT topic_type, state_id, clients FROM state_ingest.client_state_count WHERE clients <> 0 ORDER BY 1, 2"))
                .isEqualTo(countsBefore);
        assertThat(rows("SELECT topic_type, state_id, client_id, first_time FROM state_ingest.client_first_reached ORDER BY 1, 2, 3"))
                .isEqualTo(firstReachedBefore);
        assertThat(rows("SELECT topic_type, state_id, minute, clients FROM state_ingest.first_reached_count WHERE clients <> 0 ORDER BY 1, 2, 3"))
                .isEqualTo(firstCountsBefore);
        // The client API: Alice's current states with an empty history, Carol's retained history.
        given().get("/api/clients/" + ALICE).then().statusCode(200)
                .body("current.size()", org.hamcrest.Matchers.is(2)).body("history.size()", org.hamcrest.Matchers.is(0));
        given().get("/api/clients/" + CAROL).then().statusCode(200).body("history.stateId", org.hamcrest.Matchers.contains(100, 3, 400));

        // Duplicates across partitions: Carol's messages again (the same events, and her EP message as a new event with
        // the same SerialNumber) store nothing. Alice's dropped message re-delivered lands in DEFAULT, moves no count,
        // and the next round deletes it.
        StateMessageRecord carolEpResent = StateMessageRecord.of(UUID.randomUUID(), carolEp.sourceTopic(), carolEp.message(),
                carolEp.receivedAt().plusSeconds(60), carolEp.remoteAddress(), CATALOGUE);
        assertThat(store.write(List.of(carolInstalling, carolSucceeded, carolEp, carolEpResent)).await().atMost(Duration.ofSeconds(30)).inserted())
                .isZero();
        StateMessageStore.Written redelivered = store.write(List.of(aliceSucceeded)).await().atMost(Duration.ofSeconds(30));
        assertThat(redelivered.inserted()).isEqualTo(1);
        assertThat(redelivered.currentUpdated()).isZero();
        assertThat(partitionOf(ALICE)).containsExactly("state_message_default");
        assertThat(rows("SELECT topic_type, state_id, clients FROM state_ingest.client_state_count WHERE clients <> 0 ORDER BY 1, 2"))
                .isEqualTo(countsBefore);
        assertThat(rows("SELECT topic_type, state_id, minute, clients FROM state_ingest.first_reached_count WHERE clients <> 0 ORDER BY 1, 2, 3"))
                .isEqualTo(firstCountsBefore);
        assertThat(retention.maintain(Instant.parse("2001-04-07T01:00:00Z")).await().atMost(Duration.ofSeconds(30)).pruned()).isEqualTo(1);
        assertThat(partitionOf(ALICE)).isEmpty();
    }

    @Test
    void retentionSettingsAreCheckedByName() {
        assertThat(HistoryRetention.parseRetention("P90D")).contains(Duration.ofDays(90));
        assertThat(HistoryRetention.parseRetention("none")).isEmpty();
        assertThatThrownBy(() -> HistoryRetention.parseRetention("90 days")).hasMessageContaining("acu.history.retention")
                .hasMessageContaining("P90D");
        assertThatThrownBy(() -> HistoryRetention.parseRetention("PT12H")).hasMessageContaining("at least one day");
    }

    private static StateMessageRecord record(String clientId, int topicType, String topicId, int stateId, String time, Long serial) {
        Instant at = Instant.parse(time);
        String stateName = CATALOGUE.stateName(topicType, stateId).orElse(null);
        String wmi = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSSSS").withZone(ZoneOffset.UTC).format(at) + "+000";
        List<String> parameters = topicType == 800 ? List.of("5.0.7804.1000", "Deployment") : List.of("4.3.215.0", "0x00000000");
        ReportedStateMessage message = new ReportedStateMessage(clientId, "WKS-RETAIN", "5.00.7804.1000", topicType, topicId, 0, stateId,
                stateName, stateName != null, 0, at, wmi, serial, parameters, topicType == 800 ? null : parameters.get(1));
        String topic = topicType == 800 ? Topics.FSP_MESSAGES : Topics.CLIENT_STATE_MESSAGES;
        return StateMessageRecord.of(UUID.randomUUID(), topic, message, at.plusSeconds(5), "192.0.2.10", CATALOGUE);
    }

    /** @return the partition holding each of the client's history rows, by MessageTime */
    private static List<String> partitionOf(String clientId) throws Exception {
        return rows("SELECT tableoid::regclass::text FROM state_ingest.state_message WHERE client_id = '" + clientId + "' ORDER BY message_time")
                .stream().map(name -> name.replace("state_ingest.", "")).toList();
    }

    /** @return each row's columns joined by {@code |} */
    private static List<String> rows(String sql) throws Exception {
        var config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
             ResultSet result = connection.createStatement().executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    row.append(c > 1 ? "|" : "").append(result.getString(c));
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }
}
